"""The groups home and Find a group as pages: who sees what, the htmx partial, the tabs, and pinned queries."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from huddle.accounts.models import Profile, User
from huddle.groups.membership.services import membership_request
from huddle.groups.models import GroupSession, Membership, StudyGroup
from huddle.groups.weeks import week_bytes
from tests.groups.factories import evenings, make_group, make_student
from tests.personas import Personas

pytestmark = pytest.mark.django_db

HOME = reverse("groups:home")
FIND = reverse("groups:find")
HTMX = {"HTTP_HX_REQUEST": "true"}


def paint(person: User, week: int, zone: str = "America/New_York") -> None:
    Profile.objects.filter(user=person).update(availability=week_bytes(week), time_zone=zone)


def optional_url(name: str, *args: object) -> str | None:
    """A URL of another concern, None while it is not wired in."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    for url in (HOME, FIND):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_only_get_is_allowed(people: Personas, client_for: Callable[[str], Client]) -> None:
    assert client_for("ms1").post(FIND).status_code == 405
    assert client_for("ms1").post(HOME).status_code == 405


def test_find_shows_a_card_with_places_policy_times_and_shared_hours(
    people: Personas, client_for: Callable[[str], Client]
) -> None:
    paint(people.ms1, evenings(1, 3), zone="Europe/Madrid")
    group = make_group(name="Cardio crew", capacity=6, members=2, join_policy="request")
    response = client_for("ms1").get(FIND)
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("groups:group", args=[group.pk]) in page
    assert "3 of 6 places taken" in page
    assert "By request" in page
    assert "Block exam" in page and "Virtual" in page
    assert "Europe/Madrid" in page
    # Tuesday and Thursday 18:00-20:00 in New York read as midnight to 02:00 on Wednesday and Friday in Madrid
    # (six hours ahead, or five for the weeks the two zones' daylight saving differ).
    assert ("Wednesday 00:00–02:00" in page) or ("Tuesday 23:00–24:00" in page)
    # Madrid's Tuesday and Thursday evenings are New York's early afternoons: nothing shared.
    assert "0 h a week shared with your availability" in page
    assert 'id="availability-notice"' not in page


def test_invite_only_and_archived_groups_never_appear(people: Personas, client_for: Callable[[str], Client]) -> None:
    make_group(name="Secret society", listed=False)
    archived = make_group(name="Old crew")
    StudyGroup.objects.filter(pk=archived.pk).update(status=StudyGroup.Status.ARCHIVED)
    make_group(name="Open crew")
    page = client_for("ms1").get(FIND, {"q": "crew"}).content.decode()
    assert "Open crew" in page and "Old crew" not in page
    assert "Secret society" not in client_for("ms1").get(FIND).content.decode()


def test_filters_come_from_the_query_string(people: Personas, client_for: Callable[[str], Client]) -> None:
    make_group(name="Boards", goal="step1")
    make_group(name="Ward", modality="in_person", place="Library", meeting_link="")
    make_group(name="Tiny", capacity=2, members=1)
    client = client_for("ms1")

    def names(**query: str) -> set[str]:
        page = client.get(FIND, query).content.decode()
        return {n for n in ("Boards", "Ward", "Tiny") if f">{n}</a>" in page}

    assert names() == {"Boards", "Ward", "Tiny"}
    assert names(goal="step1") == {"Boards"}
    assert names(modality="in_person") == {"Ward"}
    assert names(open="on") == {"Boards", "Ward"}
    assert names(q="tin") == {"Tiny"}


def test_fits_my_week_without_availability_says_so_and_links_to_the_editor(
    people: Personas, client_for: Callable[[str], Client]
) -> None:
    paint(people.ms1, 0)
    make_group(name="Any")
    page = client_for("ms1").get(FIND, {"fits": "on"}).content.decode()
    assert 'id="availability-notice"' in page
    assert reverse("accounts:availability") in page
    assert "Fits my week” needs your weekly availability" in page
    assert ">Any</a>" in page


def test_fits_my_week_filters_when_i_painted_my_week(people: Personas, client_for: Callable[[str], Client]) -> None:
    paint(people.ms1, evenings(1, 3))
    make_group(name="Fits", meeting_week=week_bytes(evenings(3)))
    make_group(name="Does not", meeting_week=week_bytes(evenings(4)))
    page = client_for("ms1").get(FIND, {"fits": "on"}).content.decode()
    assert ">Fits</a>" in page and ">Does not</a>" not in page
    assert "2 h a week shared with your availability" in page


def test_a_bad_filter_is_refused_with_a_message(people: Personas, client_for: Callable[[str], Client]) -> None:
    response = client_for("ms1").get(FIND, {"goal": "napping"})
    assert response.status_code == 400
    assert "Please check your search" in response.content.decode()


