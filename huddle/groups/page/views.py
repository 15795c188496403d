"""The group page, its board, reporting a problem, and the coordinators' problems page.

The group page is drawn by :func:`render_group_page` for every view that
answers with it: the page itself, the invitation landing (with the link's
token in the join and request forms) and a refused join, request or
decision (the message on the page, 409).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.accounts.models import User
from huddle.groups import policy
from huddle.groups.membership.forms import JoinForm, RequestForm
from huddle.groups.membership.selectors import leave_outcome
from huddle.groups.models import Membership, Post, StudyGroup
from huddle.groups.page import selectors, services
from huddle.groups.page.forms import PostForm, ReportForm, ResolveForm
from huddle.groups.sessions.selectors import upcoming_for_page
from huddle.lib.forms import attempt
from huddle.lib.http import deny_unless
from huddle.lib.zones import zone_of


def visible_group(request: HttpRequest, group_id: int, *, token: str = "") -> tuple[User, StudyGroup]:
    """The group for whoever may see it (an invite-only group: members, coordinators, the link's holders); else 404."""
    user = signed_in_user(request)
    group = selectors.group_for_viewer(group_id=group_id, viewer=user)
    if group is None or not policy.can_see_group(user, group, token=token):
        raise Http404
    return user, group


def _page_context(
    user: User,
    group: StudyGroup,
    *,
    token: str,
    request_form: RequestForm | None,
    post_form: PostForm | None,
) -> dict[str, Any]:
    zone = zone_of(user)
    now = timezone.now()
    mine = policy.membership_of(user, group)
    inside = policy.can_read_inside(user, group)
    runs = policy.can_run_group(user, group)
    active = group.status == StudyGroup.Status.ACTIVE
    members = selectors.active_members(group=group)
    member = mine is not None and mine.status == Membership.Status.ACTIVE
    leave = leave_outcome(members=[row.membership for row in members], leaving=user) if member else None
    context: dict[str, Any] = {
        "group": group,
        "zone": zone.key,
        "token": token,
        "mine": mine,
        "member": member,
        "organiser": member and mine is not None and mine.role == Membership.Role.ORGANISER,
        "inside": inside,
        "runs": runs,
        "active": active,
        "members": members if inside else [],
        "organisers": [row for row in members if row.organiser],
        "count": len(members),
        "full": len(members) >= group.capacity,
        "meeting_times": selectors.meeting_times(group=group, zone=zone, at=now),
        "can_join": active and mine is None and policy.can_join_groups(user),
        "student": policy.can_join_groups(user),
        "join_form": JoinForm(initial={"token": token}),
        "request_form": request_form or RequestForm(initial={"token": token}),
        "leave": leave,
        "heir_name": selectors.person_name(leave.heir.person) if leave and leave.heir else "",
        "requests": selectors.pending_requests(group=group) if runs else [],
        "can_post": active and policy.can_post(user, group),
        "post_form": post_form or PostForm(),
        "posts": selectors.board(group=group, viewer=user, can_moderate=runs) if inside else [],
        "can_report": policy.can_report_problem(user, group),
        "coordinator": policy.can_read_problem_reports(user),
    }
    context.update(upcoming_for_page(group=group, viewer=user, limit=5, now=now))
    return context


def render_group_page(
    request: HttpRequest,
    group: StudyGroup,
    *,
    token: str = "",
    status: int = 200,
    request_form: RequestForm | None = None,
    post_form: PostForm | None = None,
) -> HttpResponse:
    """The group page for the signed-in viewer, times in their zone."""
    user = signed_in_user(request)
    context = _page_context(user, group, token=token, request_form=request_form, post_form=post_form)
    with timezone.override(zone_of(user)):
        return render(request, "groups/page/group.html", context, status=status)


@login_required
@require_GET
def group_page(request: HttpRequest, group_id: int) -> HttpResponse:
    group = visible_group(request, group_id)[1]
    return render_group_page(request, group)


@login_required
@require_POST
def post(request: HttpRequest, group_id: int) -> HttpResponse:
    user, group = visible_group(request, group_id)
    deny_unless(policy.can_post(user, group))
    form = PostForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.post_create(
            author=user, group=group, body=form.cleaned_data["body"], link=form.cleaned_data.get("link") or ""
        ),
    ):
        messages.success(request, _("Posted. The other members are told."))
        return redirect(reverse("groups:group", args=[group.pk]) + "#board")
    return render_group_page(request, group, post_form=form, status=400)


@login_required
@require_POST
def post_remove(request: HttpRequest, post_id: int) -> HttpResponse:
    user = signed_in_user(request)
    found = Post.objects.select_related("group").filter(pk=post_id, removed=False).first()
    if found is None:
        raise Http404
    group = visible_group(request, found.group_id)[1]
    if not policy.can_read_inside(user, group):
        raise Http404
    found.group = group
    deny_unless(services.can_remove_post(user, found))
    services.post_remove(actor=user, post=found)
    messages.success(request, _("The post was removed."))
    return redirect(reverse("groups:group", args=[group.pk]) + "#board")


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, group_id: int) -> HttpResponse:
    """A member tells the coordinators about a problem in the group."""
    user, group = visible_group(request, group_id)
    deny_unless(policy.can_report_problem(user, group))
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and attempt(
            form,
            lambda: services.problem_report_create(reporter=user, group=group, details=form.cleaned_data["details"]),
        ):
            messages.success(request, _("Your report is with the coordinators. They may contact you about it."))
            return redirect("groups:group", group.pk)
        status = 400
    return render(request, "groups/page/report.html", {"group": group, "form": form}, status=status)


def _problems_page(
    request: HttpRequest, *, forms: dict[int, ResolveForm] | None = None, status: int = 200
) -> HttpResponse:
    user = signed_in_user(request)
    forms = forms or {}
    reports = selectors.problem_reports()
    rows = [
        {
            "report": r,
            "reporter": selectors.person_name(r.reporter),
            "resolver": selectors.person_name(r.resolved_by),
            "form": forms.get(r.pk) or ResolveForm(auto_id=f"id_report{r.pk}_%s"),
        }
        for r in reports
    ]
    context = {"rows": rows, "flagged": selectors.groups_needing_an_organiser(), "zone": zone_of(user).key}
    with timezone.override(zone_of(user)):
        return render(request, "groups/page/problems.html", context, status=status)


@login_required
@require_GET
def problems(request: HttpRequest) -> HttpResponse:
    """Coordinators: problem reports (open first) and groups left without an organiser."""
    deny_unless(policy.can_read_problem_reports(signed_in_user(request)))
    return _problems_page(request)


@login_required
@require_POST
def problem_resolve(request: HttpRequest, report_id: int) -> HttpResponse:
    user = signed_in_user(request)
    deny_unless(policy.can_read_problem_reports(user))
    found = selectors.report_get(report_id=report_id)
    if found is None:
        raise Http404
    form = ResolveForm(request.POST, auto_id=f"id_report{found.pk}_%s")
    if form.is_valid() and attempt(
        form,
        lambda: services.problem_resolve(actor=user, report=found, resolution=form.cleaned_data["resolution"]),
    ):
        messages.success(request, _("Marked resolved."))
        return redirect("groups:problems")
    return _problems_page(request, forms={found.pk: form}, status=400)
