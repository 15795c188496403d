"""The listening home page: what a student, a listener and well-being staff each need now."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from huddle.accounts.http import signed_in_user
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.listening import names, policy
from huddle.listening.conversations import selectors
from huddle.listening.forms import RequestForm
from huddle.listening.volunteers.selectors import duty_outlook


@login_required
@require_GET
def listening_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not policy.can_use_listening(user):
        raise PermissionDenied
    context: dict[str, object] = {"campus_lines": settings.HUDDLE_CAMPUS_CRISIS_LINES}
    if policy.can_request(user):
        open_rows = selectors.student_open(user)
        outlook = duty_outlook()
        context.update(
            can_request=not any(c.status == c.Status.WAITING for c in open_rows),
            request_form=RequestForm(),
            mine=[{"c": c, "listener": names.listener_name(user, c)} for c in open_rows],
            recent=[{"c": c, "listener": names.listener_name(user, c)} for c in selectors.student_recent(user)],
            on_duty=outlook.on_duty,
            next_hours=outlook.next_start,
        )
    if policy.is_listener(user):
        listener = policy.listener_row(user)
        qualification = qualification_for(person=user, role=PeerRole.LISTENER)
        context.update(
            listener=listener,
            qualification=qualification,
            waiting=[
                {"c": c, "student": names.student_name(user, c)}
                for c in selectors.waiting_for(user).select_related("student")
            ],
            listening=[{"c": c, "student": names.student_name(user, c)} for c in selectors.listener_open(user)],
        )
    elif policy.can_volunteer(user):
        context["can_volunteer"] = True
    if policy.can_manage(user):
        context["staff_waiting"] = selectors.staff_waiting_count()
    return render(request, "listening/home.html", context)
