"""A group never exceeds its size limit under real concurrency.

Thirty signed-in students post "Join" for a group's last place at the same
moment, over real HTTP against Django's threaded live server: each request
is its own thread with its own database connection, as under gunicorn.
Exactly one gets the place (302 to the group page); the other 29 get 409 and
the group page saying it is full or that the place was just taken; the
group holds exactly its size limit, every seat once. The group's row lock
(PostgreSQL) or ``BEGIN IMMEDIATE`` (SQLite) serialises them, and the unique
seat per group stands behind it; no timing is asserted. Approving two
requests into the last place at once is raced at the service level with
``tests/race.py``.
"""

import re
import threading
from dataclasses import dataclass

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django.live_server_helper import LiveServer

from huddle.accounts.models import Profile, Role, RoleAssignment, User
from huddle.groups.membership.services import membership_approve, membership_join, membership_request, organiser_add
from huddle.groups.models import Membership, StudyGroup
from tests.groups.factories import make_group, make_student
from tests.race import race

RACERS = 30
TIMEOUT = 120  # seconds per request: generous, nothing is timed
REFUSALS = ("This group is full", "The last place in this group was just taken")
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _racer(n: int) -> User:
    """A student who signs in with a session cookie (no password to hash: thirty of them)."""
    user = User.objects.create_user(f"grouper{n}@school.test", None, first_name="Racer", last_name=f"No{n}")
    RoleAssignment.objects.create(user=user, role=Role.STUDENT)
    Profile.objects.create(user=user, class_year=1)
    return user


@dataclass
class Browser:
    user: User
    http: requests.Session
    token: str = ""


def _signed_in(user: User, base: str, page: str) -> Browser:
    client = Client()
    client.force_login(user)
    http = requests.Session()
    http.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    opened = http.get(base + page, timeout=TIMEOUT)
    assert opened.status_code == 200, (opened.status_code, opened.text[:500])
    assert "Join the group" in opened.text, "the group page offers no join button"
    match = _CSRF.search(opened.text)
    assert match is not None
    return Browser(user, http, match.group(1))


def _fire_at_once(browsers: list[Browser], url: str) -> list[requests.Response | str]:
    barrier = threading.Barrier(len(browsers))
    answers: list[requests.Response | str] = [""] * len(browsers)

    def post(i: int, browser: Browser) -> None:
        try:
            barrier.wait(timeout=TIMEOUT)
            answers[i] = browser.http.post(
                url,
                data={"csrfmiddlewaretoken": browser.token},
                headers={"Referer": url},
                allow_redirects=False,
                timeout=TIMEOUT,
            )
        except Exception as error:
            answers[i] = f"{type(error).__name__}: {error}"

    threads = [threading.Thread(target=post, args=(i, b)) for i, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT * 2)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    return answers


def _assert_full_and_seated(group: StudyGroup) -> None:
    seats = [s or 0 for s in Membership.objects.filter(group=group, status="active").values_list("seat", flat=True)]
    assert sorted(seats) == list(range(1, group.capacity + 1)), seats


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("capacity", [2, 6])
def test_thirty_students_joining_for_the_last_place_at_once_one_gets_it(
    live_server: LiveServer, taxonomies: None, capacity: int
) -> None:
    group = make_group(capacity=capacity, members=capacity - 2)
    assert Membership.objects.filter(group=group, status="active").count() == capacity - 1
    base = str(live_server).rstrip("/")
    page = reverse("groups:group", args=[group.pk])
    browsers = [_signed_in(_racer(n), base, page) for n in range(RACERS)]
    answers = _fire_at_once(browsers, base + reverse("groups:join", args=[group.pk]))
    failed = [a for a in answers if isinstance(a, str)]
    assert not failed, failed
    responses = [a for a in answers if not isinstance(a, str)]
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302] + [409] * (RACERS - 1), statuses
    (winner,) = [r for r in responses if r.status_code == 302]
    assert winner.headers["Location"] == page
    for refused in responses:
        if refused.status_code == 409:
            assert any(words in refused.text for words in REFUSALS), refused.text[:2000]
    _assert_full_and_seated(group)
    racers = [b.user for b in browsers]
    # No refused racer left a row behind.
    assert Membership.objects.filter(group=group, person__in=racers).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_organisers_approving_two_requests_into_the_last_place_at_once_admit_one(
    taxonomies: None, round_: int
) -> None:
    group = make_group(capacity=3, members=1)
    co = group.memberships.get(role="member")
    organiser = group.memberships.get(role="organiser").person
    organiser_add(actor=organiser, membership=co)
    StudyGroup.objects.filter(pk=group.pk).update(join_policy="request")
    group.refresh_from_db()
    first = membership_request(person=make_student(), group=group, note="one")
    second = membership_request(person=make_student(), group=group, note="two")
    outcomes = race(
        [
            lambda: membership_approve(actor=organiser, membership=first),
            lambda: membership_approve(actor=co.person, membership=second),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    (refusal,) = [o for o in outcomes if o != "ok"]
    assert refusal.startswith(REFUSALS), outcomes
    _assert_full_and_seated(group)
    assert Membership.objects.filter(pk__in=[first.pk, second.pk], status="requested").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_a_join_racing_an_approval_for_the_last_place_admits_one(taxonomies: None, round_: int) -> None:
    group = make_group(capacity=3, members=1)
    organiser = group.memberships.get(role="organiser").person
    StudyGroup.objects.filter(pk=group.pk).update(join_policy="request")
    group.refresh_from_db()
    waiting = membership_request(person=make_student(), group=group)
    StudyGroup.objects.filter(pk=group.pk).update(join_policy="open")
    group.refresh_from_db()
    newcomer = make_student()
    outcomes = race(
        [
            lambda: membership_approve(actor=organiser, membership=waiting),
            lambda: membership_join(person=newcomer, group=group),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    _assert_full_and_seated(group)
