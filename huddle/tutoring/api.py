"""Tutoring in the JSON API: open sessions, approved tutors, the caller's own bookings; book and cancel.

The same reads, services and policy as the pages: open sessions are the find
page's (``find.selectors.open_sessions``: bookable now, after the school's
lead time, of tutors approved and not paused), booking and cancelling go
through ``bookings.services`` with every rule, seat and guard. Other
students never appear: a session gives its places left and how many wait,
never who; a booking is only ever the caller's own. Ratings are in no
operation (coordinators read them on the reports page). Times are ISO 8601
in UTC; ``time_zone`` names the tutor's zone for showing them.

A refusal by a rule or a race (the last place just taken, a clash, the
lead time, a suspension) answers ``409`` with the service's message in
``detail``; a request the caller may not make at all, ``403``.
"""

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from huddle.accounts import policy as accounts_policy
from huddle.accounts.http import signed_in_user
from huddle.accounts.lookups import active_topic, language_by_code
from huddle.accounts.models import Topic, User
from huddle.lib.errors import HuddleError
from huddle.lib.http import MAX_ID
from huddle.lib.zones import zone_of
from huddle.tutoring import policy
from huddle.tutoring.bookings.services import booking_cancel, booking_create
from huddle.tutoring.find.selectors import (
    WeekFilters,
    approved_subjects,
    languages_seen_by,
    name_of,
    offered_subjects,
    open_sessions,
)
from huddle.tutoring.models import Booking, Rating, Session, Tutor, TutorSubject, Window
from huddle.tutoring.rules import rules_current

router = Router(tags=["tutoring"])

PAGE_SIZE = 50
Id = Annotated[int, Field(gt=0, le=MAX_ID)]
PageNumber = Annotated[int, Field(gt=0, le=10_000)]


# -- Schemas ---------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class TopicOut(Schema):
    id: int
    name: str


class TutorRefOut(Schema):
    id: int
    name: str


class SessionOut(Schema):
    id: int
    tutor: TutorRefOut
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    subjects: list[TopicOut]
    modality: str
    room: str
    capacity: int
    places_left: int
    waitlist: int
    #: The caller's own booking on it: ``booked``, ``waitlisted`` or null.
    my_status: str | None


class SessionPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[SessionOut]


class BookingOut(Schema):
    id: int
    session_id: int
    tutor: TutorRefOut
    subject: TopicOut
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    modality: str
    #: Given only while the caller holds a place.
    meeting_link: str
    room: str
    status: str
    #: 1 for the first in line, while waitlisted.
    waitlist_position: int | None
    note: str
    #: What the tutor wrote after the session.
    tutor_notes: str
    cancelled_late: bool
    cancelled_by_tutor: bool
    #: Whether the caller rated it (the rating itself is for coordinators).
    rated: bool


class BookingPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[BookingOut]


class TutorOut(Schema):
    id: int
    name: str
    subjects: list[TopicOut]
    #: Language codes, when the tutor shows their languages to the caller.
    languages: list[str]
    modalities: list[str]
    next_open_at: datetime | None


class TutorPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[TutorOut]


class SessionFilters(Schema):
    subject: Id | None = None
    modality: Literal["virtual", "in_person"] | None = None
    language: Annotated[str, Field(max_length=8)] | None = None
    from_: datetime | None = Field(None, alias="from")
    to: datetime | None = None
    page: PageNumber = 1


class BookingFilters(Schema):
    #: ``upcoming``: places and waitlist spots not yet over; ``past``: everything else (held, missed, cancelled).
    when: Literal["upcoming", "past", "all"] = "upcoming"
    page: PageNumber = 1


class TutorFilters(Schema):
    subject: Id | None = None
    language: Annotated[str, Field(max_length=8)] | None = None
    page: PageNumber = 1


class BookIn(Schema):
    #: The subject to cover (a topic id); may be left out when the session offers only one.
    topic: Id | None = None
    note: Annotated[str, Field(max_length=1000)] = ""
    #: Join the waitlist when the session is full (otherwise a full session is refused).
    waitlist: bool = False


# -- Helpers ----------------------------------------------------------------------------


