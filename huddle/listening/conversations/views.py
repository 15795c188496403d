"""The conversation page, its polled messages, and the actions taken in it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huddle.accounts.http import signed_in_user
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import bad_request, parse_id
from huddle.listening import names, policy
from huddle.listening.conversations import selectors, services
from huddle.listening.forms import HandoffAnswerForm, MessageForm, RequestForm
from huddle.listening.guard import looks_like_contact
from huddle.listening.http import audit_staff_read, readable_conversation
from huddle.listening.models import Conversation, Message


def _state(conversation: Conversation) -> str:
    """What the page's buttons depend on; a poll that sees it change reloads the page."""
    return f"{conversation.status}-{conversation.handoff or 'none'}-{int(conversation.listener_left)}"


def _rows(request: HttpRequest, conversation: Conversation, found: list[Message]) -> list[dict[str, object]]:
    return [
        {
            "message": m,
            "sender": names.sender_name(request.user, conversation, m),
            "mine": _is_mine(request, conversation, m),
        }
        for m in found
    ]


def _is_mine(request: HttpRequest, conversation: Conversation, message: Message) -> bool:
    user = request.user
    return (
        (message.side == Message.Side.STUDENT and policy.is_the_student(user, conversation))
        or (message.side == Message.Side.LISTENER and conversation.listener_id == user.pk)
        or (message.side == Message.Side.STAFF and conversation.staff_id == user.pk)
    )


def _page(
    request: HttpRequest, conversation: Conversation, form: MessageForm | None = None, status: int = 200
) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.messages_after(conversation)
    context = {
        "conversation": conversation,
        "rows": _rows(request, conversation, found),
        "last_id": found[-1].pk if found else 0,
        "state": _state(conversation),
        "form": form or MessageForm(),
        "student_name": names.student_name(user, conversation),
        "listener_name": names.listener_name(user, conversation),
        "staff_name": names.staff_name(user, conversation),
        "is_student": policy.is_the_student(user, conversation),
        "is_listener": policy.is_the_listener(user, conversation),
        "can_write": policy.can_write(user, conversation),
        "can_propose": policy.can_propose_handoff(user, conversation),
        "can_answer": policy.can_answer_handoff(user, conversation),
        "answer_form": HandoffAnswerForm(),
        "can_join": policy.can_join(user, conversation),
        "can_leave": policy.can_leave(user, conversation),
        "can_end": policy.can_end(user, conversation),
        "can_report": policy.can_report(user, conversation),
        "can_cancel": conversation.status == Conversation.Status.WAITING and policy.is_the_student(user, conversation),
        "contact_warning": form is not None and "body" in form.errors,
        "campus_lines": settings.HUDDLE_CAMPUS_CRISIS_LINES,
    }
    return render(request, "listening/conversation.html", context, status=status)


@login_required
@require_GET
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = readable_conversation(request, conversation_id)
    audit_staff_read(signed_in_user(request), conversation, what="page")
    return _page(request, conversation)


