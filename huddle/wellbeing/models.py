"""Well-being rows: the school's crisis resources, private check-ins, students' stories.

Check-ins belong to one student and are shown to that student only; staff
read them through ``reports`` as suppressed totals, never as rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CrisisResource(models.Model):
    """One of the school's own lines or services, shown beside 988 and 911 on the crisis page."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        WEB = "web", _("Website or chat")

    label = models.CharField(_("name"), max_length=120)
    channel = models.CharField(_("how to reach it"), max_length=8, choices=Channel.choices)
    contact = models.CharField(_("number or address"), max_length=200)
    hours = models.CharField(_("hours"), max_length=120, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("order", "label", "pk")
        constraints = [models.CheckConstraint(condition=~Q(label=""), name="wellbeing_resource_has_label")]

    def __str__(self) -> str:
        return self.label


class BurnoutAnswer(models.IntegerChoices):
    """The single-item burnout question (after the Mini-Z / Physician Work Life Study item), in our words."""

    ENJOY = 1, _("I enjoy my studies and have no signs of burnout.")
    STRESSED = 2, _("I'm stressed at times and short of energy now and then, but I don't feel burned out.")
    STARTING = 3, _("I'm starting to burn out: I have one or more signs, such as feeling drained in body or mind.")
    PERSISTING = 4, _("My burnout symptoms aren't going away, and frustrations at school are on my mind a lot.")
    COMPLETE = 5, _("I feel completely burned out and often wonder whether I can keep going. I may need help.")


#: Answers counted as "burned out" in reports (the item's usual cut-off: 3 or more).
BURNED_OUT_FROM = 3


class CheckIn(models.Model):
    """A student's answer for one ISO week; a second answer that week replaces the first."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    #: The Monday of the ISO week.
    week = models.DateField()
    burnout = models.PositiveSmallIntegerField(choices=BurnoutAnswer.choices)
    sleep_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    stress = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("week",)
        constraints = [
            models.UniqueConstraint(fields=("student", "week"), name="wellbeing_one_checkin_per_week"),
            models.CheckConstraint(condition=Q(burnout__gte=1, burnout__lte=5), name="wellbeing_burnout_1_5"),
            models.CheckConstraint(condition=Q(stress__gte=1, stress__lte=5), name="wellbeing_stress_1_5"),
            models.CheckConstraint(
                condition=Q(sleep_hours__isnull=True) | Q(sleep_hours__lte=16), name="wellbeing_sleep_0_16"
            ),
        ]
        indexes = [models.Index(fields=("week",), name="wellbeing_checkin_week")]

    def __str__(self) -> str:
        return f"check-in {self.pk} ({self.week})"


class CheckInReminder(models.Model):
    """A student's opt-in to a weekly nudge; the nudge says nothing about any answer."""

    student = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"reminder {self.pk}"


class ReminderSent(models.Model):
    """One row per student and week: the lock that makes a week's nudge go out once."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=("student", "week"), name="wellbeing_one_reminder_per_week")]

    def __str__(self) -> str:
        return f"reminder sent {self.pk} ({self.week})"


class Theme(models.TextChoices):
    EXAMS = "exams", _("Exams and setbacks")
    ACCOMMODATIONS = "accommodations", _("Accommodations")
    LEAVE = "leave", _("Taking a leave")
    CLINICAL = "clinical", _("Clinical years")
    HEALTH = "health", _("Health and mental health")
    BELONGING = "belonging", _("Belonging and identity")
    FAMILY = "family", _("Family and money")
    CAREER = "career", _("Residency and career")


class Story(models.Model):
    """A student's experience, published only after well-being staff approve it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wellbeing_stories")
    anonymous = models.BooleanField(default=True)
    title = models.CharField(max_length=140)
    body = models.TextField()
    body_html = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    submission = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ("-published_at", "-submitted_at", "-pk")
        indexes = [models.Index(fields=("status", "published_at"), name="wellbeing_story_status")]

    def __str__(self) -> str:
        return self.title


class StoryTheme(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=20, choices=Theme.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("story", "theme"), name="wellbeing_story_theme_once")]

    def __str__(self) -> str:
        return self.theme


class Reaction(models.TextChoices):
    HELPED = "helped", _("This helped me")
    SAME = "same", _("Me too")
    THANKS = "thanks", _("Thank you for sharing")


class StoryReaction(models.Model):
    """One reaction of each kind per reader and story; counts are shown, readers never."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="reactions")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Reaction.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("story", "reader", "kind"), name="wellbeing_one_reaction_per_kind")
        ]

    def __str__(self) -> str:
        return self.kind