def _utc(value: datetime) -> datetime:
    """Aware UTC; a time given without an offset is taken as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _pages(count: int, page: int, size: int) -> tuple[int, int]:
    pages = max((count + size - 1) // size, 1)
    return pages, (page - 1) * size


def _topic(topic_id: int | None) -> Topic | None:
    return active_topic(topic_id, missing="No such subject.")


def _tutor_ref(person: User, tutor_id: int) -> TutorRefOut:
    return TutorRefOut(id=tutor_id, name=name_of(person))


def _booking_out(booking: Booking, position: int | None) -> BookingOut:
    session = booking.session
    held = booking.status == Booking.Status.BOOKED
    return BookingOut(
        id=booking.pk,
        session_id=session.pk,
        tutor=_tutor_ref(session.tutor.person, session.tutor_id),
        subject=TopicOut(id=booking.topic.pk, name=booking.topic.name),
        starts_at=_utc(booking.starts_at),
        ends_at=_utc(booking.ends_at),
        time_zone=session.time_zone,
        modality=session.modality,
        meeting_link=session.meeting_link if held else "",
        room=session.room,
        status=booking.status,
        waitlist_position=position,
        note=booking.note,
        tutor_notes=booking.tutor_notes,
        cancelled_late=booking.cancelled_late,
        cancelled_by_tutor=booking.cancelled_by_tutor,
        rated=bool(getattr(booking, "rated", False)),
    )


def _positions(bookings: list[Booking]) -> dict[int, int]:
    """Each waitlisted booking's place in its session's line, in one query."""
    sessions = {b.session_id for b in bookings if b.status == Booking.Status.WAITLISTED}
    if not sessions:
        return {}
    line = Booking.objects.filter(session_id__in=sessions, status=Booking.Status.WAITLISTED).order_by(
        "session_id", "waitlisted_at", "pk"
    )
    positions: dict[int, int] = {}
    counted: dict[int, int] = {}
    for pk, session_id in line.values_list("pk", "session_id"):
        counted[session_id] = counted.get(session_id, 0) + 1
        positions[pk] = counted[session_id]
    return positions


def _booking_rows() -> QuerySet[Booking]:
    return Booking.objects.select_related("session__tutor__person__profile", "topic").annotate(
        rated=Exists(Rating.objects.filter(booking=OuterRef("pk")))
    )


def _one_booking(booking: Booking) -> BookingOut:
    row = _booking_rows().get(pk=booking.pk)
    return _booking_out(row, _positions([row]).get(row.pk))


# -- Operations -------------------------------------------------------------------------


@router.get("/sessions", response=SessionPageOut, summary="Open sessions the caller could book, soonest first")
def tutoring_sessions(request: HttpRequest, filters: Query[SessionFilters]) -> SessionPageOut:
    """Open sessions (after the school's lead time) of approved tutors who are not paused; 50 a page.

    ``subject`` is a topic id, ``language`` a language code the tutor speaks,
    ``from``/``to`` bound the start (ISO 8601; without an offset, UTC).
    """
    user = signed_in_user(request)
    now = timezone.now()
    week = WeekFilters(
        topic=_topic(filters.subject), modality=filters.modality or "", language=language_by_code(filters.language)
    )
    rows = open_sessions(viewer=user, filters=week, zone=zone_of(user), now=now, rules=rules_current())
    if filters.from_ is not None:
        rows = rows.filter(starts_at__gte=_utc(filters.from_))
    if filters.to is not None:
        rows = rows.filter(starts_at__lt=_utc(filters.to))
    count = rows.count()
    pages, offset = _pages(count, filters.page, PAGE_SIZE)
    mine = Booking.objects.filter(
        session=OuterRef("pk"), student=user, status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED]
    )
    page = list(
        rows.select_related("tutor__person__profile", "topic")
        .prefetch_related(approved_subjects())
        .annotate(
            booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED), distinct=True),
            waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITLISTED), distinct=True),
            my_status=Subquery(mine.values("status")[:1]),
        )
        .order_by("starts_at", "pk")[offset : offset + PAGE_SIZE]
    )
    items = [
        SessionOut(
            id=s.pk,
            tutor=_tutor_ref(s.tutor.person, s.tutor_id),
            starts_at=_utc(s.starts_at),
            ends_at=_utc(s.ends_at),
            time_zone=s.time_zone,
            subjects=[TopicOut(id=t.pk, name=t.name) for t in offered_subjects(s)],
            modality=s.modality,
            room=s.room,
            capacity=s.capacity,
            places_left=max(s.capacity - s.booked, 0),  # type: ignore[attr-defined]
            waitlist=s.waiting,  # type: ignore[attr-defined]
            my_status=s.my_status,  # type: ignore[attr-defined]
        )
        for s in page
    ]
    return SessionPageOut(count=count, page=filters.page, pages=pages, items=items)


@router.get("/bookings", response=BookingPageOut, summary="The caller's own bookings and waitlist spots")
def tutoring_bookings(request: HttpRequest, filters: Query[BookingFilters]) -> BookingPageOut:
    """Upcoming: soonest first; past (held, missed or cancelled): latest first; 50 a page."""
    user = signed_in_user(request)
    now = timezone.now()
    live = Q(status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED], ends_at__gt=now)
    rows = _booking_rows().filter(student=user)
    if filters.when == "upcoming":
        rows = rows.filter(live).order_by("starts_at", "pk")
    elif filters.when == "past":
        rows = rows.exclude(live).order_by("-starts_at", "-pk")
    else:
        rows = rows.order_by("-starts_at", "-pk")
    count = rows.count()
    pages, offset = _pages(count, filters.page, PAGE_SIZE)
    page = list(rows[offset : offset + PAGE_SIZE])
    positions = _positions(page)
    return BookingPageOut(
        count=count,
        page=filters.page,
        pages=pages,
        items=[_booking_out(b, positions.get(b.pk)) for b in page],
    )


@router.post(
    "/sessions/{session_id}/bookings",
    response={201: BookingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Book a place (or a waitlist spot) in a session",
)
def tutoring_book(request: HttpRequest, session_id: Id, payload: BookIn) -> Status[BookingOut]:
    """Every rule applies as on the booking page; a refusal is ``409`` with the rule and when it lifts."""
    user = signed_in_user(request)
    if not policy.can_book(user):
        raise HttpError(403, "Only students book tutoring sessions.")
    session = get_object_or_404(Session.objects.select_related("tutor__person", "topic"), pk=session_id)
    topic = _topic(payload.topic)
    if topic is None:
        offered = offered_subjects(session)
        if len(offered) != 1:
            raise HttpError(400, "Choose the subject to cover (topic): this tutor covers several.")
        topic = offered[0]
    try:
        booking = booking_create(
            student=user, session=session, topic=topic, note=payload.note, waitlist=payload.waitlist
        )
    except HuddleError as refusal:
        raise HttpError(409, refusal.message) from refusal
    return Status(201, _one_booking(booking))


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: BookingOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Cancel the caller's own booking or waitlist spot",
)
def tutoring_booking_cancel(request: HttpRequest, booking_id: Id) -> BookingOut:
    """Inside the school's cancellation window it counts as a late cancellation; the place goes to the waitlist."""
    user = signed_in_user(request)
    booking = get_object_or_404(Booking.objects.select_related("session__tutor"), pk=booking_id)
    if not policy.can_see_booking(user, booking):
        raise HttpError(404, "Not found.")
    if not policy.can_change_booking(user, booking):
        raise HttpError(403, "Only the student who booked can cancel.")
    try:
        booking = booking_cancel(user=user, booking=booking)
    except HuddleError as refusal:
        raise HttpError(409, refusal.message) from refusal
    return _one_booking(booking)


@router.get("/tutors", response=TutorPageOut, summary="Approved tutors who are not paused, with their subjects")
def tutoring_tutors(request: HttpRequest, filters: Query[TutorFilters]) -> TutorPageOut:
    """By name; ``subject`` (topic id) and ``language`` (code) narrow the list; 50 a page."""
    user = signed_in_user(request)
    earliest = timezone.now() + timedelta(hours=rules_current().lead_time_hours)
    approved = TutorSubject.objects.filter(tutor=OuterRef("pk"), status=TutorSubject.Status.APPROVED)
    rows = Tutor.objects.filter(paused=False).filter(Exists(approved))
    topic = _topic(filters.subject)
    if topic is not None:
        rows = rows.filter(Exists(approved.filter(topic=topic)))
    language = language_by_code(filters.language)
    if language is not None:
        rows = rows.filter(person__profile__languages=language).filter(languages_seen_by(user))
    count = rows.count()
    pages, offset = _pages(count, filters.page, PAGE_SIZE)
    page = list(
        rows.select_related("person__profile")
        .prefetch_related(
            Prefetch(
                "subjects",
                queryset=TutorSubject.objects.filter(status=TutorSubject.Status.APPROVED).select_related("topic"),
                to_attr="approved",
            ),
            "person__profile__languages",
            Prefetch("windows", queryset=Window.objects.filter(active=True), to_attr="active_windows"),
        )
        .annotate(
            next_open=Min(
                "sessions__starts_at",
                filter=Q(sessions__status=Session.Status.OPEN, sessions__starts_at__gte=earliest),
            )
        )
        .order_by("person__last_name", "person__first_name", "pk")[offset : offset + PAGE_SIZE]
    )
    items = []
    for tutor in page:
        profile = getattr(tutor.person, "profile", None)
        shown = profile is not None and accounts_policy.can_see_field(
            user, tutor.person, "languages", profile.visibility_of("languages")
        )
        languages = sorted(lang.code for lang in profile.languages.all()) if shown and profile is not None else []
        items.append(
            TutorOut(
                id=tutor.pk,
                name=name_of(tutor.person),
                subjects=[TopicOut(id=s.topic.pk, name=s.topic.name) for s in tutor.approved],  # type: ignore[attr-defined]
                languages=languages,
                modalities=sorted({w.modality for w in tutor.active_windows}),  # type: ignore[attr-defined]
                next_open_at=_utc(tutor.next_open) if tutor.next_open else None,  # type: ignore[attr-defined]
            )
        )
    return TutorPageOut(count=count, page=filters.page, pages=pages, items=items)
