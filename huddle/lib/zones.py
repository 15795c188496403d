"""Whose clock: a person's own time zone, else the school's.

Stored instants are UTC; a person reads them in the zone of their profile.
An unknown zone name (a profile edited before a zone was retired) falls back
to the school's zone rather than failing the page.
"""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings


def school_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else school_zone()
    except (ZoneInfoNotFoundError, ValueError):
        return school_zone()


def zone_of(person: object) -> ZoneInfo:
    """The zone of ``person.profile`` (no query when the profile is already loaded)."""
    profile = getattr(person, "profile", None)
    return zone_named(getattr(profile, "time_zone", "") or "")
