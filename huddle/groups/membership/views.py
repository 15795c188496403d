"""Joining, asking to join, the invitation link's landing, leaving, and the organisers' decisions on members.

Every change is a POST that redirects to the group page with a message. A
refusal (the last place just taken, a request decided in another tab) draws
the group page with the reason and 409, as a refused booking does in
tutoring: the person sees where things stand now, not a stale page.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huddle.accounts.http import signed_in_user
from huddle.accounts.models import User
from huddle.groups import policy
from huddle.groups.membership import selectors, services
from huddle.groups.membership.forms import JoinForm, RequestForm
from huddle.groups.models import Membership, StudyGroup
from huddle.groups.page.selectors import group_by_token, person_name
from huddle.groups.page.views import render_group_page, visible_group
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import deny_unless


def _refused(request: HttpRequest, group: StudyGroup, error: HuddleError, *, token: str = "") -> HttpResponse:
    """The group page as it is now (members re-read), with the service's reason, 409."""
    messages.error(request, error.message)
    return render_group_page(request, group, token=token, status=409)


def _after_change(request: HttpRequest, group: StudyGroup) -> HttpResponse:
    """Back to the group page, or to the groups home when the viewer can no longer see the group."""
    user = signed_in_user(request)
    fresh = StudyGroup.objects.filter(pk=group.pk).first()
    if fresh is None or not policy.can_see_group(user, fresh):
        return redirect("groups:home")
    return redirect("groups:group", group.pk)


@login_required
@require_POST
def join(request: HttpRequest, group_id: int) -> HttpResponse:
    """Take a place in an open group at once (an invite-only one with its link's token)."""
    user = signed_in_user(request)
    form = JoinForm(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else ""
    group = visible_group(request, group_id, token=token)[1]
    deny_unless(policy.can_join_groups(user))
    try:
        services.membership_join(person=user, group=group, token=token)
    except HuddleError as error:
        return _refused(request, group, error, token=token)
    messages.success(request, _("Welcome to %(group)s. The organisers are told.") % {"group": group.name})
    return redirect("groups:group", group.pk)


@login_required
@require_POST
def request_to_join(request: HttpRequest, group_id: int) -> HttpResponse:
    """Ask to join; the organisers are told and decide."""
    user = signed_in_user(request)
    form = RequestForm(request.POST)
    valid = form.is_valid()
    token = form.cleaned_data.get("token", "") if valid else ""
    group = visible_group(request, group_id, token=token)[1]
    deny_unless(policy.can_join_groups(user))
    if not valid:
        return render_group_page(request, group, token=token, request_form=form, status=400)
    try:
        services.membership_request(
            person=user, group=group, note=form.cleaned_data.get("request_note") or "", token=token
        )
    except HuddleError as error:
        if error.field in form.fields:
            add_service_error(form, error)
            return render_group_page(request, group, token=token, request_form=form, status=400)
        return _refused(request, group, error, token=token)
    messages.success(request, _("Your request is with the organisers. We tell you when they decide."))
    return redirect("groups:group", group.pk)


@login_required
@require_GET
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: the group's page with join or request carrying the link; an old link is a kind 404."""
    user = signed_in_user(request)
    group = group_by_token(token=token, viewer=user)
    if group is None or group.status != StudyGroup.Status.ACTIVE:
        return render(request, "groups/membership/invitation_gone.html", status=404)
    return render_group_page(request, group, token=token)


@login_required
@require_POST
def leave(request: HttpRequest, group_id: int) -> HttpResponse:
    user, group = visible_group(request, group_id)
    try:
        services.membership_leave(person=user, group=group)
    except HuddleError as error:
        return _refused(request, group, error)
    messages.success(request, _("You left %(group)s.") % {"group": group.name})
    return _after_change(request, group)


def _membership(request: HttpRequest, membership_id: int) -> tuple[User, Membership]:
    """The membership, for whoever may see its group (404 otherwise)."""
    user = signed_in_user(request)
    row = selectors.membership_get(membership_id=membership_id)
    if row is None:
        raise Http404
    group = visible_group(request, row.group_id)[1]
    row.group = group
    return user, row


def _decide(
    request: HttpRequest, membership_id: int, action: Callable[[User, Membership], object], done: str
) -> HttpResponse:
    """An organiser's (or coordinator's) decision on a member: 403 for anyone else, a refusal on the page."""
    user, row = _membership(request, membership_id)
    deny_unless(policy.can_run_group(user, row.group))
    try:
        action(user, row)
    except HuddleError as error:
        return _refused(request, row.group, error)
    messages.success(request, done % {"name": person_name(row.person)})
    return redirect("groups:group", row.group_id)


@login_required
@require_POST
def withdraw(request: HttpRequest, membership_id: int) -> HttpResponse:
    user, row = _membership(request, membership_id)
    if row.person_id != user.pk:
        raise Http404
    try:
        services.membership_request_withdraw(person=user, membership=row)
    except HuddleError as error:
        return _refused(request, row.group, error)
    messages.success(request, _("Your request is withdrawn."))
    return _after_change(request, row.group)


@login_required
@require_POST
def approve(request: HttpRequest, membership_id: int) -> HttpResponse:
    return _decide(
        request,
        membership_id,
        lambda user, row: services.membership_approve(actor=user, membership=row),
        _("%(name)s is now a member."),
    )


@login_required
@require_POST
def decline(request: HttpRequest, membership_id: int) -> HttpResponse:
    return _decide(
        request,
        membership_id,
        lambda user, row: services.membership_decline(actor=user, membership=row),
        _("You declined %(name)s's request; they are told kindly."),
    )


@login_required
@require_POST
def remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    return _decide(
        request,
        membership_id,
        lambda user, row: services.membership_remove(actor=user, membership=row),
        _("%(name)s is no longer a member."),
    )


@login_required
@require_POST
def hand_over(request: HttpRequest, membership_id: int) -> HttpResponse:
    """The organiser gives their role to this member and stays on as a member."""
    return _decide(
        request,
        membership_id,
        lambda user, row: services.organiser_hand_over(actor=user, group=row.group, to=row),
        _("%(name)s is now the organiser; you stay a member."),
    )


@login_required
@require_POST
def make_organiser(request: HttpRequest, membership_id: int) -> HttpResponse:
    return _decide(
        request,
        membership_id,
        lambda user, row: services.organiser_add(actor=user, membership=row),
        _("%(name)s is now an organiser too."),
    )
