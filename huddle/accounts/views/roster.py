"""Placeholder: being written."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


roster_import = roster_preview = roster_commit = _todo
