"""The group page: the board (sanitised markdown, who removes what, members told once), reporting a problem
(coordinators told without the words), the problems page, and a fixed number of queries."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from huddle.accounts.models import User
from huddle.audit.models import AuditEvent
from huddle.groups.membership.services import membership_join, membership_request
from huddle.groups.models import Post, ProblemReport, StudyGroup
from huddle.groups.page.services import post_create, problem_report_create
from huddle.notifications.models import Notification
from tests.groups.factories import make_group, make_student
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_of(group: StudyGroup) -> str:
    return reverse("groups:group", args=[group.pk])


def test_a_post_is_rendered_as_markdown_and_a_script_never_reaches_the_page(people: Personas) -> None:
    group = make_group(people.ms3, members=1)
    client = signed_in(people.ms3)
    body = "**Renal** cases\n\n<script>alert('x')</script>\n\n[evil](javascript:alert(1)) <img src=x onerror=alert(1)>"
    response = client.post(reverse("groups:post", args=[group.pk]), {"body": body, "link": "https://notes.example.edu"})
    assert response.status_code == 302
    page = client.get(page_of(group)).content.decode()
    assert "<strong>Renal</strong>" in page
    # Raw HTML stays text and an unsafe link stays unlinked: nothing runs.
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page and "<img" not in page
    assert 'href="https://notes.example.edu"' in page


def test_members_are_told_of_a_post_once_and_the_author_is_not(
    people: Personas, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    group = make_group(people.ms3, members=2)
    with django_capture_on_commit_callbacks(execute=True):
        post = post_create(author=people.ms3, group=group, body="Tuesday: cases 1–10")
    told = Notification.objects.filter(kind="groups.post")
    assert told.count() == 2 and not told.filter(user=people.ms3).exists()
    assert all(n.url.endswith(f"#post-{post.pk}") for n in told)


def test_a_bad_post_is_refused_on_its_field(people: Personas) -> None:
    group = make_group(people.ms3)
    client = signed_in(people.ms3)
    empty = client.post(reverse("groups:post", args=[group.pk]), {"body": "   "})
    assert empty.status_code == 400 and empty.context["post_form"].errors["body"]
    link = client.post(reverse("groups:post", args=[group.pk]), {"body": "hi", "link": "ftp://x"})
    assert link.status_code == 400
    assert link.context["post_form"].errors["link"] == ["Give a full link such as https://example.edu/notes."]
    assert not Post.objects.exists()


def test_only_members_post_and_outsiders_do_not_see_the_board(people: Personas) -> None:
    group = make_group(people.ms3)
    post_create(author=people.ms3, group=group, body="Members only notes")
    outsider = signed_in(people.ms1)
    assert outsider.post(reverse("groups:post", args=[group.pk]), {"body": "hello"}).status_code == 403
    assert "Members only notes" not in outsider.get(page_of(group)).content.decode()


def test_authors_remove_their_own_posts_and_organisers_remove_any(people: Personas) -> None:
    group = make_group(people.ms3, members=2)
    first, second = (m.person for m in group.memberships.filter(role="member").order_by("joined_at", "pk"))
    theirs = post_create(author=first, group=group, body="first's post")
    mine = post_create(author=second, group=group, body="second's post")
    assert signed_in(second).post(reverse("groups:post_remove", args=[theirs.pk])).status_code == 403
    assert signed_in(second).post(reverse("groups:post_remove", args=[mine.pk])).status_code == 302
    assert signed_in(people.ms3).post(reverse("groups:post_remove", args=[theirs.pk])).status_code == 302
    assert set(Post.objects.values_list("removed", flat=True)) == {True}
    assert signed_in(people.ms1).post(reverse("groups:post_remove", args=[theirs.pk])).status_code == 404


def test_a_report_reaches_coordinators_without_its_words(
    people: Personas, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    group = make_group(people.ms3, members=1)
    member = group.memberships.get(role="member").person
    client = signed_in(member)
    assert client.get(reverse("groups:report", args=[group.pk])).status_code == 200
    secret = "Sam keeps making comments about my accent"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("groups:report", args=[group.pk]), {"details": secret})
    assert response.status_code == 302
    report = ProblemReport.objects.get()
    assert report.details == secret and report.reporter == member
    told = Notification.objects.get(kind="groups.problem_reported")
    assert told.user == people.coordinator
    assert "accent" not in told.title and "accent" not in told.body
    # Outsiders cannot report; the coordinator reads the report on the problems page.
    assert signed_in(people.ms1).get(reverse("groups:report", args=[group.pk])).status_code == 403
    assert secret in signed_in(people.coordinator).get(reverse("groups:problems")).content.decode()
    assert signed_in(member).get(reverse("groups:problems")).status_code == 403


def test_an_empty_report_is_refused_on_details(people: Personas) -> None:
    group = make_group(people.ms3)
    response = signed_in(people.ms3).post(reverse("groups:report", args=[group.pk]), {"details": ""})
    assert response.status_code == 400 and response.context["form"].errors["details"] == ["Say what happened."]


def test_a_coordinator_resolves_a_report_and_it_is_audited(people: Personas) -> None:
    group = make_group(people.ms3)
    older = problem_report_create(reporter=people.ms3, group=group, details="first")
    report = problem_report_create(reporter=people.ms3, group=group, details="second")
    coordinator = signed_in(people.coordinator)
    url = reverse("groups:problem_resolve", args=[older.pk])
    refused = coordinator.post(url, {"resolution": ""})
    assert refused.status_code == 400 and "Say what was done." in refused.content.decode()
    assert coordinator.post(url, {"resolution": "Talked to both"}).status_code == 302
    older.refresh_from_db()
    assert older.status == "resolved" and older.resolved_by == people.coordinator
    event = AuditEvent.objects.get(action="groups.problem_resolved")
    assert event.detail == {"report": older.pk, "group": group.pk}
    page = coordinator.get(reverse("groups:problems")).content.decode()
    assert page.index(f'id="report-{report.pk}"') < page.index(f'id="report-{older.pk}"')  # open first
    again = coordinator.post(url, {"resolution": "again"})
    assert again.status_code == 400 and "already resolved" in again.content.decode()
    assert signed_in(people.ms3).post(url, {"resolution": "x"}).status_code == 403


# --- Query counts -------------------------------------------------------------------------------------------


def _grow(group: StudyGroup, n: int) -> None:
    """``n`` more members with a post each, and ``n`` requests waiting (the group ends by request, capacity 20)."""
    StudyGroup.objects.filter(pk=group.pk).update(capacity=20, join_policy="open")
    joined = [make_student() for _ in range(n)]
    for person in joined:
        membership_join(person=person, group=group)
    StudyGroup.objects.filter(pk=group.pk).update(join_policy="request")
    group.refresh_from_db()
    for i in range(n):
        membership_request(person=make_student(), group=group, note=f"note {i}")
    for i, person in enumerate(joined):
        post_create(author=person, group=group, body=f"post **{i}**", link="https://example.edu/x")


def _count(django_assert_num_queries: DjangoAssertNumQueries, client: Client, url: str, expected: int) -> None:
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


#: The session, the person, their roles, the unread badge (4, as every page), then the group with its topic and
#: language and the viewer's row (2), the viewer's profile for the zone, the members, the requests (organisers),
#: the board, the next sessions (1) = 11 for the organiser; an outsider skips the requests and the board = 9.
ORGANISER_QUERIES = 11
OUTSIDER_QUERIES = 9
#: The four of every page, the open reports, the resolved ones, the groups without an organiser, the viewer's
#: profile for the zone = 8.
PROBLEMS_QUERIES = 8


@pytest.mark.parametrize("size", [3, 20])
def test_the_group_page_reads_a_fixed_number_of_queries(
    people: Personas, django_assert_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    group = make_group(people.ms3)
    _grow(group, size - 1)
    organiser, outsider = signed_in(people.ms3), signed_in(people.ms1)
    organiser.get(page_of(group))  # the first request of a session also touches the session row
    outsider.get(page_of(group))
    _count(django_assert_num_queries, organiser, page_of(group), ORGANISER_QUERIES)
    _count(django_assert_num_queries, outsider, page_of(group), OUTSIDER_QUERIES)


@pytest.mark.parametrize("size", [3, 30])
def test_the_board_and_requests_read_a_fixed_number_of_queries(
    people: Personas, django_assert_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    """30 posts and 30 requests (the group itself holds at most 20 members)."""
    group = make_group(people.ms3, capacity=5, members=2, join_policy="request")
    authors = [m.person for m in group.memberships.filter(status="active")]
    for i in range(size):
        post_create(author=authors[i % len(authors)], group=group, body=f"post {i}")
        membership_request(person=make_student(), group=group, note=f"note {i}")
    client = signed_in(people.ms3)
    client.get(page_of(group))
    _count(django_assert_num_queries, client, page_of(group), ORGANISER_QUERIES)


@pytest.mark.parametrize("size", [3, 30])
def test_the_problems_page_reads_a_fixed_number_of_queries(
    people: Personas, django_assert_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    for i in range(size):
        group = make_group(make_student(), name=f"Group {i}")
        report = problem_report_create(reporter=group.memberships.get().person, group=group, details=f"report {i}")
        if i % 2:
            ProblemReport.objects.filter(pk=report.pk).update(status="resolved", resolved_by=people.coordinator)
        if i % 3 == 0:
            StudyGroup.objects.filter(pk=group.pk).update(needs_organiser=True)
    client = signed_in(people.coordinator)
    client.get(reverse("groups:problems"))
    _count(django_assert_num_queries, client, reverse("groups:problems"), PROBLEMS_QUERIES)
