"""The tutoring front page and the week of open sessions: what is listed, in whose clock, and unmet demand."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from huddle.accounts.models import Language, Profile
from huddle.tutoring.bookings.services import booking_create, session_cancel
from huddle.tutoring.models import Modality, Session, TutorSubject, UnmetSearch
from huddle.tutoring.schedule.services import Offer, session_add
from tests.personas import Personas, make_person
from tests.tutoring.factories import make_session, make_tutor, topic

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
FIND = reverse("tutoring:find")


def next_week(weekday: int, zone: ZoneInfo = NEW_YORK) -> date:
    """A day of next week (0 = Monday) on ``zone``'s calendar."""
    today = timezone.now().astimezone(zone).date()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=1, days=weekday)


def week_offset(at: datetime, zone: ZoneInfo) -> int:
    """Which week (0 = this one) the week view shows ``at`` in, for a viewer in ``zone``."""
    today = timezone.now().astimezone(zone).date()
    day = at.astimezone(zone).date()
    return ((day - timedelta(days=day.weekday())) - (today - timedelta(days=today.weekday()))).days // 7


def book_url(session: Session) -> str:
    return reverse("tutoring:book", args=[session.pk])


def test_week_lists_an_open_session_with_its_tutor_subject_and_places(
    people: Personas, client_for: Callable[[str], Client]
) -> None:
    tutor = make_tutor(people.ms3, topic("Cardiology"), topic("Renal"))
    session = make_session(tutor, day=next_week(1), at=time(18, 0), capacity=2)
    response = client_for("ms1").get(FIND, {"week": 1})
    assert response.status_code == 200
    page = response.content.decode()
    assert book_url(session) in page
    assert "18:00" in page and "19:00" in page
    assert "Sam Sato" in page
    assert "Cardiology, Renal" in page  # no session subject: the tutor's approved subjects
    assert "Virtual" in page
    assert "2 places left" in page
    assert "America/New_York" in page


def test_full_session_says_waitlist(people: Personas, client_for: Callable[[str], Client]) -> None:
    tutor = make_tutor(people.ms3)
    session = make_session(tutor, day=next_week(2))
    other = make_person("bo@school.test", "Bo", "Berg", ["student"], 1)
    booking_create(student=other, session=session, topic=topic())
    page = client_for("ms1").get(FIND, {"week": 1}).content.decode()
    assert "Full – waitlist" in page
    assert book_url(session) in page  # still bookable: the waitlist


def test_only_bookable_sessions_are_listed(people: Personas, client_for: Callable[[str], Client]) -> None:
    tutor = make_tutor(people.ms3)
    listed = make_session(tutor, day=next_week(0), at=time(9, 0))
    cancelled = make_session(tutor, day=next_week(0), at=time(11, 0))
    session_cancel(user=people.ms3, session=cancelled)
    paused_person = make_person("pat@school.test", "Pat", "Paused", ["student"], 3)
    paused = make_tutor(paused_person)
    paused_session = make_session(paused, day=next_week(0), at=time(12, 0))
    paused.paused = True
    paused.save()
    withdrawn_person = make_person("wes@school.test", "Wes", "Withdrawn", ["student"], 3)
    withdrawn = make_tutor(withdrawn_person)
    withdrawn_session = make_session(withdrawn, day=next_week(0), at=time(13, 0))
    TutorSubject.objects.filter(tutor=withdrawn).update(status=TutorSubject.Status.WITHDRAWN)
    page = client_for("ms1").get(FIND, {"week": 1}).content.decode()
    assert book_url(listed) in page
    for hidden in (cancelled, paused_session, withdrawn_session):
        assert book_url(hidden) not in page


def test_sessions_inside_the_lead_time_are_not_offered(people: Personas, client_for: Callable[[str], Client]) -> None:
    tutor = make_tutor(people.ms3)
    soon_at = timezone.now().astimezone(NEW_YORK) + timedelta(hours=3)
    soon = session_add(
        user=people.ms3,
        tutor=tutor,
        day=soon_at.date(),
        starts=time(soon_at.hour, 0),
        minutes=30,
        offer=Offer(Modality.VIRTUAL, "https://video.school.test/r", "", 1, None),
    )
    later = make_session(tutor, day=(timezone.now() + timedelta(days=2)).astimezone(NEW_YORK).date())
    client = client_for("ms1")
    pages = "".join(
        client.get(FIND, {"week": week_offset(s.starts_at, NEW_YORK)}).content.decode() for s in (soon, later)
    )
    assert book_url(later) in pages
    assert book_url(soon) not in pages


