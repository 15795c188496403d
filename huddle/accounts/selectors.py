"""Reading people and profiles, showing each viewer only what they may see.

Every field a person can hide is checked against ``policy.can_see_field``
here, so views and templates never decide visibility themselves.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from huddle.accounts import policy
from huddle.accounts.availability import (
    BLOCKS_PER_DAY,
    DAYS,
    as_ranges,
    blocks_from_bytes,
    hours_per_week,
    shift_to_zone,
)
from huddle.accounts.models import VISIBLE_FIELDS, Profile, Role, Topic, User, Visibility

DAY_NAMES = {
    "mon": gettext_lazy("Monday"),
    "tue": gettext_lazy("Tuesday"),
    "wed": gettext_lazy("Wednesday"),
    "thu": gettext_lazy("Thursday"),
    "fri": gettext_lazy("Friday"),
    "sat": gettext_lazy("Saturday"),
    "sun": gettext_lazy("Sunday"),
}
DIRECTORY_PAGE_SIZE = 25
EN_DASH = "\u2013"


def profile_of(user: Any) -> Profile | None:
    """The person's profile if it was already loaded or exists, else None (never creates one)."""
    try:
        return user.profile  # type: ignore[no-any-return]
    except Profile.DoesNotExist:
        return None


def _role_labels(user: User) -> list[str]:
    # Reads the prefetched ``roles``; no query when the selector prefetched them.
    return [str(Role(a.role).label) for a in sorted(user.roles.all(), key=lambda a: a.role)]


def _class_label(profile: Profile) -> str:
    if profile.class_year:
        return profile.get_class_year_display()
    if profile.graduation_year:
        return _("Class of %(year)d") % {"year": profile.graduation_year}
    return ""


def _sees(viewer: Any, user: User, profile: Profile | None, name: str) -> bool:
    return profile is not None and policy.can_see_field(viewer, user, name, profile.visibility_of(name))


# Directory -----------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    text: str = ""
    class_year: int | None = None
    role: str = ""
    language: str = ""


@dataclass(frozen=True)
class PersonRow:
    pk: int
    name: str
    email: str
    pronouns: str
    roles: list[str]
    class_label: str
    languages: list[str]
    is_active: bool


def _visible_to(viewer: Any, name: str) -> Q:
    """Rows whose ``name`` field the viewer may see: the query twin of can_see_field."""
    levels = policy.visibilities_seen_by(viewer)
    visible = Q(pk=getattr(viewer, "pk", None))
    if levels:
        visible |= Q(**{f"profile__visibility__{name}__in": sorted(levels)})
        if Visibility.EVERYONE in levels:
            # Profiles saved before a field existed default to "everyone".
            visible |= ~Q(profile__visibility__has_key=name)
    return visible


def directory_people(*, viewer: Any, filters: DirectoryFilters) -> QuerySet[User]:
    """People matching the filters; a filter on a hidden field never matches it."""
    users = User.objects.select_related("profile").prefetch_related("roles", "profile__languages")
    if not policy.can_see_inactive_people(viewer):
        users = users.filter(is_active=True)
    for term in filters.text.split():
        users = users.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(email__icontains=term)
            | Q(profile__display_name__icontains=term)
        )
    if filters.class_year:
        users = users.filter(Q(profile__class_year=filters.class_year) & _visible_to(viewer, "class_year"))
    if filters.role:
        users = users.filter(roles__role=filters.role)
    if filters.language:
        users = users.filter(Q(profile__languages__code=filters.language) & _visible_to(viewer, "languages"))
    return users.order_by("last_name", "first_name", "pk")


def directory_rows(*, viewer: Any, users: Any) -> list[PersonRow]:
    """One row per person on a directory page, hidden fields left blank."""
    rows = []
    for user in users:
        profile = profile_of(user)
        rows.append(
            PersonRow(
                pk=user.pk,
                name=profile.name if profile else str(user),
                email=user.email,
                pronouns=profile.pronouns if profile and _sees(viewer, user, profile, "pronouns") else "",
                roles=_role_labels(user),
                class_label=_class_label(profile) if profile and _sees(viewer, user, profile, "class_year") else "",
                languages=[lang.name for lang in profile.languages.all()]
                if profile and _sees(viewer, user, profile, "languages")
                else [],
                is_active=user.is_active,
            )
        )
    return rows


# One profile ---------------------------------------------------------------


def person_for_profile(*, viewer: Any, user_id: int) -> User:
    """The person and everything their profile page shows, in a fixed number of queries."""
    users = User.objects.select_related("profile").prefetch_related(
        "roles", "profile__specialties", "profile__topics", "profile__languages"
    )
    if not policy.can_see_inactive_people(viewer):
        users = users.filter(is_active=True)
    return get_object_or_404(users, pk=user_id)


@dataclass(frozen=True)
class DayHours:
    day: str
    ranges: list[str]


