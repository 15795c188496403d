"""Study groups: groups students form themselves, their sessions, and the pools coordinators form groups from.

Membership is capacity-safe below the services: every active member holds a
numbered seat, unique per group, handed out under the group's row lock, so a
group never holds more people than its size limit even when the last place is
taken by several people at once (SQLite serialises writers with ``BEGIN
IMMEDIATE``; PostgreSQL with the row lock).

Times: a group's usual meeting times (``meeting_week``) are 336 half-hour
blocks in the school's zone, so discovery compares every group with the
viewer's week shifted once. A session stores UTC instants; a weekly series is
cut occurrence by occurrence in the group's zone, so 18:00 stays 18:00 across
daylight saving.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from huddle.accounts.availability import EMPTY_WEEK, WEEK_BYTES
from huddle.accounts.models import ClassYear, Language, Topic

MIN_GROUP_SIZE = 2
MAX_GROUP_SIZE = 20


class Goal(models.TextChoices):
    STEP1 = "step1", _("Step 1 dedicated period")
    STEP2 = "step2", _("Step 2 CK")
    BLOCK_EXAM = "block_exam", _("Block exam")
    SHELF = "shelf", _("Shelf exams")
    OSCE = "osce", _("OSCE practice")
    COURSEWORK = "coursework", _("Weekly coursework")


class Modality(models.TextChoices):
    VIRTUAL = "virtual", _("Virtual")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class StudyGroup(models.Model):
    """A study group: who may join and how, where it meets, and when it usually meets."""

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone may join at once")
        REQUEST = "request", _("By request: an organiser approves")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("course or topic")
    )
    goal = models.CharField(_("goal"), max_length=20, choices=Goal.choices)
    modality = models.CharField(_("modality"), max_length=12, choices=Modality.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    meeting_link = models.URLField(_("meeting link"), blank=True)
    language = models.ForeignKey(
        Language, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    capacity = models.PositiveSmallIntegerField(_("size limit"), default=6)
    join_policy = models.CharField(_("joining"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN)
    listed = models.BooleanField(_("listed in Find a group"), default=True)
    #: The secret of the invitation link; a new one revokes the old, empty means no link.
    invite_token = models.CharField(max_length=43, blank=True, default="")
    #: Usual meeting times, 336 half-hour blocks in the school's zone.
    meeting_week = models.BinaryField(max_length=WEEK_BYTES, default=EMPTY_WEEK)
    #: Whose zone weekly sessions are cut in (the organiser's at creation).
    time_zone = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    #: Set when the last organiser left and nobody could take the role over.
    needs_organiser = models.BooleanField(default=False)
    pool = models.ForeignKey("Pool", null=True, blank=True, on_delete=models.SET_NULL, related_name="groups")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status", "listed"], name="groups_group_listed")]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=MIN_GROUP_SIZE, capacity__lte=MAX_GROUP_SIZE), name="groups_group_capacity"
            ),
            models.UniqueConstraint(
                fields=["invite_token"], condition=~Q(invite_token=""), name="groups_group_invite_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in a group, or their request for one.

    Active members hold a seat (unique per group); requests, departures and
    refusals hold none and stay as the record.
    """

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Member")
        REQUESTED = "requested", _("Asked to join")
        DECLINED = "declined", _("Request declined")
        WITHDRAWN = "withdrawn", _("Request withdrawn")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=Status.choices)
    seat = models.PositiveSmallIntegerField(null=True, blank=True)
    request_note = models.CharField(_("a note to the organisers"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        indexes = [models.Index(fields=["person", "status"], name="groups_membership_person")]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(status__in=["active", "requested"]),
                name="groups_membership_live_once",
            ),
            models.UniqueConstraint(
                fields=["group", "seat"], condition=Q(seat__isnull=False), name="groups_membership_seat_once"
            ),
            models.CheckConstraint(
                condition=Q(status="active", seat__isnull=False, seat__gte=1, seat__lte=MAX_GROUP_SIZE)
                | (~Q(status="active") & Q(seat__isnull=True)),
                name="groups_membership_seat_when_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.group} ({self.status})"


class GroupSession(models.Model):
    """One meeting of a group; a weekly series is one row per week sharing ``series``."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(max_length=64)
    series = models.UUIDField(null=True, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=120, blank=True)
    agenda = models.TextField(_("agenda"), max_length=2000, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    meeting_link = models.URLField(_("meeting link"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    attendance_taken_at = models.DateTimeField(null=True, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["group", "status", "starts_at"], name="groups_session_group")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="groups_session_ends"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.starts_at:%Y-%m-%d %H:%M}"


class Rsvp(models.Model):
    """A member's answer for one session."""

    class Answer(models.TextChoices):
        YES = "yes", _("Going")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("Not going")

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=6, choices=Answer.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="groups_rsvp_once")]

    def __str__(self) -> str:
        return f"{self.person} {self.answer} {self.session_id}"


