"""Writes to people, roles and profiles."""

import io
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import Any
from zoneinfo import available_timezones

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from huddle.accounts import policy
from huddle.accounts.availability import WEEK_BYTES
from huddle.accounts.models import (
    LANGUAGE_CHOICES,
    VISIBLE_FIELDS,
    ClassYear,
    Language,
    Modality,
    Profile,
    Role,
    RoleAssignment,
    Specialty,
    Topic,
    User,
    Visibility,
)
from huddle.audit.models import AuditEvent
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError


def language_checked(language: str) -> str:
    """One of the interface's languages, or a HuddleError naming the field."""
    if language not in {code for code, _name in LANGUAGE_CHOICES}:
        raise HuddleError(_("Choose English or Español."), field="language")
    return language


def user_language_set(*, user: User, language: str) -> User:
    """Remember the person's language for pages, notifications and e-mails."""
    user.language = language_checked(language)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(language=user.language)
    return user


def profile_for(user: User) -> Profile:
    """The person's profile, created empty on first use; it keeps ``user`` (roles already read)."""
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.user = user
    return profile


def role_grant(*, user: User, role: str, by: Any) -> bool:
    """Give ``user`` a role; returns False when they already had it.

    ``by=None`` is the system itself (a management command run by the host's
    administrator); people must be coordinators.
    """
    if by is not None and not policy.can_grant_roles(by):
        raise HuddleError(_("Only coordinators may change roles."))
    if role not in Role.values:
        raise HuddleError(_("Unknown role %(role)s.") % {"role": repr(role)}, field="role")
    with transaction.atomic():
        _assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, defaults={"granted_by": by if getattr(by, "pk", None) else None}
        )
        if created:
            audit_record(actor=by, action=AuditEvent.Action.ROLE_GRANTED, target=user.email, detail={"role": role})
    return created


def role_revoke(*, user: User, role: str, by: User | None) -> bool:
    """Take a role away, never the school's last active coordinator, and never one's own.

    A coordinator who removed their own role would lock themselves out of the
    page that gives it back; another coordinator does it for them.
    """
    if by is not None and not policy.can_grant_roles(by):
        raise HuddleError(_("Only coordinators may change roles."))
    with transaction.atomic():
        if role == Role.COORDINATOR:
            if by is not None and by.pk == user.pk:
                raise HuddleError(
                    _("You cannot remove your own coordinator role; ask another coordinator."), field="roles"
                )
            # Lock the coordinator rows so two concurrent revocations cannot
            # both see "another coordinator remains".
            holders = list(RoleAssignment.objects.select_for_update().filter(role=Role.COORDINATOR))
            active = {h.user_id for h in holders} & set(
                User.objects.filter(pk__in=[h.user_id for h in holders], is_active=True).values_list("pk", flat=True)
            )
            if not active - {user.pk}:
                raise HuddleError(_("The school must keep at least one active coordinator."), field="roles")
        deleted, _rows = RoleAssignment.objects.filter(user=user, role=role).delete()
        if deleted:
            audit_record(actor=by, action=AuditEvent.Action.ROLE_REVOKED, target=user.email, detail={"role": role})
    return bool(deleted)


# Profiles, availability and topics -----------------------------------------

#: The owner's photo is re-encoded to one of these, dropping EXIF (GPS) data.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_MAX_SIDE = 800
_NOT_ZONES = {"Factory", "localtime", "posixrules", "posix", "right"}


@cache
def valid_time_zones() -> frozenset[str]:
    """IANA zone names a profile may hold (the host's tz database, minus build artefacts)."""
    return frozenset(z for z in available_timezones() if z.split("/")[0] not in _NOT_ZONES)


def graduation_year_range() -> tuple[int, int]:
    """Plausible graduation years: last year (late finishers) to eight years out (MD-PhD)."""
    year = timezone.now().year
    return year - 1, year + 8