@dataclass
class ProfileCard:
    """What one viewer sees of one person's profile; hidden fields are absent."""

    user: User
    name: str
    roles: list[str]
    is_self: bool
    modality: str = ""
    time_zone: str = ""
    shown: set[str] = field(default_factory=set)
    pronouns: str = ""
    has_photo: bool = False
    class_label: str = ""
    specialties: list[str] = field(default_factory=list)
    topics: list[tuple[str, list[str]]] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    bio: str = ""
    availability: list[DayHours] = field(default_factory=list)
    availability_hours: float = 0
    viewer_zone: str = ""
    common_hours: float | None = None


def _topics_by_kind(profile: Profile) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for topic in sorted(profile.topics.all(), key=lambda t: (t.kind, t.name)):
        groups.setdefault(str(topic.get_kind_display()), []).append(topic.name)
    return list(groups.items())


def week_as_days(week: bytes) -> list[DayHours]:
    """The weekly pattern as one line per day with hours, e.g. "Monday 18:00 to 21:00"."""
    ranges = as_ranges(week)
    return [
        DayHours(day=str(DAY_NAMES[day]), ranges=[r.replace("-", EN_DASH) for r in ranges[day]])
        for day in DAYS
        if day in ranges
    ]


def common_blocks(a: bytes, b: bytes) -> int:
    """Half-hour blocks free in both weeks (already in the same time zone)."""
    return sum(bin(x & y).count("1") for x, y in zip(bytes(a), bytes(b), strict=True))


def profile_card(*, viewer: Any, user: User, viewer_profile: Profile | None, at: datetime) -> ProfileCard:
    """Build the profile page for ``viewer``; availability is shifted to the viewer's zone at ``at``."""
    profile = profile_of(user)
    card = ProfileCard(
        user=user,
        name=profile.name if profile else str(user),
        roles=_role_labels(user),
        is_self=getattr(viewer, "pk", None) == user.pk,
    )
    if profile is None:
        return card
    card.modality = profile.get_modality_display()
    card.time_zone = profile.time_zone
    card.shown = {name for name in VISIBLE_FIELDS if _sees(viewer, user, profile, name)}
    if "pronouns" in card.shown:
        card.pronouns = profile.pronouns
    if "photo" in card.shown:
        card.has_photo = bool(profile.photo)
    if "class_year" in card.shown:
        card.class_label = _class_label(profile)
    if "specialties" in card.shown:
        card.specialties = [s.name for s in profile.specialties.all()]
    if "topics" in card.shown:
        card.topics = _topics_by_kind(profile)
    if "languages" in card.shown:
        card.languages = [lang.name for lang in profile.languages.all()]
    if "bio" in card.shown:
        card.bio = profile.bio
    if "availability" in card.shown:
        zone = viewer_profile.time_zone if viewer_profile else settings.TIME_ZONE
        shifted = shift_to_zone(profile.availability, profile.time_zone, zone, at)
        card.viewer_zone = zone
        card.availability = week_as_days(shifted)
        card.availability_hours = hours_per_week(shifted)
        if viewer_profile is not None and not card.is_self:
            card.common_hours = common_blocks(shifted, bytes(viewer_profile.availability)) / 2
    return card


# Availability grid ---------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    block: int
    on: bool
    label: str


@dataclass(frozen=True)
class GridRow:
    time: str
    cells: list[GridCell]


def _clock(slot: int) -> str:
    return f"{slot // 2:02d}:{slot % 2 * 30:02d}"


def availability_grid(week: bytes) -> list[GridRow]:
    """48 rows (half hours) by 7 columns (days) for the editing grid, Monday first."""
    blocks = blocks_from_bytes(week)
    days = [str(DAY_NAMES[d]) for d in DAYS]
    rows = []
    for slot in range(BLOCKS_PER_DAY):
        span = f"{_clock(slot)}{EN_DASH}{_clock(slot + 1)}"
        cells = [
            GridCell(block=d * BLOCKS_PER_DAY + slot, on=blocks[d * BLOCKS_PER_DAY + slot], label=f"{name} {span}")
            for d, name in enumerate(days)
        ]
        rows.append(GridRow(time=_clock(slot), cells=cells))
    return rows


# Taxonomy ------------------------------------------------------------------


def topics_for_editing() -> list[tuple[str, list[Topic]]]:
    """All topics, active or not, grouped by kind, each with how many profiles chose it."""
    groups: dict[str, list[Topic]] = {str(label): [] for _value, label in Topic.Kind.choices}
    for topic in Topic.objects.annotate(people=Count("profile")).order_by("kind", "name"):
        groups[str(topic.get_kind_display())].append(topic)
    return [(label, topics) for label, topics in groups.items()]


def person_with_profile(*, viewer: Any, user_id: int) -> User:
    """The person and their profile row only (for the photo)."""
    users = User.objects.select_related("profile")
    if not policy.can_see_inactive_people(viewer):
        users = users.filter(is_active=True)
    return get_object_or_404(users, pk=user_id)


def hours_label(hours: float) -> str:
    """Say "1 hour" or "12.5 hours"; ngettext needs a whole number, half hours take the plural."""
    if hours == int(hours):
        return ngettext("%(n)d hour", "%(n)d hours", int(hours)) % {"n": int(hours)}
    return _("%(n)s hours") % {"n": f"{hours:g}"}


def request_user(request: HttpRequest) -> User:
    """The signed-in person of a view behind ``login_required``, typed as such."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
