"""The public crisis page and the well-being staff's editor for the school's own resources."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.lib.forms import attempt
from huddle.lib.http import deny_unless
from huddle.wellbeing import policy
from huddle.wellbeing.crisis import services
from huddle.wellbeing.crisis.forms import CrisisResourceForm
from huddle.wellbeing.crisis.selectors import campus_resources
from huddle.wellbeing.models import CrisisResource


@require_GET
def crisis(request: HttpRequest) -> HttpResponse:
    """Crisis resources: public, one click from every page, no sign-in needed, nothing recorded."""
    resources = campus_resources()
    context = {
        "resources": resources,
        "demo": any(r.fictional for r in resources),
        "can_edit": policy.can_edit_crisis_resources(request.user),
    }
    return render(request, "wellbeing/crisis.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def crisis_manage(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_edit_crisis_resources(request.user))
    form = CrisisResourceForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: services.crisis_resource_create(user=signed_in_user(request), **form.cleaned_data))
    ):
        messages.success(request, _("Resource added. It shows on the crisis page now."))
        return redirect("wellbeing:crisis_manage")
    context = {"form": form, "resources": CrisisResource.objects.all()}
    return render(request, "wellbeing/crisis_manage.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def crisis_edit(request: HttpRequest, resource_id: int) -> HttpResponse:
    deny_unless(policy.can_edit_crisis_resources(request.user))
    resource = get_object_or_404(CrisisResource, pk=resource_id)
    initial = {f: getattr(resource, f) for f in ("label", "channel", "contact", "hours", "notes", "order")}
    form = CrisisResourceForm(request.POST if request.method == "POST" else None, initial=initial)
    user = signed_in_user(request)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: services.crisis_resource_update(user=user, resource=resource, **form.cleaned_data))
    ):
        messages.success(request, _("Resource saved."))
        return redirect("wellbeing:crisis_manage")
    context = {"form": form, "resource": resource}
    return render(request, "wellbeing/crisis_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def crisis_delete(request: HttpRequest, resource_id: int) -> HttpResponse:
    deny_unless(policy.can_edit_crisis_resources(request.user))
    resource = get_object_or_404(CrisisResource, pk=resource_id)
    services.crisis_resource_delete(user=signed_in_user(request), resource=resource)
    messages.success(request, _("Resource removed."))
    return redirect("wellbeing:crisis_manage")