@login_required
@require_GET
def conversation_messages(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The polled fragment: only messages after the page's last id, and a fresh poller."""
    conversation = readable_conversation(request, conversation_id)
    raw_after = request.GET.get("after", "0")
    try:
        after = 0 if raw_after in ("", "0") else parse_id(raw_after, field="after")
    except HuddleError as error:
        return bad_request(request, error)
    if request.GET.get("state", "") != _state(conversation):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    found = selectors.messages_after(conversation, after)
    if found:
        audit_staff_read(signed_in_user(request), conversation, what="new messages")
    context = {
        "conversation": conversation,
        "rows": _rows(request, conversation, found),
        "last_id": found[-1].pk if found else after,
        "state": _state(conversation),
        "polled": True,
    }
    return render(request, "listening/conversation.html#poll", context)


@login_required
@require_POST
def request_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not policy.can_request(user):
        raise PermissionDenied
    form = RequestForm(request.POST)
    if not form.is_valid():
        return bad_request(request, HuddleError(_("Check the request form and try again.")))
    try:
        conversation = services.request_create(
            student=user,
            opening=form.cleaned_data["opening"],
            anonymous=form.cleaned_data["anonymous"],
            submission=form.cleaned_data["submission"],
        )
    except HuddleError as error:
        messages.error(request, error.message)
        return redirect("listening:home")
    return redirect("listening:conversation", conversation.pk)


def _act(request: HttpRequest, conversation_id: int, action: str) -> HttpResponse:
    """Run one conversation action for the signed-in person; a refusal is a 400 that says why."""
    user = signed_in_user(request)
    conversation = readable_conversation(request, conversation_id)
    try:
        with transaction.atomic():
            if action == "cancel":
                services.request_cancel(student=user, conversation=conversation)
            elif action == "end":
                services.conversation_end(user=user, conversation=conversation)
            elif action == "handoff":
                services.handoff_propose(listener=user, conversation=conversation)
            elif action == "join":
                services.handoff_join(staff=user, conversation=conversation)
            elif action == "leave":
                services.listener_leave(listener=user, conversation=conversation)
    except HuddleError as error:
        return bad_request(request, error)
    if action == "leave" or action == "cancel":
        return redirect("listening:home")
    return redirect("listening:conversation", conversation.pk)


@login_required
@require_POST
def request_cancel(request: HttpRequest, conversation_id: int) -> HttpResponse:
    return _act(request, conversation_id, "cancel")


@login_required
@require_POST
def conversation_end(request: HttpRequest, conversation_id: int) -> HttpResponse:
    return _act(request, conversation_id, "end")


@login_required
@require_POST
def handoff_propose(request: HttpRequest, conversation_id: int) -> HttpResponse:
    return _act(request, conversation_id, "handoff")


@login_required
@require_POST
def handoff_join(request: HttpRequest, conversation_id: int) -> HttpResponse:
    return _act(request, conversation_id, "join")


@login_required
@require_POST
def listener_leave(request: HttpRequest, conversation_id: int) -> HttpResponse:
    return _act(request, conversation_id, "leave")


@login_required
@require_POST
def request_accept(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Accepting needs no read access yet: the listener has not met the student. Refusals are 400s."""
    user = signed_in_user(request)
    if not policy.can_accept(user):
        raise PermissionDenied
    try:
        conversation = services.request_accept(listener=user, conversation_id=conversation_id)
    except HuddleError as error:
        return bad_request(request, error)
    return redirect("listening:conversation", conversation.pk)


@login_required
@require_POST
def message_send(request: HttpRequest, conversation_id: int) -> HttpResponse:
    user = signed_in_user(request)
    conversation = readable_conversation(request, conversation_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(
                user=user,
                conversation=conversation,
                body=form.cleaned_data["body"],
                contact_confirmed=form.cleaned_data["contact_confirmed"],
            )
        except HuddleError as error:
            add_service_error(form, error)
        else:
            return redirect(reverse("listening:conversation", args=[conversation.pk]) + "#compose")
    return _page(request, conversation, form, status=400)


@login_required
@require_POST
def handoff_answer(request: HttpRequest, conversation_id: int) -> HttpResponse:
    user = signed_in_user(request)
    conversation = readable_conversation(request, conversation_id)
    form = HandoffAnswerForm(request.POST)
    if not form.is_valid():
        return bad_request(request, HuddleError(_("Choose yes or not now."), field="consent"))
    try:
        services.handoff_answer(
            student=user,
            conversation=conversation,
            consent=form.cleaned_data["consent"] == "yes",
            share_name=form.cleaned_data["share_name"],
        )
    except HuddleError as error:
        return bad_request(request, error)
    return redirect("listening:conversation", conversation.pk)


@login_required
@require_POST
def contact_check(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """While typing: a warning under the compose box when the draft looks like contact details.

    A POST, so a draft never appears in a URL or an access log; nothing is stored.
    """
    conversation = readable_conversation(request, conversation_id)
    if not policy.can_write(signed_in_user(request), conversation):
        return HttpResponse(status=204)
    draft = request.POST.get("body", "")[:4000]
    return render(request, "listening/conversation.html#hint", {"contact": looks_like_contact(draft)})
