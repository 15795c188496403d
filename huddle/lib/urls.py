"""URL helpers: absolute links for e-mails and feeds, and the ``<id:…>`` path converter.

Importing this module registers the converter; every URLconf with ids imports it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import register_converter

from huddle.lib.http import MAX_ID


def absolute_url(path: str) -> str:
    """``path`` on the school's Huddle (``HUDDLE_BASE_URL``); full URLs pass through."""
    if not path.startswith("/"):
        return path
    return f"{settings.HUDDLE_BASE_URL.rstrip('/')}{path}"


def site_host() -> str:
    """The host name of the school's Huddle, for identifiers that must be globally unique."""
    return urlsplit(settings.HUDDLE_BASE_URL).hostname or "localhost"


class IdConverter:
    """``<id:pk>``: a database id, 1 to 2**63 − 1.

    Django's ``<int:…>`` takes any run of digits, and a 30-digit id then
    overflows the database driver (a 500); an id out of range simply does
    not match, so the answer is 404.
    """

    regex = "[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
