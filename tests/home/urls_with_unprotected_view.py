"""Huddle's URL map plus one view that forgot ``@login_required``.

Only ``test_url_access.py`` loads it, to prove the access walk catches a
view shipped unprotected by accident.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from huddle.urls import handler400, handler403, handler404, handler500
from huddle.urls import urlpatterns as huddle_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def forgot_login_required(request: HttpRequest, item_id: int) -> HttpResponse:
    return HttpResponse("secret list of mentees")


urlpatterns = [*huddle_urlpatterns, path("oops/<int:item_id>/", forgot_login_required, name="oops")]
