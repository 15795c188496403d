"""Coordinators' page for spaces and their staff, and the moderators' export of a space."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.accounts.models import User
from huddle.audit.services import audit_record
from huddle.forum import policy
from huddle.forum.models import Space
from huddle.forum.spaces import services
from huddle.forum.spaces.forms import SpaceForm, StaffForm
from huddle.forum.threads.selectors import space_export_rows
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.spreadsheet import csv_safe


@login_required
@require_http_methods(["GET", "POST"])
def spaces_manage(request: HttpRequest) -> HttpResponse:
    if not policy.can_manage_spaces(request.user):
        raise PermissionDenied
    form = SpaceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            space = services.space_create(
                user=signed_in_user(request),
                name=data["name"],
                kind=data["kind"],
                description=data["description"],
                topic=data["topic"],
            )
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Space “%(name)s” created.") % {"name": space.name})
            return redirect("forum:spaces_manage")
    spaces = Space.objects.prefetch_related("staff__user__profile").order_by("is_archived", "kind", "name")
    context = {"form": form, "spaces": spaces, "staff_form": StaffForm()}
    return render(request, "forum/spaces_manage.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def space_staff(request: HttpRequest, slug: str) -> HttpResponse:
    """Add (or with ``remove=1`` take away) a faculty member or moderator of the space."""
    space = get_object_or_404(Space, slug=slug)
    if not policy.can_manage_spaces(request.user):
        raise PermissionDenied
    form = StaffForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the person's e-mail address and a duty."))
        return redirect("forum:spaces_manage")
    person = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
    if person is None:
        messages.error(request, _("Nobody at the school has the e-mail address %(email)s.") % form.cleaned_data)
        return redirect("forum:spaces_manage")
    on = request.POST.get("remove") != "1"
    try:
        services.space_staff_set(
            user=signed_in_user(request),
            space=space,
            person=person,
            duty=form.cleaned_data["duty"],
            on=on,
        )
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Staff of “%(space)s” updated.") % {"space": space.name})
    return redirect("forum:spaces_manage")


@login_required
@require_POST
def space_archive(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(Space, slug=slug)
    if not policy.can_manage_spaces(request.user):
        raise PermissionDenied
    services.space_archive(user=signed_in_user(request), space=space, archived=request.POST.get("on") == "1")
    return redirect("forum:spaces_manage")


@login_required
@require_GET
def space_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The space's threads as CSV for its moderators; authors as the exporter sees them (anonymous stays so)."""
    space = get_object_or_404(Space, slug=slug)
    if not policy.can_moderate(request.user, space):
        raise PermissionDenied
    audit_record(actor=request.user, action="forum.export", target=f"forum-space:{space.pk}")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{space.slug}-threads.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Thread"), _("Kind"), _("Title"), _("Author"), _("Created"), _("Answers"), _("Verified")])
    for row in space_export_rows(viewer=request.user, space=space):
        writer.writerow([csv_safe(str(v)) for v in row])
    return response
