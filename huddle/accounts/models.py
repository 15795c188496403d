"""People, their roles, profiles and the school's taxonomies."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huddle.accounts.availability import EMPTY_WEEK, WEEK_BYTES
from huddle.lib.mail import EmailClaim

#: The languages of Huddle's interface, named in themselves.
LANGUAGE_CHOICES = [("en", "English"), ("es", "Español")]


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    FACULTY = "faculty", _("Faculty")
    COORDINATOR = "coordinator", _("Coordinator")
    WELLBEING = "wellbeing", _("Well-being staff")


class ClassYear(models.IntegerChoices):
    MS1 = 1, "MS1"
    MS2 = 2, "MS2"
    MS3 = 3, "MS3"
    MS4 = 4, "MS4"


class Modality(models.TextChoices):
    VIRTUAL = "virtual", _("Virtual")
    IN_PERSON = "in_person", _("In person")
    EITHER = "either", _("Either")


class Visibility(models.TextChoices):
    EVERYONE = "everyone", _("Everyone at the school")
    STAFF = "staff", _("Program staff only")
    ONLY_ME = "only_me", _("Only me")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person at the school; the e-mail address is the log-in."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text=_("May use the Django admin."))
    # The language Huddle speaks to this person, on pages and in e-mails and
    # notifications; empty means the browser's (pages) or the school's (mail).
    language = models.CharField(_("language"), max_length=8, blank=True, choices=LANGUAGE_CHOICES)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def role_set(self) -> frozenset[str]:
        """The person's roles, read once per request object and cached on it."""
        cached: frozenset[str] | None = getattr(self, "_role_cache", None)
        if cached is None:
            roles = self.roles.values_list("role", flat=True) if self.pk is not None else []
            cached = frozenset(roles)
            self._role_cache = cached
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.role_set


class RoleAssignment(models.Model):
    """One role held by one person; a person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_assignment_per_role"),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="role_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class Specialty(models.Model):
    """A specialty from the AAMC Careers in Medicine list."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A course or topic; USMLE Step 1 systems and disciplines by default."""

    class Kind(models.TextChoices):
        SYSTEM = "system", _("Organ system")
        DISCIPLINE = "discipline", _("Discipline")
        COURSE = "course", _("Course")

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COURSE)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A spoken language (ISO 639-1 code)."""

    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


#: Profile fields whose visibility a person chooses.
VISIBLE_FIELDS = ("pronouns", "photo", "class_year", "specialties", "topics", "languages", "bio", "availability")


def default_visibility() -> dict[str, str]:
    return {name: Visibility.EVERYONE.value for name in VISIBLE_FIELDS}


class Profile(models.Model):
    """What a person shares about themselves; matching reads it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    class_year = models.PositiveSmallIntegerField(
        _("class year"), choices=ClassYear.choices, null=True, blank=True
    )
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    specialties = models.ManyToManyField(Specialty, blank=True, verbose_name=_("specialty interests"))
    topics = models.ManyToManyField(Topic, blank=True, verbose_name=_("courses and topics"))
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages spoken"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    modality = models.CharField(
        _("modality preference"), max_length=20, choices=Modality.choices, default=Modality.EITHER
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    accessibility_notes = models.TextField(
        _("accessibility notes"),
        max_length=1000,
        blank=True,
        help_text=_("Private: seen only by you and the coordinators who arrange your sessions."),
    )
    visibility = models.JSONField(default=default_visibility)
    # 336 half-hour blocks, Monday 00:00 first, in the person's own time zone.
    availability = models.BinaryField(max_length=WEEK_BYTES, default=EMPTY_WEEK)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(class_year__isnull=True) | Q(class_year__gte=1, class_year__lte=4),
                name="class_year_ms1_to_ms4",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.user.get_full_name() or self.user.email

    def visibility_of(self, field: str) -> str:
        value = self.visibility.get(field, Visibility.EVERYONE.value)
        return str(value)


class RosterImport(models.Model):
    """One uploaded roster file: previewed first, committed all-or-nothing."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Awaiting review")
        COMMITTED = "committed", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    # Empty when the import ran from the command line (``manage.py import_roster``).
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEW)
    # Parsed rows with their per-row errors, as shown on the preview page.
    rows = models.JSONField(default=list)
    summary = models.JSONField(default=dict)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class Invitation(EmailClaim):
    """The invitation e-mail owed to one person a roster import created.

    ``sent_at`` stays empty until the e-mail has gone (claimed, sent, then
    confirmed: ``huddle/lib/mail.py``), so a task that runs twice sends it once.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    roster_import = models.ForeignKey(
        RosterImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.user}"
