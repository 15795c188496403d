"""The people directory, role changes and the courses-and-topics taxonomy."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from huddle.accounts import policy, selectors, services
from huddle.accounts.forms import (
    DirectoryForm,
    RolesForm,
    TopicCreateForm,
    TopicRenameForm,
    error_summary,
)
from huddle.accounts.models import Topic, User
from huddle.accounts.selectors import request_user
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import bad_request, is_htmx, parse_id


@login_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET)
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.DirectoryFilters(
            text=data["q"], class_year=data["class_year"], role=data["role"], language=data["language"]
        )
    users = selectors.directory_people(viewer=request.user, filters=filters)
    page = Paginator(users, selectors.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "errors": error_summary(form),
        "page": page,
        "rows": selectors.directory_rows(viewer=request.user, users=page.object_list),
        "can_grant_roles": policy.can_grant_roles(request.user),
    }
    template = "accounts/people_directory.html"
    if is_htmx(request):
        template += "#results"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def roles_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    if not policy.can_grant_roles(request.user):
        raise PermissionDenied
    person = get_object_or_404(User, pk=user_id)
    status = 200
    if request.method == "POST":
        form = RolesForm(request.POST)
        if form.is_valid():
            try:
                granted, revoked = services.roles_set(
                    user=person,
                    roles=form.cleaned_data["roles"],
                    by=request_user(request),
                    confirmed=form.cleaned_data["confirm"],
                )
            except HuddleError as error:
                add_service_error(form, error)
            else:
                if granted or revoked:
                    messages.success(request, _("Roles updated for %(name)s.") % {"name": person})
                else:
                    messages.info(request, _("No change to %(name)s's roles.") % {"name": person})
                return redirect("accounts:profile", user_id=person.pk)
        status = 400
    else:
        form = RolesForm(initial={"roles": sorted(person.role_set)})
    context = {"form": form, "person": person, "errors": error_summary(form)}
    return render(request, "accounts/people_roles.html", context, status=status)


def _topic_from(request: HttpRequest) -> Topic:
    return get_object_or_404(Topic, pk=parse_id(request.POST.get("topic"), field="topic"))


def _topic_change(request: HttpRequest, action: str) -> str:
    """Rename, stop or restart offering one topic; returns the success message."""
    topic = _topic_from(request)
    if action == "rename":
        form = TopicRenameForm(request.POST)
        if not form.is_valid():
            raise HuddleError(error_summary(form)[0][1], field="name")
        old = topic.name
        services.topic_rename(topic=topic, name=form.cleaned_data["name"], by=request.user)
        return _("Renamed %(old)s to %(new)s.") % {"old": old, "new": topic.name}
    if action == "deactivate":
        services.topic_deactivate(topic=topic, by=request.user)
        return _("%(name)s is no longer offered for new choices.") % {"name": topic.name}
    services.topic_reactivate(topic=topic, by=request.user)
    return _("%(name)s is offered again.") % {"name": topic.name}


@login_required
@require_http_methods(["GET", "POST"])
def topics(request: HttpRequest) -> HttpResponse:
    if not policy.can_edit_taxonomy(request.user):
        raise PermissionDenied
    create_form = TopicCreateForm()
    failed: dict[int, tuple[str, str]] = {}  # topic id → (what was typed, why it was refused)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "create":
            create_form = TopicCreateForm(request.POST)
            if create_form.is_valid():
                try:
                    topic = services.topic_create(by=request.user, **create_form.cleaned_data)
                except HuddleError as error:
                    add_service_error(create_form, error)
                else:
                    messages.success(request, _("Added %(name)s.") % {"name": topic.name})
                    return redirect("accounts:topics")
        elif action in ("rename", "deactivate", "reactivate"):
            try:
                topic_id = parse_id(request.POST.get("topic"), field="topic")
            except HuddleError as error:
                return bad_request(request, error)
            try:
                messages.success(request, _topic_change(request, action))
            except HuddleError as error:
                failed[topic_id] = (request.POST.get("name", ""), error.message)
            else:
                return redirect("accounts:topics")
        else:
            raise BadRequest("unknown action")
    groups = selectors.topics_for_editing()
    for _kind, items in groups:
        for item in items:
            item.rename_value, item.rename_error = failed.get(item.pk, (item.name, ""))  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "groups": groups,
        "create_form": create_form,
        "errors": error_summary(create_form),
        "rename_failed": bool(failed),
    }
    return render(request, "accounts/topics.html", context, status=400 if request.method == "POST" else 200)