@dataclass(frozen=True)
class ProfileChanges:
    """Everything the profile form submits, saved together by :func:`profile_update`.

    ``class_year`` and ``graduation_year`` apply to students only and are left
    untouched for everyone else.
    """

    display_name: str
    pronouns: str
    time_zone: str
    modality: str
    bio: str
    accessibility_notes: str
    specialties: Sequence[Specialty]
    topics: Sequence[Topic]
    languages: Sequence[Language]
    visibility: Mapping[str, str]
    class_year: int | None = None
    graduation_year: int | None = None
    photo: File | None = None
    remove_photo: bool = False


def _check_length(value: str, limit: int, field: str, label: str) -> None:
    if len(value) > limit:
        message = _("%(label)s must be %(limit)d characters or fewer.") % {"label": label, "limit": limit}
        raise HuddleError(message, field=field)


def _check_visibility(visibility: Mapping[str, str]) -> None:
    for name, level in visibility.items():
        if name not in VISIBLE_FIELDS:
            raise HuddleError(_("Visibility: unknown profile field “%(name)s”.") % {"name": name}, field="visibility")
        if level not in Visibility.values:
            raise HuddleError(_("Choose who sees your %(name)s.") % {"name": name}, field=f"visibility_{name}")


def _check_profile(profile: Profile, changes: ProfileChanges) -> None:
    _check_length(changes.display_name, 120, "display_name", _("Display name"))
    _check_length(changes.pronouns, 40, "pronouns", _("Pronouns"))
    _check_length(changes.bio, 1000, "bio", _("Short bio"))
    _check_length(changes.accessibility_notes, 1000, "accessibility_notes", _("Accessibility notes"))
    if changes.time_zone not in valid_time_zones():
        message = _("Time zone: “%(tz)s” is not a known time zone.") % {"tz": changes.time_zone}
        raise HuddleError(message, field="time_zone")
    if changes.modality not in Modality.values:
        raise HuddleError(_("Modality preference: choose virtual, in person or either."), field="modality")
    _check_visibility(changes.visibility)
    is_student = policy.is_student(profile.user)
    if changes.class_year is not None:
        if not is_student:
            raise HuddleError(_("Class year: only students have a class year."), field="class_year")
        if changes.class_year not in ClassYear.values:
            raise HuddleError(_("Class year must be MS1, MS2, MS3 or MS4."), field="class_year")
    if changes.graduation_year is not None:
        if not is_student:
            raise HuddleError(_("Graduation year: only students have a graduation year."), field="graduation_year")
        low, high = graduation_year_range()
        if not low <= changes.graduation_year <= high:
            raise HuddleError(
                _("Graduation year must be between %(low)d and %(high)d.") % {"low": low, "high": high},
                field="graduation_year",
            )
    # A deactivated topic may be kept by people who already chose it, not newly picked.
    held = set(profile.topics.values_list("pk", flat=True)) if profile.pk else set()
    for topic in changes.topics:
        if not topic.is_active and topic.pk not in held:
            message = _("Courses and topics: %(name)s is no longer offered.") % {"name": topic.name}
            raise HuddleError(message, field="topics")


def photo_checked(upload: File) -> str:
    """The image format of an uploaded photo, or HuddleError (field ``photo``).

    Accepts JPEG, PNG or WebP of at most 2 MB; Pillow reads the file, so a
    renamed text file or a decompression bomb is refused.
    """
    if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
        raise HuddleError(_("Photo: the file must be 2 MB or smaller."), field="photo")
    bad_type = HuddleError(_("Photo: the file must be a JPEG, PNG or WebP image."), field="photo")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format or ""
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise bad_type from error
    finally:
        upload.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise bad_type
    if width * height > PHOTO_MAX_PIXELS:
        raise HuddleError(_("Photo: the image has too many pixels; use a smaller one."), field="photo")
    return image_format