def test_htmx_gets_only_the_results(people: Personas, client_for: Callable[[str], Client]) -> None:
    make_group(name="Boards", goal="step1")
    make_group(name="Ward", modality="in_person", place="Library", meeting_link="")
    response = client_for("ms1").get(FIND, {"goal": "step1"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="results"')
    assert "<html" not in page and 'id="find-form"' not in page
    assert ">Boards</a>" in page and ">Ward</a>" not in page
    full = client_for("ms1").get(FIND, {"goal": "step1"}).content.decode()
    assert 'id="find-form"' in full and 'hx-get="' + FIND + '"' in full and 'id="results"' in full


def test_empty_results_invite_me_to_start_a_group(people: Personas, client_for: Callable[[str], Client]) -> None:
    page = client_for("ms1").get(FIND, {"q": "nothing like this"}).content.decode()
    assert 'id="empty-state"' in page
    new = optional_url("groups:new")
    if new is not None:
        assert new in page
        assert new not in client_for("faculty").get(FIND, {"q": "nothing"}).content.decode()  # staff do not create


def test_pages_of_twenty_with_links(people: Personas, client_for: Callable[[str], Client]) -> None:
    _bulk_groups(25)
    client = client_for("ms1")
    first = client.get(FIND).content.decode()
    assert "25 groups" in first and "Page 1 of 2" in first and "page=2" in first
    second = client.get(FIND, {"page": "2"}).content.decode()
    assert "Page 2 of 2" in second and second.count('<article class="card"') == 5


def test_the_home_lists_my_groups_next_session_and_requests(
    people: Personas, client_for: Callable[[str], Client]
) -> None:
    run = make_group(people.ms1, name="I run it", join_policy="request")
    membership_request(person=make_student(), group=run, note="")
    starts = timezone.now() + timedelta(days=2)
    GroupSession.objects.create(group=run, starts_at=starts, ends_at=starts + timedelta(hours=1), time_zone="UTC")
    asked = make_group(name="I asked", join_policy="request")
    request_row = membership_request(person=people.ms1, group=asked, note="")
    page = client_for("ms1").get(HOME).content.decode()
    assert ">I run it</a>" in page and "Organiser" in page and "1 request" in page
    assert f'datetime="{timezone.localtime(starts, timezone.get_default_timezone()):%Y-%m-%d}' in page
    assert ">I asked</a>" in page
    withdraw = optional_url("groups:withdraw", request_row.pk)
    if withdraw is not None:
        assert f'action="{withdraw}"' in page
    assert "Coordinator tools" not in page


def test_tabs_follow_the_policy(people: Personas, client_for: Callable[[str], Client]) -> None:
    student = client_for("ms1").get(HOME).content.decode()
    assert 'aria-current="page" class="button">My groups' in student
    assert f'href="{FIND}"' in student
    activity = optional_url("groups:activity")
    problems = optional_url("groups:problems")
    for url in (activity, problems):
        if url is not None:
            assert f'href="{url}"' not in student
    coordinator = client_for("coordinator").get(FIND).content.decode()
    assert 'aria-current="page" class="button">Find a group' in coordinator
    for url in (activity, problems):
        if url is not None:
            assert f'href="{url}"' in coordinator


def _bulk_groups(n: int) -> None:
    """``n`` listed groups, each with an organiser and up to three members, written in a few bulk inserts."""
    organisers = [make_student() for _ in range(3)]
    members = [make_student() for _ in range(3)]
    now = timezone.now()
    start = StudyGroup.objects.count()
    groups = StudyGroup.objects.bulk_create(
        StudyGroup(
            name=f"Bulk group {start + i:03d}",
            goal=("step1", "block_exam", "osce")[i % 3],
            modality="virtual",
            meeting_link="https://meet.example.edu/x",
            capacity=4 + i % 3,
            join_policy=("open", "request")[i % 2],
            meeting_week=week_bytes(evenings(i % 7)),
            time_zone="America/New_York",
        )
        for i in range(n)
    )
    rows = []
    for i, group in enumerate(groups):
        rows.append(
            Membership(group=group, person=organisers[i % 3], role="organiser", status="active", seat=1, joined_at=now)
        )
        for seat, person in enumerate(members[: i % 4], start=2):
            rows.append(Membership(group=group, person=person, status="active", seat=seat, joined_at=now))
    Membership.objects.bulk_create(rows)


def _queries(client: Client, url: str, django_assert_num_queries, expected: int) -> None:
    client.get(url)  # the first request of a session checks two-factor once
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


#: Every page reads the session, the person, their roles and the unread badge; then the profile (zone).
#: Find: the candidates (id, week, creation), the page's groups in full, the form's topics and languages.
#: Home: my groups (with next session, members and requests as subqueries), my requests.
FIND_QUERIES = 9
HOME_QUERIES = 7


@pytest.mark.parametrize("size", [5, 500])
def test_find_reads_a_fixed_number_of_queries(
    size: int, people: Personas, client_for: Callable[[str], Client], django_assert_num_queries
) -> None:
    paint(people.ms1, evenings(0, 1, 2, 3))
    _bulk_groups(size)
    for i, group in enumerate(StudyGroup.objects.order_by("pk")[:3]):
        if i == 0:
            Membership.objects.create(group=group, person=people.ms1, status="requested", requested_at=timezone.now())
    client = client_for("ms1")
    _queries(client, FIND, django_assert_num_queries, FIND_QUERIES)
    _queries(client, FIND + "?fits=on&open=on&sort=newest&page=2", django_assert_num_queries, FIND_QUERIES)
    _queries(client, FIND + "?goal=osce", django_assert_num_queries, FIND_QUERIES)


@pytest.mark.parametrize("size", [5, 50])
def test_home_reads_a_fixed_number_of_queries(
    size: int, people: Personas, client_for: Callable[[str], Client], django_assert_num_queries
) -> None:
    _bulk_groups(size)
    now = timezone.now()
    for i, group in enumerate(StudyGroup.objects.order_by("pk")):
        if i % 2:
            Membership.objects.create(group=group, person=people.ms1, status="requested", requested_at=now)
        else:
            Membership.objects.create(group=group, person=people.ms1, status="active", seat=10, joined_at=now)
            GroupSession.objects.create(
                group=group,
                starts_at=now + timedelta(days=i + 1),
                ends_at=now + timedelta(days=i + 1, hours=1),
                time_zone="UTC",
            )
    _queries(client_for("ms1"), HOME, django_assert_num_queries, HOME_QUERIES)
