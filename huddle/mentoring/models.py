"""Mentoring programs: cycles, enrollments, proposals and the life of a pair.

Invariants that concurrency must not break live in the database:
one active mentorship per mentee per tier, a mentor never above capacity
(each active mentorship takes a numbered slot ≤ the mentor's capacity, and
slots are unique), one pending request per mentee and mentor.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MatchingMode(models.TextChoices):
    OPTIMAL = "optimal", _("Algorithmic: best total fit")
    STABLE = "stable", _("Algorithmic: stable (NRMP-style, mentee-proposing)")
    SELF_SELECT = "self_select", _("Mentees choose; mentors approve")


class Tier(models.TextChoices):
    """Two-tier cycles give each mentee a faculty and a near-peer mentor."""

    PEER = "peer", _("Near-peer (senior student) mentor")
    FACULTY = "faculty", _("Faculty mentor")


class FocusArea(models.TextChoices):
    CAREER = "career", _("Career and specialty")
    ACADEMICS = "academics", _("Academics and Step 1")
    RESEARCH = "research", _("Research")
    WELLBEING = "wellbeing", _("Well-being")
    IDENTITY = "identity", _("Professional identity")


class MeetingModality(models.TextChoices):
    VIRTUAL = "virtual", _("Virtual")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")


class Cycle(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ENROLLING = "enrolling", _("Enrollment open")
        MATCHING = "matching", _("Matching")
        ACTIVE = "active", _("Running")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("cycle starts"))
    ends_on = models.DateField(_("cycle ends"))
    enrollment_opens = models.DateField(_("enrollment opens"))
    enrollment_closes = models.DateField(_("enrollment closes"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    mode = models.CharField(
        _("matching mode"), max_length=20, choices=MatchingMode.choices, default=MatchingMode.OPTIMAL
    )
    two_tier = models.BooleanField(_("two mentor tiers (faculty and near-peer)"), default=False)
    # Who may take part: class years 1–4 (MS1–MS4); faculty mentor when allowed.
    mentee_class_years = models.JSONField(default=list)
    mentor_class_years = models.JSONField(default=list)
    faculty_may_mentor = models.BooleanField(default=True)
    default_capacity = models.PositiveSmallIntegerField(_("default mentor capacity"), default=2)
    max_capacity = models.PositiveSmallIntegerField(_("maximum mentor capacity"), default=4)
    # Criteria weights (engine's Weights fields) and the preset they came from.
    weights = models.JSONField(default=dict)
    weights_preset = models.CharField(max_length=40, blank=True)
    require_shared_language = models.BooleanField(default=False)
    min_year_gap = models.PositiveSmallIntegerField(_("minimum seniority gap (years)"), default=1)
    min_weekly_hours = models.DecimalField(
        _("minimum weekly availability (hours)"), max_digits=4, decimal_places=1, default=2
    )
    no_repeat_pairs = models.BooleanField(_("never repeat a pairing from an earlier cycle"), default=True)
    check_in_every_weeks = models.PositiveSmallIntegerField(default=3)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="cycle_ends_after_start"),
            models.CheckConstraint(
                condition=Q(enrollment_closes__gte=F("enrollment_opens")), name="cycle_enrollment_window"
            ),
            models.CheckConstraint(
                condition=Q(max_capacity__gte=F("default_capacity")) & Q(default_capacity__gte=1),
                name="cycle_capacity_bounds",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def tiers(self) -> list[str]:
        return [Tier.FACULTY, Tier.PEER] if self.two_tier else [Tier.PEER]


class Enrollment(models.Model):
    """A person's place in a cycle as mentee or (per tier) mentor."""

    class Side(models.TextChoices):
        MENTEE = "mentee", _("Mentee")
        MENTOR = "mentor", _("Mentor")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="enrollments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_enrollments")
    side = models.CharField(max_length=10, choices=Side.choices)
    # Mentors belong to one tier; mentees have an empty tier (they get one per tier).
    tier = models.CharField(max_length=10, choices=Tier.choices, blank=True)
    goals = models.TextField(_("goals"), max_length=2000, blank=True)
    focus_areas = models.JSONField(default=list)
    capacity = models.PositiveSmallIntegerField(_("how many mentees"), default=0)
    # Ranked requests and blocks: user ids on the other side.
    requests = models.JSONField(default=list)
    blocks = models.JSONField(default=list)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle", "side", "user"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "user", "side"], name="one_enrollment_per_side"),
            models.CheckConstraint(
                condition=Q(side="mentee", capacity=0, tier="") | Q(side="mentor", capacity__gte=1) & ~Q(tier=""),
                name="enrollment_side_fields",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_side_display()} in {self.cycle}"


