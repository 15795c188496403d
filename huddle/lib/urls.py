"""Absolute links for places outside a request: e-mails, calendar feeds."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the school's Huddle (``HUDDLE_BASE_URL``); full URLs pass through."""
    if not path.startswith("/"):
        return path
    return f"{settings.HUDDLE_BASE_URL.rstrip('/')}{path}"


def site_host() -> str:
    """The host name of the school's Huddle, for identifiers that must be globally unique."""
    return urlsplit(settings.HUDDLE_BASE_URL).hostname or "localhost"
