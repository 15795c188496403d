"""The home page: what each role sees first, at a fixed number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.accounts.models import Role
from huddle.notifications.models import Notification
from tests.personas import make_person

STAFF_LINKS = ["/people/roster/", "/people/topics/", "/audit/"]


def test_it_greets_the_person_by_name(people, client_for):
    assert b"Welcome, Alice Ames" in client_for("ms1").get(reverse("home")).content


def test_it_shows_coordinator_tools_to_a_coordinator(people, client_for):
    content = client_for("coordinator").get(reverse("home")).content.decode()
    assert "Staff tools" in content
    for link in STAFF_LINKS:
        assert f'href="{link}"' in content


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_it_hides_coordinator_tools_from_everyone_else(people, client_for, role):
    content = client_for(role).get(reverse("home")).content.decode()
    assert ("Staff tools" in content) is (role == "wellbeing")
    for link in STAFF_LINKS:
        assert f'href="{link}"' not in content


def test_it_shows_well_being_staff_their_own_card(people, client_for):
    assert b"Well-being staff" in client_for("wellbeing").get(reverse("home")).content
    assert b"Well-being staff" not in client_for("ms1").get(reverse("home")).content


def test_it_asks_a_new_person_to_complete_their_profile(people, client_for):
    content = client_for("ms1").get(reverse("home")).content.decode()
    assert "Complete your profile" in content
    assert "Paint your weekly availability" in content


#: Session, person, roles, profile (next steps); mentoring's next meetings,
#: requests to answer, open cycles and surveys due; the forum's duties and
#: waiting questions; this week's check-in (students); training expiries and
#: workshops; whether the person listens; tutoring bookings soon and sessions
#: to complete (students, one query); the unread badge; and, for a coordinator,
#: open rematch requests, modules to publish and tutor applications to decide.
HOME_QUERIES = {"ms1": 17, "coordinator": 15}


@pytest.mark.parametrize("role", ["ms1", "coordinator"])
def test_it_keeps_the_query_count_flat_as_the_school_grows(people, client_for, django_assert_max_num_queries, role):
    client = client_for(role)
    client.get(reverse("home"))  # the first request of a session checks two-factor once
    with django_assert_max_num_queries(HOME_QUERIES[role]) as small:
        client.get(reverse("home"))
    # Ten times the personas, and a pile of notifications for the viewer.
    for n in range(50):
        make_person(f"extra{n}@school.test", "Extra", f"Person{n}", [Role.STUDENT], 1 + n % 4)
    viewer = people.all()[role]
    Notification.objects.bulk_create(
        [
            Notification(user=viewer, kind="test", title=f"N{n}", read_at=timezone.now() if n % 2 else None)
            for n in range(60)
        ]
    )
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert 'aria-label="30 new"' in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_planned_sections_page_reads_only_what_every_page_reads(people, client_for, django_assert_num_queries):
    """Session, person, roles, the header's unread count: the landing page itself asks nothing."""
    client = client_for("ms1")
    client.get(reverse("home"))  # the first request of a session checks two-factor once
    with django_assert_num_queries(4):
        response = client.get(reverse("section", args=["initiatives"]))
    assert response.status_code == 200