def photo_prepared(upload: File) -> ContentFile:
    """The checked photo re-encoded without its metadata (EXIF, GPS), at most 800 pixels a side."""
    image_format = photo_checked(upload)
    bad_type = HuddleError(_("Photo: the file must be a JPEG, PNG or WebP image."), field="photo")
    try:
        with Image.open(upload) as original:
            image = ImageOps.exif_transpose(original) or original
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format=image_format)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise bad_type from error
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{PHOTO_FORMATS[image_format]}")


def profile_update(*, profile: Profile, changes: ProfileChanges, by: Any) -> Profile:
    """Save the whole profile form: every field and list, or nothing at all."""
    if not policy.can_edit_profile(by, profile.user):
        raise HuddleError(_("You can only edit your own profile."))
    _check_profile(profile, changes)
    new_photo = photo_prepared(changes.photo) if changes.photo is not None else None
    storage = profile.photo.storage
    replaced = profile.photo.name if (new_photo is not None or changes.remove_photo) else ""
    saved_name = ""
    try:
        with transaction.atomic():
            profile.display_name = changes.display_name.strip()
            profile.pronouns = changes.pronouns.strip()
            profile.time_zone = changes.time_zone
            profile.modality = changes.modality
            profile.bio = changes.bio.strip()
            profile.accessibility_notes = changes.accessibility_notes.strip()
            profile.visibility = {**profile.visibility, **changes.visibility}
            if policy.is_student(profile.user):
                profile.class_year = changes.class_year
                profile.graduation_year = changes.graduation_year
            if new_photo is not None:
                saved_name = storage.save(f"photos/{new_photo.name}", new_photo)
                profile.photo.name = saved_name
            elif changes.remove_photo:
                profile.photo.name = ""
            profile.save()
            profile.specialties.set(changes.specialties)
            profile.topics.set(changes.topics)
            profile.languages.set(changes.languages)
            if replaced:
                transaction.on_commit(partial(storage.delete, replaced))
    except Exception:
        # The row was rolled back; do not leave the new file behind.
        if saved_name:
            storage.delete(saved_name)
        raise
    return profile


def availability_set(*, profile: Profile, week: bytes, by: Any, visibility: str | None = None) -> Profile:
    """Replace the weekly pattern (42 bytes, owner's own zone) and optionally who sees it."""
    if not policy.can_edit_profile(by, profile.user):
        raise HuddleError(_("You can only edit your own availability."))
    if len(week) != WEEK_BYTES:
        raise HuddleError(_("Weekly availability must cover all 336 half-hour blocks."), field="availability")
    if visibility is not None:
        _check_visibility({"availability": visibility})
    with transaction.atomic():
        profile.availability = week
        fields = ["availability", "updated_at"]
        if visibility is not None:
            profile.visibility = {**profile.visibility, "availability": visibility}
            fields.append("visibility")
        profile.save(update_fields=fields)
    return profile


def accessibility_notes_read(*, profile: Profile, by: Any) -> str:
    """Someone else's accessibility notes, with the read recorded in the audit log."""
    if not policy.can_see_accessibility_notes(by, profile.user):
        raise HuddleError(_("Accessibility notes are private."))
    if by.pk != profile.user_id and profile.accessibility_notes:
        audit_record(
            actor=by,
            action=AuditEvent.Action.PROFILE_PRIVATE_READ,
            target=profile.user.email,
            detail={"field": "accessibility_notes"},
        )
    return profile.accessibility_notes


#: Roles whose removal takes a second, deliberate confirmation.
CONFIRM_REMOVAL = frozenset({Role.COORDINATOR, Role.WELLBEING})


