"""Training: modules with versioned quizzes, completions, role requirements, sign-offs and workshops.

A quiz is an immutable *version*: editing a published module's quiz writes a
new version, so attempts and completions keep pointing at the questions the
person actually answered, and a past completion stays valid until it
expires, never because a coordinator fixed a typo.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huddle.lib.qualification import PeerRole


def verification_code() -> str:
    """Twelve unambiguous characters, printed on a certificate and checked on the verify page."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Module(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("content"), blank=True)
    body_html = models.TextField(blank=True)
    #: ``[{"title": …, "url": …}]``: links only; the school's CSP forbids third-party frames.
    videos = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    valid_for_days = models.PositiveIntegerField(_("valid for (days)"), null=True, blank=True)
    requires_workshop = models.BooleanField(_("requires attending a workshop"), default=False)
    #: The quiz version people take now (None until a quiz is written).
    current_quiz = models.ForeignKey("QuizVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class QuizVersion(models.Model):
    """One immutable version of a module's quiz: questions, options, correct options and the pass mark."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="quiz_versions")
    number = models.PositiveIntegerField()
    pass_mark = models.PositiveSmallIntegerField()
    #: ``[{"text": …, "options": [...], "correct": [indices]}]``
    questions = models.JSONField(default=list)
    #: The text the coordinator wrote (one question per block), for editing.
    source = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["module", "number"], name="training_quiz_version_unique"),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1) & Q(pass_mark__lte=100), name="training_pass_mark_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module_id} v{self.number}"


class Attempt(models.Model):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_attempts")
    quiz = models.ForeignKey(QuizVersion, on_delete=models.PROTECT, related_name="attempts")
    #: ``[[chosen option indices] per question]``
    answers = models.JSONField(default=list)
    score = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    submitted_at = models.DateTimeField()
    submission = models.UUIDField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "quiz"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "submission"], name="training_attempt_once"),
        ]

    def __str__(self) -> str:
        return f"attempt {self.pk} ({self.score} %)"


class Completion(models.Model):
    """A person completed a module: passed its quiz (and attended a workshop when the module asks)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_completions")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="completions")
    quiz = models.ForeignKey(QuizVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    attempt = models.ForeignKey(Attempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    completed_at = models.DateTimeField()
    #: Fixed when completed, from the module's rule then: a later change of rule does not rewrite certificates.
    expires_at = models.DateTimeField(null=True, blank=True)
    code = models.CharField(max_length=12, unique=True, default=verification_code)

    class Meta:
        indexes = [models.Index(fields=["person", "module", "completed_at"])]

    def __str__(self) -> str:
        return f"completion {self.code}"


class RoleRequirement(models.Model):
    """What a peer role requires; a role without a row requires nothing."""

    class SignOffBy(models.TextChoices):
        NOBODY = "", _("No sign-off")
        WELLBEING = "wellbeing", _("Well-being staff")
        COORDINATOR = "coordinator", _("A coordinator")

    role = models.CharField(max_length=20, choices=PeerRole.choices, unique=True)
    sign_off_by = models.CharField(max_length=20, choices=SignOffBy.choices, default="", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=PeerRole.values), name="training_requirement_role"),
        ]

    def __str__(self) -> str:
        return self.role


class RequiredModule(models.Model):
    requirement = models.ForeignKey(RoleRequirement, on_delete=models.CASCADE, related_name="modules")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="required_by")
    #: Renew sooner for this role than the module's own rule (e.g. Crisis response yearly for listeners).
    valid_for_days = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["requirement", "module"], name="training_required_module_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}:{self.module_id}"


class SignOff(models.Model):
    """Staff vouch that a candidate may take a role; revocable, never deleted."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_sign_offs")
    role = models.CharField(max_length=20, choices=PeerRole.choices)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    given_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role"], condition=Q(revoked_at__isnull=True), name="training_one_live_sign_off"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} sign-off {self.pk}"


class Workshop(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    virtual_link = models.URLField(_("video call link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="training_workshop_ends"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_workshop_capacity"),
        ]

    def __str__(self) -> str:
        return self.title


class Rsvp(models.Model):
    """A person's place (``seat``) or waitlist position at a workshop.

    Seats are numbered 1…capacity and unique per workshop, so even a
    service bug cannot give the same place twice; the waitlist is ordered by
    ``waitlisted_at`` (first come, first promoted).
    """

    class Status(models.TextChoices):
        GOING = "going", _("Going")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_rsvps")
    status = models.CharField(max_length=12, choices=Status.choices)
    seat = models.PositiveIntegerField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "person"], name="training_rsvp_once"),
            models.UniqueConstraint(fields=["workshop", "seat"], name="training_rsvp_seat_unique"),
            models.CheckConstraint(
                condition=(Q(status="going") & Q(seat__gte=1)) | (~Q(status="going") & Q(seat__isnull=True)),
                name="training_rsvp_seat_iff_going",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id}:{self.person_id} {self.status}"
