"""Tutoring's main pages read a pinned number of queries, the same with 5 or 40 sessions, bookings and tutors."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from huddle.tutoring.models import BlockedDate, Booking, Rating, Session, Tutor, TutorSubject, UnmetSearch, Window
from tests.personas import Personas
from tests.tutoring.factories import NEW_YORK, held_session, make_student, make_tutor, seat_for, topic

pytestmark = pytest.mark.django_db

#: Every page reads the session, the person, their roles and the unread badge (4), and all but the booking
#: page ask whether the person applied to tutor, for the tabs (1). Then (SQLite and PostgreSQL alike):
#: home: the profile (zone), the next bookings, the rules, the tabs' question again = 9;
#: find week: the profile, the rules, the week's sessions with places and the caller's booking, the tutors'
#: subjects, the form's subjects and languages = 11; my bookings: the profile, the bookings = 7;
#: a booking: the profile, the booking with its session, tutor and subject, the rules = 7;
#: tutor home: the tutor, their subjects, upcoming sessions and their bookings (2), sessions to complete and
#: their bookings (2), the rules, the hours (one aggregate), the ratings (one aggregate) = 14;
#: a session (its tutor): the profile, the session, its bookings = 8;
#: applications: the waiting subjects, the training asked once for all applicants (3), approved tutors and
#: their subjects = 11;
#: reports: hours, tutors, topics, unmet demand (3), no-shows and late cancellations (3), ratings by tutor,
#: the ratings listed = 16.
PAGES = {
    "home": ("ms1", "/tutoring/", 9),
    "find week": ("ms1", "/tutoring/find/?week=1", 11),
    "my bookings": ("ms1", "/tutoring/bookings/", 7),
    "booking": ("ms1", "/tutoring/bookings/{booking}/", 7),
    "tutor home": ("ms3", "/tutoring/tutor/", 14),
    "session": ("ms3", "/tutoring/sessions/{group}/", 8),
    "applications": ("coordinator", "/tutoring/manage/tutors/", 11),
    "reports": ("coordinator", "/tutoring/manage/reports/", 16),
}


class World:
    """Sam (the MS3 persona) tutors; Alice (MS1) books; everything else grows with :meth:`grow`."""

    def __init__(self, people: Personas) -> None:
        self.people = people
        self.sam = make_tutor(people.ms3, topic(), topic("Pharmacology"))
        zone = ZoneInfo(NEW_YORK)
        today = timezone.now().astimezone(zone).date()
        self.next_monday = today + timedelta(days=7 - today.weekday())
        self.zone = zone
        self.now = timezone.now()
        saturday = datetime.combine(self.next_monday + timedelta(days=5), time(10), tzinfo=zone)
        self.group = held_session(self.sam, saturday, capacity=8, subject=topic())
        self.first_booking: Booking | None = None
        self.size = 0

    def grow(self, to: int) -> None:
        cardio, anatomy, physiology = topic(), topic("Anatomy"), topic("Physiology")
        for i in range(self.size, to):
            student = make_student(100 + i)
            # A session of Sam's next week, booked by Alice; another tutor's open session next week.
            day = self.next_monday + timedelta(days=i % 5)
            upcoming = held_session(self.sam, datetime.combine(day, time(8 + i // 5), tzinfo=self.zone))
            booking = seat_for(upcoming, self.people.ms1, cardio, status="booked")
            self.first_booking = self.first_booking or booking
            other = make_tutor(make_student(300 + i), anatomy)
            TutorSubject.objects.create(tutor=other, topic=physiology)  # an application waiting
            held_session(other, datetime.combine(day, time(12 + i % 6), tzinfo=self.zone))
            if i % 3 == 0:  # the other tutor's hours count in the reports too
                theirs = held_session(other, self.now - timedelta(days=3), completed_minutes=60)
                seat_for(theirs, make_student(500 + i), anatomy, status="attended")
            # Sam's weekly windows and blocked days.
            Window.objects.create(
                tutor=self.sam,
                weekday=i % 7,
                starts=time(6 + i // 7),
                ends=time(7 + i // 7),
                time_zone=NEW_YORK,
                modality="virtual",
                meeting_link="https://video.school.test/room",
            )
            BlockedDate.objects.create(tutor=self.sam, day=self.next_monday + timedelta(days=30 + i))
            # A past session of Sam's with Alice and one other: completed and rated, or still to complete.
            starts = self.now - timedelta(days=i + 1, hours=2)
            if i % 2:
                past = held_session(self.sam, starts, capacity=2)
                seat_for(past, self.people.ms1, cardio, status="booked")
                seat_for(past, student, cardio, status="booked")
            else:
                past = held_session(self.sam, starts, capacity=2, completed_minutes=55)
                seat_for(past, self.people.ms1, cardio, status="attended", tutor_notes="Murmurs again")
                rated = seat_for(past, student, cardio, status="attended" if i % 4 else "no_show")
                if rated.status == "attended":
                    Rating.objects.create(booking=rated, stars=4 + i % 2, comment="Clear")
            # The group session: places first, then its waitlist.
            held = Booking.objects.filter(session=self.group, status="booked").count()
            if held < self.group.capacity:
                seat_for(self.group, student, cardio, status="booked")
            else:
                seat_for(self.group, student, cardio, status="waitlisted", waitlisted_at=self.now)
            UnmetSearch.objects.create(student=student, topic=topic("Biostatistics and Epidemiology"), day=self.now)
        self.size = to

    def url(self, path: str) -> str:
        assert self.first_booking is not None
        return path.format(booking=self.first_booking.pk, group=self.group.pk)


def _count(client, url: str) -> int:
    client.get(url)  # the first request of a session checks two-factor once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


def _counts(world: World, client_for) -> dict[str, int]:
    return {page: _count(client_for(who), world.url(path)) for page, (who, path, _n) in PAGES.items()}


def test_the_main_pages_read_a_pinned_number_of_queries_whatever_the_data(people, client_for):
    world = World(people)
    world.grow(5)
    small = _counts(world, client_for)
    assert Session.objects.filter(tutor=world.sam).count() == 11 and Tutor.objects.count() == 6
    world.grow(40)
    assert Booking.objects.filter(student=people.ms1).count() == 80
    assert Booking.objects.filter(session=world.group, status="waitlisted").count() == 32
    large = _counts(world, client_for)
    pinned = {page: n for page, (_who, _path, n) in PAGES.items()}
    assert (small, large) == (pinned, pinned), f"small {small}, large {large}"