def roles_set(
    *, user: User, roles: Iterable[str], by: User, confirmed: bool = False
) -> tuple[list[str], list[str]]:
    """Make ``user`` hold exactly ``roles``; returns (granted, revoked), all or nothing.

    Removing a staff role (coordinator, well-being) takes ``confirmed``: it
    takes away access to tools and data at once.
    """
    if not policy.can_grant_roles(by):
        raise HuddleError(_("Only coordinators may change roles."))
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise HuddleError(_("Roles: “%(role)s” is not a role.") % {"role": sorted(unknown)[0]}, field="roles")
    granted: list[str] = []
    revoked: list[str] = []
    with transaction.atomic():
        held = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
        removing = sorted((held - wanted) & CONFIRM_REMOVAL)
        if removing and not confirmed:
            labels = ", ".join(str(Role(role).label).lower() for role in removing)
            raise HuddleError(
                _("Tick the box to confirm that %(name)s loses the %(roles)s role.") % {"name": user, "roles": labels},
                field="confirm",
            )
        for role in sorted(wanted - held):
            if role_grant(user=user, role=role, by=by):
                granted.append(role)
        for role in sorted(held - wanted):
            if role_revoke(user=user, role=role, by=by):
                revoked.append(role)
    user.__dict__.pop("_role_cache", None)  # role_set re-reads on next use
    return granted, revoked


def _topic_name_checked(name: str, *, exclude_pk: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise HuddleError(_("Name: enter the topic's name."), field="name")
    _check_length(name, 120, "name", _("Name"))
    clashes = Topic.objects.filter(name__iexact=name)
    if exclude_pk is not None:
        clashes = clashes.exclude(pk=exclude_pk)
    clash = clashes.first()
    if clash is not None:
        raise HuddleError(_("Name: %(name)s already exists.") % {"name": clash.name}, field="name")
    return name


def _taxonomy_audit(by: Any, change: str, topic: Topic, **extra: str) -> None:
    audit_record(
        actor=by,
        action=AuditEvent.Action.TAXONOMY_CHANGED,
        target=topic.name,
        detail={"change": change, "topic_id": topic.pk, "kind": topic.kind, **extra},
    )


def _require_taxonomy_editor(by: Any) -> None:
    if not policy.can_edit_taxonomy(by):
        raise HuddleError(_("Only coordinators may change courses and topics."))


def topic_create(*, name: str, kind: str, by: Any) -> Topic:
    _require_taxonomy_editor(by)
    if kind not in Topic.Kind.values:
        raise HuddleError(_("Kind: choose organ system, discipline or course."), field="kind")
    name = _topic_name_checked(name)
    try:
        with transaction.atomic():
            topic = Topic.objects.create(name=name, kind=kind)
            _taxonomy_audit(by, "created", topic)
    except IntegrityError as error:  # A concurrent create won the race.
        raise HuddleError(_("Name: %(name)s already exists.") % {"name": name}, field="name") from error
    return topic


def topic_rename(*, topic: Topic, name: str, by: Any) -> Topic:
    _require_taxonomy_editor(by)
    name = _topic_name_checked(name, exclude_pk=topic.pk)
    old = topic.name
    if name == old:
        return topic
    try:
        with transaction.atomic():
            topic.name = name
            topic.save(update_fields=["name"])
            _taxonomy_audit(by, "renamed", topic, old_name=old)
    except IntegrityError as error:
        topic.name = old
        raise HuddleError(_("Name: %(name)s already exists.") % {"name": name}, field="name") from error
    return topic


def _topic_set_active(topic: Topic, active: bool, by: Any) -> Topic:
    _require_taxonomy_editor(by)
    if topic.is_active == active:
        return topic
    with transaction.atomic():
        topic.is_active = active
        topic.save(update_fields=["is_active"])
        _taxonomy_audit(by, "reactivated" if active else "deactivated", topic)
    return topic


def topic_deactivate(*, topic: Topic, by: Any) -> Topic:
    """Hide a topic from new choices; people who chose it keep it."""
    return _topic_set_active(topic, False, by)


def topic_reactivate(*, topic: Topic, by: Any) -> Topic:
    return _topic_set_active(topic, True, by)
