"""Placeholder: being written."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


profile_edit = availability_edit = time_zone_detect = profile_detail = profile_photo = _todo
