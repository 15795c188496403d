"""Huddle's URL map plus a view that crashes, for the 500-page test only."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from huddle.urls import handler400, handler403, handler404, handler500
from huddle.urls import urlpatterns as huddle_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret detail that must not reach the page")


urlpatterns = [*huddle_urlpatterns, path("boom/", boom)]