class Attendance(models.Model):
    """Who came to a session, as an organiser recorded it."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="groups_attendance_once")]

    def __str__(self) -> str:
        return f"{self.person} {'present' if self.present else 'absent'} {self.session_id}"


class Post(models.Model):
    """A post on the group's board: markdown, rendered sanitised."""

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("post"), max_length=5000)
    link = models.URLField(_("link"), blank=True)
    removed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"post {self.pk} in {self.group_id}"


class ProblemReport(models.Model):
    """A member's report of a problem in a group, read by coordinators."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    details = models.TextField(_("what happened"), max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(_("what was done"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"report {self.pk} on {self.group_id}"


class Pool(models.Model):
    """A coordinator's auto-formation pool for a course or cohort: students opt in, the engine forms groups."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for opting in")
        CLOSED = "closed", _("Closed: forming groups")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("course or topic")
    )
    class_year = models.PositiveSmallIntegerField(
        _("cohort (class year)"), choices=ClassYear.choices, null=True, blank=True
    )
    modality = models.CharField(_("modality of the groups"), max_length=12, choices=Modality.choices)
    min_size = models.PositiveSmallIntegerField(_("smallest group"), default=4)
    max_size = models.PositiveSmallIntegerField(_("largest group"), default=6)
    min_common_hours = models.DecimalField(_("minimum common hours a week"), max_digits=4, decimal_places=1, default=2)
    #: Attributes a student may opt in to (e.g. "First-generation student"); nobody is left alone with one.
    protected_attributes = models.JSONField(default=list, blank=True)
    mix_years = models.BooleanField(_("mix class years in every group"), default=False)
    opt_in_closes_at = models.DateTimeField(_("opting in closes"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_size__gte=MIN_GROUP_SIZE, max_size__lte=MAX_GROUP_SIZE, max_size__gte=F("min_size")),
                name="groups_pool_sizes",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PoolEntry(models.Model):
    """A student's opt-in to a pool, with what the engine needs (pre-filled from their profile)."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="entries")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    goal = models.CharField(_("goal"), max_length=20, choices=Goal.choices)
    #: "virtual", "in_person" or "either" (the engine's words).
    modality = models.CharField(_("modality"), max_length=12)
    #: 336 half-hour blocks in ``time_zone`` (the student's own zone).
    availability = models.BinaryField(max_length=WEEK_BYTES, default=EMPTY_WEEK)
    time_zone = models.CharField(max_length=64)
    #: The pool's protected attributes this student chose to share (coordinators only see them).
    attributes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["pool", "student"], name="groups_pool_entry_once")]

    def __str__(self) -> str:
        return f"{self.student} in {self.pool}"


class FormationRun(models.Model):
    """One background run of the engine on a pool, with progress for the coordinator's page."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    seed = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stats = models.JSONField(default=dict)
    #: PoolEntry id (as a string) → reason code and data, for students left unplaced.
    unplaced = models.JSONField(default=dict)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pool} run {self.pk}: {self.status}"


class ProposedGroup(models.Model):
    """A group in the pool's proposal, editable (move, lock) until publication."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="proposed_groups")
    number = models.PositiveSmallIntegerField()
    locked = models.BooleanField(default=False)
    #: Reasons as the engine's codes with data, worded when read.
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["number", "pk"]
        constraints = [models.UniqueConstraint(fields=["pool", "number"], name="groups_proposed_number_once")]

    def __str__(self) -> str:
        return f"{self.pool} group {self.number}"


class ProposedMember(models.Model):
    """One pool entry in one proposed group (an entry is in at most one)."""

    proposed_group = models.ForeignKey(ProposedGroup, on_delete=models.CASCADE, related_name="members")
    entry = models.OneToOneField(PoolEntry, on_delete=models.CASCADE, related_name="proposed")

    def __str__(self) -> str:
        return f"{self.entry_id} in {self.proposed_group_id}"
