"""Peer tutoring: tutors approved per subject, weekly windows cut into bookable sessions, bookings.

Times: a :class:`Window` is wall-clock time in a named zone ("Tuesdays 18:00–20:00,
America/New_York"); the :class:`Session` rows cut from it store UTC instants, so
a weekly 18:00 stays 18:00 local across daylight saving and every viewer sees
the instant in their own zone.

No double-booking is enforced below the services: seats are numbered and unique
per session (a session never holds more people than places), and on PostgreSQL
two exclusion constraints (migration 0002) refuse a tutor two overlapping live
sessions and a student two overlapping bookings. On SQLite writers are
serialised (``BEGIN IMMEDIATE``) and the services check the same overlaps
inside the writing transaction.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import Language, Topic
from huddle.lib.mail import EmailClaim

MAX_GROUP_PLACES = 8
SESSION_MINUTES = (30, 45, 60, 90, 120)


class Modality(models.TextChoices):
    VIRTUAL = "virtual", _("Virtual")
    IN_PERSON = "in_person", _("In person")


class Tutor(models.Model):
    """A student who applied to tutor; what they may tutor is in :class:`TutorSubject`."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutor")
    statement = models.TextField(_("why you want to tutor"), max_length=1500)
    paused = models.BooleanField(_("paused"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.person)


class TutorSubject(models.Model):
    """One subject a tutor asked to tutor, approved (or declined) by a coordinator on its own."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    tutor = models.ForeignKey(Tutor, on_delete=models.CASCADE, related_name="subjects")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["topic__name"]
        constraints = [models.UniqueConstraint(fields=["tutor", "topic"], name="tutoring_subject_once")]

    def __str__(self) -> str:
        return f"{self.tutor} · {self.topic}"


class Window(models.Model):
    """A weekly window a tutor offers, in wall-clock time of ``time_zone``, cut into sessions."""

    tutor = models.ForeignKey(Tutor, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("day"))  # 0 = Monday
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    time_zone = models.CharField(max_length=64)
    session_minutes = models.PositiveSmallIntegerField(_("session length"), default=60)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    modality = models.CharField(_("modality"), max_length=12, choices=Modality.choices)
    meeting_link = models.URLField(_("meeting link"), blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"), default=1)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="tutoring_window_weekday"),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="tutoring_window_ends"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_GROUP_PLACES), name="tutoring_window_capacity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tutor} {self.weekday} {self.starts}-{self.ends}"


class BlockedDate(models.Model):
    """A day (in the tutor's zone) on which no window is cut into sessions."""

    tutor = models.ForeignKey(Tutor, on_delete=models.CASCADE, related_name="blocked_dates")
    day = models.DateField(_("date"))

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["tutor", "day"], name="tutoring_blocked_once")]

    def __str__(self) -> str:
        return f"{self.tutor} {self.day}"


