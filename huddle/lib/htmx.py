"""htmx and HTTP caches: one URL, two kinds of answer.

A view may answer the same URL with a fragment for htmx (which sends
``HX-Request: true``) and with the whole page otherwise. Unless responses
say that they vary on that header, a browser or proxy cache can hand the
bare fragment to a plain page load, for example on Back. Every response
says so, rather than trusting each view to remember.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers


class VaryOnHtmxMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response