def test_own_sessions_are_not_offered_to_their_tutor(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = make_session(make_tutor(people.ms3), day=next_week(3))
    assert book_url(session) not in client_for("ms3").get(FIND, {"week": 1}).content.decode()


def test_filters_by_subject_modality_language_and_time(people: Personas, client_for: Callable[[str], Client]) -> None:
    cardio = make_tutor(people.ms3, topic("Cardiology"))
    evening = make_session(cardio, day=next_week(1), at=time(18, 0))
    renal_person = make_person("rae@school.test", "Rae", "Renal", ["student"], 4)
    renal = make_tutor(renal_person, topic("Renal"))
    in_person = session_add(
        user=renal_person,
        tutor=renal,
        day=next_week(1),
        starts=time(9, 0),
        minutes=60,
        offer=Offer(Modality.IN_PERSON, "", "Library room 2", 1, None),
    )
    spanish = Language.objects.get(code="es")
    Profile.objects.get(user=renal_person).languages.add(spanish)
    client = client_for("ms1")

    def shown(**query: object) -> set[int]:
        page = client.get(FIND, {"week": 1, **query}).content.decode()
        return {s.pk for s in (evening, in_person) if book_url(s) in page}

    assert shown() == {evening.pk, in_person.pk}
    assert shown(topic=topic("Renal").pk) == {in_person.pk}
    assert shown(modality="virtual") == {evening.pk}
    assert shown(language="es") == {in_person.pk}
    assert shown(time="evening") == {evening.pk}
    assert shown(time="morning") == {in_person.pk}
    assert shown(day=1) == {evening.pk, in_person.pk}
    assert shown(day=2, topic=topic("Renal").pk) == set()

    # A language the tutor shows to nobody never matches: filtering must not reveal it.
    profile = Profile.objects.get(user=renal_person)
    profile.visibility = {**profile.visibility, "languages": "only_me"}
    profile.save(update_fields=["visibility"])
    assert shown(language="es") == set()


def test_a_viewer_in_india_sees_times_on_their_clock(people: Personas, client_for: Callable[[str], Client]) -> None:
    """18:00 in New York is 03:30 or 04:30 the next day in Kolkata (UTC+5:30), depending on US daylight saving."""
    session = make_session(make_tutor(people.ms3), day=next_week(2), at=time(18, 0))
    Profile.objects.filter(user=people.ms1).update(time_zone="Asia/Kolkata")
    kolkata = ZoneInfo("Asia/Kolkata")
    local = session.starts_at.astimezone(kolkata)
    page = client_for("ms1").get(FIND, {"week": week_offset(session.starts_at, kolkata)}).content.decode()
    assert book_url(session) in page
    assert local.strftime("%H:%M") in page and local.minute == 30
    assert "18:00" not in page
    assert "Asia/Kolkata" in page
    # The day heading is the Kolkata day (the next day), not New York's.
    assert f'id="day-{local:%Y%m%d}"' in page
    assert f"{local:%Y-%m-%dT%H:%M:%S}+05:30" in page


def test_week_navigation_stays_within_the_horizon(people: Personas, client_for: Callable[[str], Client]) -> None:
    client = client_for("ms1")
    page = client.get(FIND).content.decode()
    assert "week=1" in page and "Previous week" not in page
    last = client.get(FIND, {"week": 6}).content.decode()  # the default horizon
    assert "Next week" not in last and "week=5" in last
    assert client.get(FIND, {"week": 99}).status_code == 400


def test_htmx_gets_the_week_fragment(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = make_session(make_tutor(people.ms3), day=next_week(4))
    response = client_for("ms1").get(FIND, {"week": 1}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="week"')
    assert "<html" not in page and book_url(session) in page


def test_a_search_that_finds_nothing_is_recorded_once_a_day(
    people: Personas, client_for: Callable[[str], Client]
) -> None:
    make_session(make_tutor(people.ms3, topic("Cardiology")), day=next_week(1))
    client = client_for("ms1")
    renal = topic("Renal")
    page = client.get(FIND, {"topic": renal.pk, "modality": "in_person", "language": "es", "time": "evening"})
    assert "No open session matches your search" in page.content.decode()
    client.get(FIND, {"topic": renal.pk, "modality": "in_person", "language": "es", "time": "evening", "week": 2})
    unmet = UnmetSearch.objects.get()
    assert unmet.student == people.ms1 and unmet.topic == renal
    assert unmet.modality == "in_person" and unmet.language is not None and unmet.language.code == "es"
    assert unmet.hour == 17 and unmet.weekday is None  # the viewer and the school share New York's clock
    assert unmet.day == timezone.now().astimezone(NEW_YORK).date()
    client.get(FIND, {"topic": renal.pk})  # another search: counted on its own
    assert UnmetSearch.objects.count() == 2


def test_nothing_recorded_when_another_week_has_a_match(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = make_session(make_tutor(people.ms3, topic("Cardiology")), day=next_week(1))
    page = client_for("ms1").get(FIND, {"topic": topic("Cardiology").pk, "week": 3}).content.decode()
    assert "The nearest is on" in page and "week=1" in page
    assert book_url(session) not in page
    assert not UnmetSearch.objects.exists()


def test_browsing_and_staff_searches_are_not_demand(people: Personas, client_for: Callable[[str], Client]) -> None:
    client_for("ms1").get(FIND)  # no filter: browsing, even with nothing open
    client_for("coordinator").get(FIND, {"topic": topic("Renal").pk})
    client_for("faculty").get(FIND, {"topic": topic("Renal").pk})
    assert not UnmetSearch.objects.exists()


def test_staff_see_the_week_without_booking_links(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = make_session(make_tutor(people.ms3), day=next_week(1))
    page = client_for("faculty").get(FIND, {"week": 1}).content.decode()
    assert "Sam Sato" in page and book_url(session) not in page
    assert client_for("anonymous").get(FIND).status_code == 302


def test_week_query_count_does_not_grow_with_sessions(people: Personas, client_for: Callable[[str], Client]) -> None:
    tutors = [make_tutor(people.ms3, topic("Cardiology"), topic("Renal"))]
    for n in range(5):
        person = make_person(f"tutor{n}@school.test", f"Tutor{n}", "Test", ["student"], 4)
        tutors.append(make_tutor(person, topic("Cardiology")))
    client = client_for("ms1")

    def add(count: int, hour: int) -> None:
        for n in range(count):
            tutor = tutors[n % len(tutors)]
            make_session(tutor, day=next_week(n // len(tutors) % 7), at=time(hour + n // (7 * len(tutors)), 0))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(FIND, {"week": 1})
        assert response.status_code == 200
        return len(captured)

    add(5, 8)
    few = queries()
    add(25, 14)
    assert Session.objects.count() == 30
    many = queries()
    assert many == few, f"{few} queries with 5 sessions, {many} with 30"
    assert many <= 14


def test_home_for_a_student(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = make_session(make_tutor(people.ms3), day=next_week(1))
    booking = booking_create(student=people.ms1, session=session, topic=topic())
    page = client_for("ms1").get(reverse("tutoring:home")).content.decode()
    assert reverse("tutoring:booking", args=[booking.pk]) in page
    assert reverse("tutoring:find") in page and reverse("tutoring:apply") in page
    assert reverse("tutoring:tutor_home") not in page
    assert reverse("tutoring:applications") not in page


def test_home_for_a_tutor_and_a_coordinator(people: Personas, client_for: Callable[[str], Client]) -> None:
    make_tutor(people.ms3)
    tutor_page = client_for("ms3").get(reverse("tutoring:home")).content.decode()
    assert reverse("tutoring:tutor_home") in tutor_page and reverse("tutoring:apply") not in tutor_page
    staff_page = client_for("coordinator").get(reverse("tutoring:home")).content.decode()
    for name in ("tutoring:applications", "tutoring:reports", "tutoring:rules"):
        assert reverse(name) in staff_page
    assert reverse("tutoring:apply") not in staff_page
