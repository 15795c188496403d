"""Creating and editing a group, its invitation link, and archiving it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.accounts.models import User
from huddle.groups import policy
from huddle.groups.models import StudyGroup
from huddle.groups.setup import services
from huddle.groups.setup.forms import GroupForm, InviteForm
from huddle.lib.errors import HuddleError
from huddle.lib.forms import attempt
from huddle.lib.http import deny_unless
from huddle.lib.urls import absolute_url
from huddle.lib.zones import zone_of


def _group_to_run(request: HttpRequest, group_id: int) -> tuple[User, StudyGroup]:
    """The group for its organisers and coordinators: 404 for who may not see it, 403 for who may only see it."""
    user = signed_in_user(request)
    group = StudyGroup.objects.select_related("topic", "language").filter(pk=group_id).first()
    if group is None or not policy.can_see_group(user, group):
        raise Http404
    deny_unless(policy.can_run_group(user, group))
    return user, group


def invite_url(group: StudyGroup) -> str:
    """The invitation link to share, absolute (it is pasted into chats and e-mails), or "" when there is none."""
    if not group.invite_token:
        return ""
    return absolute_url(reverse("groups:invitation", args=[group.invite_token]))


@login_required
@require_http_methods(["GET", "POST"])
def group_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    deny_unless(policy.can_create_group(user))
    zone = zone_of(user)
    form = GroupForm(request.POST if request.method == "POST" else None, zone=zone, now=timezone.now())
    status = 200
    if request.method == "POST":
        created: list[StudyGroup] = []
        if form.is_valid() and attempt(
            form, lambda: created.append(services.group_create(organiser=user, details=form.details()))
        ):
            messages.success(request, _("Your group is ready. Share it, or schedule its first session."))
            return redirect("groups:group", created[0].pk)
        status = 400
    return render(request, "groups/setup/form.html", {"form": form, "zone": zone.key, "group": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, group_id: int) -> HttpResponse:
    user, group = _group_to_run(request, group_id)
    zone = zone_of(user)
    now = timezone.now()
    initial = GroupForm.initial_for(group, zone=zone, now=now)
    form = GroupForm(request.POST if request.method == "POST" else None, initial=initial, zone=zone, now=now)
    status = 200
    if request.method == "POST":
        # Untouched rows keep the stored times exactly (a pool's group may have more than the form shows).
        if form.is_valid() and attempt(
            form,
            lambda: services.group_update(
                actor=user, group=group, details=form.details(keep_week=not form.rows_changed())
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect("groups:group", group.pk)
        status = 400
    context = {
        "form": form,
        "zone": zone.key,
        "group": group,
        "invite_url": invite_url(group),
        "archived": group.status == StudyGroup.Status.ARCHIVED,
    }
    return render(request, "groups/setup/form.html", context, status=status)


@login_required
@require_POST
def invite(request: HttpRequest, group_id: int) -> HttpResponse:
    """Renew (a new link; the old one stops working) or revoke the invitation link."""
    user, group = _group_to_run(request, group_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return render(request, "errors/400.html", {"message": _("Choose to renew or revoke the link.")}, status=400)
    try:
        if form.cleaned_data["action"] == "renew":
            services.invite_link_renew(actor=user, group=group)
            messages.success(request, _("A new invitation link is ready; the old one no longer works."))
        else:
            services.invite_link_revoke(actor=user, group=group)
            messages.success(request, _("The invitation link no longer works."))
    except HuddleError as error:
        messages.error(request, error.message)
    return redirect(reverse("groups:edit", args=[group.pk]) + "#invitation")


@login_required
@require_http_methods(["GET", "POST"])
def archive(request: HttpRequest, group_id: int) -> HttpResponse:
    """Ask first (what archiving does), then archive."""
    user, group = _group_to_run(request, group_id)
    if request.method == "POST":
        try:
            services.group_archive(actor=user, group=group)
        except HuddleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The group is archived. Members keep its page and history."))
        return redirect("groups:group", group.pk)
    return render(request, "groups/setup/archive.html", {"group": group})
