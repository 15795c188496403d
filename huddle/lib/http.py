"""Request helpers: what htmx asked for, and ids parsed once with a clear refusal."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from huddle.lib.errors import HuddleError

#: Primary keys are 64-bit signed integers on PostgreSQL and SQLite alike.
MAX_ID = 2**63 - 1


def bad_request(request: HttpRequest, error: HuddleError) -> HttpResponse:
    """A 400 page that says what was wrong, for input no form could have sent."""
    return render(request, "errors/400.html", {"message": error.message}, status=400)


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request wants a fragment of the page, not the whole page."""
    return request.headers.get("HX-Request") == "true"


def parse_id(value: object, *, field: str) -> int:
    """A database id from user input, or a ``HuddleError`` naming the field.

    Rejects what the database would choke on (an id beyond 64 bits raises
    ``OverflowError`` on SQLite) as well as what is simply not a number.
    """
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19 or not 0 < int(text) <= MAX_ID:
        raise HuddleError(_("%(field)s must be the id of an item (a whole number).") % {"field": field}, field=field)
    return int(text)


def parse_ids(values: Iterable[object], *, field: str) -> list[int]:
    """Several ids, each checked as :func:`parse_id` does."""
    return [parse_id(value, field=field) for value in values]


def deny_unless(allowed: bool) -> None:
    """Refuse the request (403) unless a ``policy.can_…`` answer allowed it."""
    if not allowed:
        raise PermissionDenied


def signed_in_id(request: HttpRequest) -> int:
    """The signed-in person's id, for views behind ``login_required``."""
    if not request.user.is_authenticated or request.user.pk is None:
        raise PermissionDenied
    return int(request.user.pk)
