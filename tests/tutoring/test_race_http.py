"""No double-booking under real concurrency.

Fifty signed-in students post to the booking page of a session with one
place left, at the same moment, over real HTTP against Django's threaded live
server: each request is its own thread with its own database connection, as
under gunicorn. Exactly one gets the place (302 to the booking), the other 49
get 409 and the message, and the database holds one booked row. Row locks on
PostgreSQL and ``BEGIN IMMEDIATE`` on SQLite serialise them; no timing is
asserted. The service-level races below use ``tests/race.py``.
"""

import re
import threading
from dataclasses import dataclass
from datetime import time

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.urls import reverse

from huddle.accounts.models import Profile, Role, RoleAssignment, User
from huddle.tutoring.bookings.services import booking_cancel, booking_create
from huddle.tutoring.models import Booking, Session
from huddle.tutoring.schedule.services import session_add
from tests.race import race
from tests.tutoring.factories import days_ahead, make_session, make_student, make_tutor, topic, virtual

RACERS = 50
TIMEOUT = 120  # seconds per request: generous, nothing is timed
TAKEN = "The last place in this session was just taken"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _racer(n: int) -> User:
    """A student who signs in with a session cookie (no password to hash: fifty of them)."""
    user = User.objects.create_user(f"racer{n}@school.test", None, first_name="Racer", last_name=f"No{n}")
    RoleAssignment.objects.create(user=user, role=Role.STUDENT)
    Profile.objects.create(user=user, class_year=2)
    return user


@dataclass
class Browser:
    """One student's own HTTP client: their session cookie and the CSRF token of the page they opened."""

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
    match = _CSRF.search(opened.text)
    assert match is not None, "the booking page has no form"
    return Browser(user, http, match.group(1))


def _fire_at_once(browsers: list[Browser], url: str, data: dict[str, str]) -> list[requests.Response | str]:
    """Every browser posts the moment all are ready; a request that fails outright is recorded, not lost."""
    barrier = threading.Barrier(len(browsers))
    answers: list[requests.Response | str] = [""] * len(browsers)

    def post(i: int, browser: Browser) -> None:
        try:
            barrier.wait(timeout=TIMEOUT)
            answers[i] = browser.http.post(
                url,
                data={**data, "csrfmiddlewaretoken": browser.token},
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


def _race_for_the_last_place(live_server, session: Session) -> tuple[list[requests.Response], list[User]]:
    base = str(live_server).rstrip("/")
    path = reverse("tutoring:book", args=[session.pk])
    browsers = [_signed_in(_racer(n), base, path) for n in range(RACERS)]
    answers = _fire_at_once(browsers, base + path, {"topic": str(topic().pk), "note": "Heart sounds, please"})
    failed = [a for a in answers if isinstance(a, str)]
    assert not failed, failed
    responses = [a for a in answers if not isinstance(a, str)]
    return responses, [b.user for b in browsers]


def _assert_one_won(responses: list[requests.Response], racers: list[User], session: Session) -> Booking:
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302] + [409] * (RACERS - 1), statuses
    won = Booking.objects.get(session=session, student__in=racers)
    assert won.status == Booking.Status.BOOKED
    (winner,) = [r for r in responses if r.status_code == 302]
    assert winner.headers["Location"] == reverse("tutoring:booking", args=[won.pk])
    for refused in responses:
        if refused.status_code == 409:
            assert TAKEN in refused.text
    return won


@pytest.mark.django_db(transaction=True)
def test_fifty_students_posting_for_the_last_place_at_once_one_gets_it(live_server, people):
    session = make_session(make_tutor(people.ms3))
    responses, racers = _race_for_the_last_place(live_server, session)
    won = _assert_one_won(responses, racers, session)
    assert list(Booking.objects.filter(session=session).values_list("pk", "status", "seat")) == [(won.pk, "booked", 1)]


@pytest.mark.django_db(transaction=True)
def test_fifty_students_posting_for_a_groups_last_place_at_once_one_gets_it(live_server, people):
    session = make_session(make_tutor(people.ms3), capacity=3)
    booking_create(student=people.ms1, session=session, topic=topic())
    booking_create(student=make_student(1), session=session, topic=topic())
    responses, racers = _race_for_the_last_place(live_server, session)
    _assert_one_won(responses, racers, session)
    held = Booking.objects.filter(session=session, status=Booking.Status.BOOKED)
    assert sorted(held.values_list("seat", flat=True)) == [1, 2, 3]
    assert Booking.objects.filter(session=session).count() == 3  # no refused racer left a row behind


# --- Service-level races (tests/race.py: real threads, own connections) ------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_a_cancellation_promoting_the_waitlist_racing_a_new_booking_never_overbooks(people, round_):
    session = make_session(make_tutor(people.ms3))
    first = booking_create(student=people.ms1, session=session, topic=topic())
    waiting_student, newcomer = make_student(1), make_student(2)
    waiting = booking_create(student=waiting_student, session=session, topic=topic(), waitlist=True)
    outcomes = race(
        [
            lambda: booking_cancel(user=people.ms1, booking=first),
            lambda: booking_create(student=newcomer, session=session, topic=topic()),
        ]
    )
    # Whichever ran first, the freed place goes to the student waiting, never to both.
    assert sorted(outcomes) == [
        "The last place in this session was just taken. Join its waitlist or choose another time.",
        "ok",
    ], outcomes
    held = list(Booking.objects.filter(session=session, status="booked").values_list("student_id", "seat"))
    assert held == [(waiting_student.pk, 1)]
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.BOOKED
    assert not Booking.objects.filter(session=session, student=newcomer).exists()


@pytest.mark.django_db(transaction=True)
def test_a_student_booking_two_overlapping_sessions_at_once_gets_one(people):
    """Two different sessions lock two different rows: the overlap guard (constraint or writer lock) decides."""
    ten = make_session(make_tutor(people.ms3), at=time(10, 0))
    half_past = make_session(make_tutor(make_student(1)), at=time(10, 30))
    outcomes = race(
        [
            lambda: booking_create(student=people.ms1, session=ten, topic=topic()),
            lambda: booking_create(student=people.ms1, session=half_past, topic=topic()),
        ]
    )
    assert sorted(outcomes) == ["You already have a booking at this time.", "ok"], outcomes
    assert Booking.objects.filter(student=people.ms1, status="booked").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_tutor_adding_two_overlapping_sessions_at_once_gets_one(people):
    tutor = make_tutor(people.ms3)
    outcomes = race(
        [
            lambda: session_add(
                user=tutor.person, tutor=tutor, day=days_ahead(4), starts=time(10, 0), minutes=60, offer=virtual()
            ),
            lambda: session_add(
                user=tutor.person, tutor=tutor, day=days_ahead(4), starts=time(10, 30), minutes=60, offer=virtual()
            ),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    (refusal,) = [o for o in outcomes if o != "ok"]
    assert refusal in ("You already have a session at this time.", "The tutor already has a session at this time.")
    assert Session.objects.filter(tutor=tutor).count() == 1
