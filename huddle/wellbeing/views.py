"""Well-being pages that must work for anyone, signed in or not."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def crisis(request: HttpRequest) -> HttpResponse:
    """Crisis resources: public, one click from every page, no sign-in needed."""
    return render(request, "wellbeing/crisis.html")
