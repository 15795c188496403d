"""Every page each role is pointed to passes axe.

Pages are found by following the links on the page itself, so a page added
to the dashboard or the navigation is checked without anyone listing it
here. The coordinator, who holds the most roles, walks every link on the
dashboard and in the navigation; the other roles walk their dashboard's
own links (their versions of those pages differ) plus the pages they all share.
"""

import pytest

from tests.browser.conftest import UI

pytestmark = pytest.mark.browser

# Not pages of ours: the API docs bring their own UI, sign-out is a POST.
_SKIP_PREFIXES = ("/api/", "/admin/", "/accounts/logout/", "/static/", "/media/")
_EVERYONE = ("/", "/notifications/", "/wellbeing/crisis/", "/people/me/", "/people/me/availability/")
_COORDINATOR = ("/audit/", "/people/roster/", "/people/")


def _links(tab: UI, scope: str) -> list[str]:
    hrefs: list[str] = tab.page.eval_on_selector_all(
        f"{scope} a[href]",
        "links => links.filter(a => a.origin === location.origin).map(a => a.pathname + a.search)",
    )
    return [h for h in hrefs if not h.startswith(_SKIP_PREFIXES)]


def _visit_all(tab: UI, paths: list[str]) -> list[str]:
    visited = list(dict.fromkeys(paths))
    for path in visited:
        response = tab.visit(path)
        assert response.status == 200, f"{path} answered {response.status}"
    return visited


def test_it_passes_axe_on_every_page_a_coordinator_reaches(signed_in_page):
    tab = signed_in_page("coordinator")
    visited = _visit_all(tab, [*_EVERYONE, *_COORDINATOR, *_links(tab, "body")])
    assert len(visited) >= 10


@pytest.mark.parametrize("role", ["ms1", "faculty", "wellbeing"])
def test_it_passes_axe_on_the_pages_a_role_is_pointed_to(signed_in_page, role):
    tab = signed_in_page(role)
    _visit_all(tab, [*_EVERYONE, *_links(tab, "main")])


def test_it_passes_axe_on_the_refusal_a_student_gets_from_staff_pages(signed_in_page):
    tab = signed_in_page("ms1")
    for path in ("/audit/", "/people/roster/"):
        response = tab.visit(path)
        assert response.status == 403, f"{path} answered {response.status}"


def test_it_passes_axe_on_the_pages_a_visitor_reaches(ui, taxonomies):
    _visit_all(ui, ["/wellbeing/crisis/", "/accounts/login/", "/accounts/password/reset/"])
    ui.visit("/no-such-page/")


def test_it_shows_the_crisis_page_without_signing_in(ui, taxonomies):
    ui.visit("/wellbeing/crisis/")
    assert ui.page.get_by_role("link", name="988").count() >= 1
    assert ui.page.url.endswith("/wellbeing/crisis/")


def test_it_fails_a_page_with_a_serious_violation(ui, taxonomies):
    ui.page.set_content('<html lang="en"><title>t</title><main><h1>t</h1><img src="/x.png"></main></html>')
    with pytest.raises(AssertionError, match=r"\[critical\] image-alt"):
        ui.audit()


def test_it_notices_a_page_that_was_never_audited(ui, taxonomies):
    ui.page.goto(ui.url("/wellbeing/crisis/"))
    ui.page.goto(ui.url("/accounts/login/"))
    with pytest.raises(AssertionError, match="never audited"):
        ui.check_unaudited()
    ui.audit()
