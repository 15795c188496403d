"""Certificates (the person's own, printable), verification by code, and the coordinators' report."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from huddle.accounts.http import signed_in_user
from huddle.lib.http import deny_unless
from huddle.training import policy
from huddle.training.certificates.selectors import completion_report
from huddle.training.models import Completion


@login_required
@require_GET
def certificate(request: HttpRequest, completion_id: int) -> HttpResponse:
    """Only the holder sees their certificate: which modules someone took can hint at a well-being role."""
    user = signed_in_user(request)
    completion = get_object_or_404(Completion.objects.select_related("module", "person__profile"), pk=completion_id)
    if completion.person_id != user.pk:
        raise Http404
    return render(request, "training/certificate.html", {"completion": completion, "now": timezone.now()})


@login_required
@require_GET
def certificate_verify(request: HttpRequest) -> HttpResponse:
    """Whoever the holder gave the code to checks it here; without the code nothing is shown."""
    signed_in_user(request)
    code = request.GET.get("code", "").strip().upper().replace("-", "").replace(" ", "")[:12]
    found = None
    if code:
        found = Completion.objects.select_related("module", "person").filter(code=code).first()
    context = {"code": code, "found": found, "searched": bool(code), "now": timezone.now()}
    return render(request, "training/verify.html", context)


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    deny_unless(policy.can_read_report(user))
    return render(request, "training/report.html", {"report": completion_report(now=timezone.now())})