class MatchRun(models.Model):
    """One background run of the engine for one tier of a cycle."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="runs")
    tier = models.CharField(max_length=10, choices=Tier.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    stats = models.JSONField(default=dict)
    # mentee user id → why they are unmatched, in plain words.
    unmatched = models.JSONField(default=dict)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.cycle} {self.tier} run {self.pk}: {self.status}"


class ProposedPair(models.Model):
    """A pair in the coordinator's proposal, editable until publication."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="proposed_pairs")
    tier = models.CharField(max_length=10, choices=Tier.choices)
    mentee = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list)
    locked = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "tier", "mentee"], name="one_proposal_per_mentee_tier"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} → {self.mentor_id} ({self.tier})"


class ForbiddenPair(models.Model):
    """A pair the coordinator ruled out; re-runs never propose it."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="forbidden_pairs")
    tier = models.CharField(max_length=10, choices=Tier.choices)
    mentee = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "tier", "mentee", "mentor"], name="forbidden_once"),
        ]

    def __str__(self) -> str:
        return f"not {self.mentee_id} → {self.mentor_id} ({self.tier})"


class Mentorship(models.Model):
    """A published pair and its life, from first meeting to its ending."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        COMPLETED_EARLY = "completed_early", _("Completed early")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="mentorships")
    tier = models.CharField(max_length=10, choices=Tier.choices)
    mentee = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="as_mentee")
    mentor = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="as_mentor")
    # Capacity in the database: slot is unique per mentor among active pairs
    # and never above the capacity copied here when the pair was made.
    slot = models.PositiveSmallIntegerField()
    mentor_capacity = models.PositiveSmallIntegerField()
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    end_reason = models.TextField(blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    needs_rematch = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "tier", "mentee"], condition=Q(status="active"), name="one_active_mentor_per_tier"
            ),
            models.UniqueConstraint(
                fields=["mentor", "slot"], condition=Q(status="active"), name="mentor_slot_unique"
            ),
            models.CheckConstraint(
                condition=Q(slot__gte=1) & Q(slot__lte=F("mentor_capacity")), name="mentor_slot_within_capacity"
            ),
        ]

    def __str__(self) -> str:
        return f"Mentorship {self.pk} in {self.cycle_id}: {self.status}"


class MentorRequest(models.Model):
    """Self-select mode: a mentee asks a mentor, who accepts or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the mentor")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="requests")
    tier = models.CharField(max_length=10, choices=Tier.choices)
    mentee = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"], condition=Q(status="pending"), name="one_pending_request_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"Request {self.mentee_id} → {self.mentor_id}: {self.status}"


class PlannedMeeting(models.Model):
    """A meeting the pair has arranged, as it appears in their calendars.

    One row per arranged meeting, for life: moving it keeps the row (and its
    calendar UID) and raises ``sequence``; cancelling keeps it too, marked, so
    subscribed calendars drop it instead of keeping a stale copy.
    """

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="planned_meetings")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    place = models.CharField(max_length=200, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["mentorship", "starts_at"], name="planned_meeting_pair_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=600),
                name="planned_meeting_duration_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting of pair {self.mentorship_id} at {self.starts_at:%Y-%m-%d %H:%M}"


class Goal(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    focus_area = models.CharField(max_length=20, choices=FocusArea.choices, blank=True)
    due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The form's one-time token: a form sent twice creates one goal.
    submission = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["mentorship", "submission"], name="goal_submitted_once")]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    done_at = models.DateTimeField(null=True, blank=True)
    submission = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["goal", "submission"], name="milestone_submitted_once")]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """A logged meeting; notes are private to the pair, never shown to staff."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    met_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField()
    modality = models.CharField(max_length=20)
    topics = models.JSONField(default=list)
    private_notes = models.TextField(max_length=5000, blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submission = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-met_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "submission"], name="meeting_submitted_once"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=600), name="meeting_duration_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting on {self.met_on}"


class CheckIn(models.Model):
    """A short pulse every few weeks; the comment is for coordinators only."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="check_ins")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="check_in_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.rating}/5"


class FitCheck(models.Model):
    """The early "is this a good fit?" question, asked of both sides once."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="fit_checks")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    good_fit = models.BooleanField()
    comment = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mentorship", "by"], name="one_fit_check_each")]

    def __str__(self) -> str:
        return f"Fit check: {'good' if self.good_fit else 'not a good fit'}"


class RematchRequest(models.Model):
    """A request to re-pair a mentee; private to coordinators (no-fault)."""

    class Kind(models.TextChoices):
        ASKED = "asked", _("Asked by a participant")
        FIT_CHECK = "fit_check", _("Not a good fit (early check)")
        MENTOR_WITHDREW = "mentor_withdrew", _("Mentor withdrew")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="rematch_requests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Rematch request ({self.kind})"


class SurveyResponse(models.Model):
    """The end-of-cycle survey; one per person per cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="survey_responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=10, choices=Enrollment.Side.choices)
    rating = models.PositiveSmallIntegerField()
    would_recommend = models.BooleanField()
    comment = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "user"], name="one_survey_per_cycle"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="survey_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"Survey {self.rating}/5"
