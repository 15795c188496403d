"""Reads for the tutor's own page and the coordinators' list of applications.

A tutor's page is read in a fixed number of queries however many sessions
they run: subjects, upcoming sessions with their bookings (one prefetch),
sessions waiting to be completed, hours as two sums, ratings as one
aggregate. Ratings reach the tutor only as an average and a count, and only
from :data:`policy.RATINGS_SHOWN_FROM` ratings on, so no single rating can be
traced back to one student.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum

from huddle.accounts.models import Topic, User
from huddle.lib.qualification import PeerRole, Qualification, qualifications_for
from huddle.lib.zones import zone_of
from huddle.tutoring import policy
from huddle.tutoring.models import Booking, Rating, Session, Tutor, TutorSubject
from huddle.tutoring.rules import rules_current

#: Upcoming booked sessions listed on the tutor's page.
UPCOMING_LIMIT = 20


def tutor_of(person: User) -> Tutor | None:
    """The person's tutor row (with their profile), or None if they never applied."""
    return Tutor.objects.select_related("person__profile").filter(person=person).first()


@dataclass(frozen=True)
class Hours:
    """Completed tutoring time: this calendar month and this term, in the tutor's zone."""

    month_minutes: int
    term_minutes: int
    term_days: int

    @property
    def month(self) -> float:
        return round(self.month_minutes / 60, 1)

    @property
    def term(self) -> float:
        return round(self.term_minutes / 60, 1)


@dataclass(frozen=True)
class RatingSummary:
    """What a tutor may see of their ratings: the count always, the average only from the threshold on."""

    count: int
    average: float | None
    shown_from: int

    @property
    def shown(self) -> bool:
        return self.average is not None


@dataclass(frozen=True)
class TutorPage:
    tutor: Tutor
    subjects: list[TutorSubject]
    approved: bool
    upcoming: list[Session]
    to_complete: list[Session]
    hours: Hours
    ratings: RatingSummary


def _live_bookings() -> Prefetch:
    return Prefetch(
        "bookings",
        queryset=Booking.objects.filter(status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED])
        .select_related("student", "topic")
        .order_by("status", "seat", "waitlisted_at", "pk"),
        to_attr="live_bookings",
    )


def _held() -> Q:
    return Q(bookings__status=Booking.Status.BOOKED)


def tutor_hours(*, tutor: Tutor, now: datetime) -> Hours:
    """Minutes of completed sessions started this month (tutor's zone) and this term (one query).

    "This term" is the school's rolling term of the booking rules
    (``no_show_term_days``), the same span a student's no-shows are counted
    over, so the app has one meaning of the word.
    """
    zone = zone_of(tutor.person)
    local = now.astimezone(zone)
    month_start = datetime.combine(local.date().replace(day=1), time.min, tzinfo=zone)
    term_days = rules_current().no_show_term_days
    term_start = now - timedelta(days=term_days)
    done = Session.objects.filter(tutor=tutor, status=Session.Status.COMPLETED, starts_at__lte=now)
    sums = done.aggregate(
        month=Sum("minutes", filter=Q(starts_at__gte=month_start)),
        term=Sum("minutes", filter=Q(starts_at__gte=term_start)),
    )
    return Hours(sums["month"] or 0, sums["term"] or 0, term_days)


def rating_summary(*, tutor: Tutor) -> RatingSummary:
    """One aggregate; the average is withheld below the threshold (not even rounded or hinted)."""
    row = Rating.objects.filter(booking__session__tutor=tutor).aggregate(n=Count("pk"), avg=Avg("stars"))
    count = row["n"] or 0
    shown = count >= policy.RATINGS_SHOWN_FROM
    return RatingSummary(
        count=count,
        average=round(float(row["avg"]), 1) if shown and row["avg"] is not None else None,
        shown_from=policy.RATINGS_SHOWN_FROM,
    )


def tutor_page(*, tutor: Tutor, now: datetime) -> TutorPage:
    subjects = list(tutor.subjects.select_related("topic", "decided_by").order_by("topic__name"))
    sessions = Session.objects.filter(tutor=tutor).select_related("topic")
    upcoming = list(
        sessions.filter(status=Session.Status.OPEN, starts_at__gt=now)
        .filter(bookings__status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED])
        .distinct()
        .prefetch_related(_live_bookings())
        .order_by("starts_at", "pk")[:UPCOMING_LIMIT]
    )
    to_complete = list(
        sessions.filter(status=Session.Status.OPEN, starts_at__lte=now)
        .filter(_held())
        .distinct()
        .prefetch_related(_live_bookings())
        .order_by("starts_at", "pk")
    )
    return TutorPage(
        tutor=tutor,
        subjects=subjects,
        approved=any(s.status == TutorSubject.Status.APPROVED for s in subjects),
        upcoming=upcoming,
        to_complete=to_complete,
        hours=tutor_hours(tutor=tutor, now=now),
        ratings=rating_summary(tutor=tutor),
    )


def approved_topics(tutor: Tutor) -> QuerySet[Topic]:
    """The topics a tutor may offer sessions in (for the subject choice of a window or a session)."""
    return Topic.objects.filter(
        pk__in=TutorSubject.objects.filter(tutor=tutor, status=TutorSubject.Status.APPROVED).values("topic_id")
    ).order_by("name")


@dataclass(frozen=True)
class Application:
    """One subject waiting for a coordinator, with whether its student holds the training now."""

    subject: TutorSubject
    qualification: Qualification


@dataclass(frozen=True)
class ApprovedTutor:
    tutor: Tutor
    subjects: list[TutorSubject]


def applications(*, viewer: User) -> list[Application]:
    """Waiting subjects, oldest first; the training asked once for all applicants (a fixed number of queries)."""
    waiting = list(
        TutorSubject.objects.filter(status=TutorSubject.Status.PENDING)
        .select_related("tutor__person__profile", "topic")
        .order_by("created_at", "pk")
    )
    people = list({subject.tutor.person.pk: subject.tutor.person for subject in waiting}.values())
    answers = qualifications_for(people=people, role=PeerRole.TUTOR)
    return [Application(subject, answers[subject.tutor.person.pk]) for subject in waiting]


def approved_tutors() -> list[ApprovedTutor]:
    """Tutors with at least one approved subject, with those subjects (two queries)."""
    tutors = (
        Tutor.objects.filter(subjects__status=TutorSubject.Status.APPROVED)
        .distinct()
        .select_related("person__profile")
        .prefetch_related(
            Prefetch(
                "subjects",
                queryset=TutorSubject.objects.filter(status=TutorSubject.Status.APPROVED)
                .select_related("topic")
                .order_by("topic__name"),
                to_attr="approved_subjects",
            )
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )
    return [ApprovedTutor(t, list(getattr(t, "approved_subjects", []))) for t in tutors]
