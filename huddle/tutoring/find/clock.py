"""Tutoring pages speak the viewer's clock: the zone of their profile, whatever the session says."""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from huddle.lib.zones import zone_of


def in_viewer_zone[**P](
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Render (and parse) times in the viewer's profile zone.

    The middleware activates the zone remembered at sign-in; a profile changed
    since, or a session opened another way, must not show another clock.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        with timezone.override(zone_of(request.user)):
            return view(request, *args, **kwargs)

    return wrapped
