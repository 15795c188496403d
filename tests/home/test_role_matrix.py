"""Each persona's access to each staff-only page.

The anonymous visitor is covered by ``test_url_access.py``; here every
signed-in role is tried against every page only coordinators may use.
"""

import pytest
from django.urls import reverse

PERSONAS = ["ms1", "ms3", "faculty", "coordinator", "wellbeing"]

#: URL name → the personas who may open it; everyone else gets 403.
STAFF_PAGES = {
    "audit:log": {"coordinator"},
    "accounts:roster_import": {"coordinator"},
    "accounts:topics": {"coordinator"},
}

MATRIX = [(name, role) for name in STAFF_PAGES for role in PERSONAS]


@pytest.mark.parametrize(("name", "role"), MATRIX, ids=[f"{n}-{r}" for n, r in MATRIX])
def test_it_gives_each_role_its_expected_access(client_for, name, role):
    expected = 200 if role in STAFF_PAGES[name] else 403
    response = client_for(role).get(reverse(name))
    assert response.status_code == expected


@pytest.mark.parametrize("role", PERSONAS)
def test_it_shows_coordinator_tools_only_to_coordinators(client_for, role):
    response = client_for(role).get(reverse("home"))
    assert response.status_code == 200
    assert (b"/people/roster/" in response.content) is (role == "coordinator")
    assert (b"Staff tools" in response.content) is (role in ("coordinator", "wellbeing"))