class Session(models.Model):
    """One bookable time with a tutor: cut from a window, or added once."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    tutor = models.ForeignKey(Tutor, on_delete=models.CASCADE, related_name="sessions")
    window = models.ForeignKey(Window, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    modality = models.CharField(max_length=12, choices=Modality.choices)
    meeting_link = models.URLField(blank=True)
    room = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"], name="tutoring_session_open")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="tutoring_session_ends"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_GROUP_PLACES), name="tutoring_session_capacity"
            ),
            models.UniqueConstraint(
                fields=["window", "starts_at"], condition=Q(window__isnull=False), name="tutoring_session_cut_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tutor} {self.starts_at:%Y-%m-%d %H:%M}"


class Booking(models.Model):
    """A student's place (``seat``) or waitlist spot in a session.

    ``starts_at``/``ends_at`` copy the session's times so that the database can
    refuse a student two overlapping live bookings (PostgreSQL exclusion).
    """

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")

    #: A place held at some time: booked, then attended or missed.
    HELD = (Status.BOOKED, Status.ATTENDED, Status.NO_SHOW)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutoring_bookings")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject"))
    note = models.TextField(_("what you would like to cover"), max_length=1000, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    seat = models.PositiveSmallIntegerField(null=True, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    series = models.UUIDField(null=True, blank=True, db_index=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_late = models.BooleanField(default=False)
    cancelled_by_tutor = models.BooleanField(default=False)
    tutor_notes = models.TextField(_("notes for the student"), max_length=2000, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["student", "status", "starts_at"], name="tutoring_booking_student")]
        constraints = [
            # One live row per student and session; cancelled rows stay as the record (late or not).
            models.UniqueConstraint(
                fields=["session", "student"], condition=~Q(status="cancelled"), name="tutoring_booking_once"
            ),
            models.UniqueConstraint(
                fields=["session", "seat"], condition=Q(seat__isnull=False), name="tutoring_booking_seat_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["booked", "attended", "no_show"], seat__isnull=False, seat__gte=1)
                | Q(status__in=["waitlisted", "cancelled"], seat__isnull=True),
                name="tutoring_booking_seat_when_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.session}"


class Rating(models.Model):
    """A student's rating of a session they attended: coordinators read it; the tutor sees only averages of 5+."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="rating")
    stars = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="tutoring_rating_stars")]

    def __str__(self) -> str:
        return f"{self.stars}★ {self.booking_id}"


class BookingEmail(EmailClaim):
    """An e-mail a booking owes its student, as a row with a send time and a status.

    Kinds: the confirmation (with the ``.ics``) at once, a reminder 24 h and one
    1 h before, and a notice when the booking is moved or cancelled. A moved
    booking cancels its scheduled rows and schedules new ones; a reminder whose
    time has already passed when it would be scheduled is never created, so
    nothing is sent late.
    """

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Booking confirmation")
        REMINDER_DAY = "reminder_day", _("Reminder a day before")
        REMINDER_HOUR = "reminder_hour", _("Reminder an hour before")
        CANCELLATION = "cancellation", _("Cancellation notice")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    send_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    #: The booking's calendar sequence when this row was written: a resend says the same thing.
    booking_sequence = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["send_at", "pk"]
        indexes = [models.Index(fields=["status", "send_at"], name="tutoring_email_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.booking_id} {self.send_at:%Y-%m-%d %H:%M}"


class Rules(models.Model):
    """The school's booking rules: one row, edited by coordinators."""

    lead_time_hours = models.PositiveSmallIntegerField(_("book at least this many hours ahead"), default=12)
    cancel_window_hours = models.PositiveSmallIntegerField(
        _("cancel or move at least this many hours ahead"), default=24
    )
    max_per_day = models.PositiveSmallIntegerField(_("bookings per student per day"), default=2)
    max_per_week = models.PositiveSmallIntegerField(_("bookings per student per week"), default=4)
    max_tutor_hours_per_week = models.PositiveSmallIntegerField(_("booked hours per tutor per week"), default=10)
    no_back_to_back = models.BooleanField(_("no back-to-back bookings for a student"), default=False)
    no_show_limit = models.PositiveSmallIntegerField(_("no-shows before booking is suspended"), default=2)
    no_show_term_days = models.PositiveSmallIntegerField(_("no-shows count over this many days"), default=120)
    suspension_days = models.PositiveSmallIntegerField(_("suspension in days"), default=14)
    horizon_weeks = models.PositiveSmallIntegerField(_("weeks ahead open for booking"), default=6)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "rules"

    def __str__(self) -> str:
        return "tutoring rules"


class UnmetSearch(models.Model):
    """A search for a tutor that found no open session: demand the school can answer."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField(null=True, blank=True)
    hour = models.PositiveSmallIntegerField(null=True, blank=True)
    modality = models.CharField(max_length=12, blank=True)
    language = models.ForeignKey(Language, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["day"], name="tutoring_unmet_day")]

    def __str__(self) -> str:
        return f"unmet {self.topic_id} {self.day}"
