"""Shared view helpers: a readable conversation or a 404, audited staff reads."""

from django.http import Http404, HttpRequest

from huddle.accounts.http import signed_in_user
from huddle.accounts.models import User
from huddle.accounts.policy import is_wellbeing_staff
from huddle.audit.services import audit_record
from huddle.listening import policy
from huddle.listening.conversations.selectors import conversation_get, is_reported
from huddle.listening.models import Conversation


def readable_conversation(request: HttpRequest, conversation_id: int) -> Conversation:
    """The conversation if this person may read it; otherwise a 404 that does not say it exists."""
    user = signed_in_user(request)
    conversation = conversation_get(conversation_id)
    if conversation is None:
        raise Http404
    reported = is_wellbeing_staff(user) and is_reported(conversation)
    if not policy.can_read(user, conversation, reported=reported):
        raise Http404
    return conversation


def audit_staff_read(user: User, conversation: Conversation, *, what: str) -> None:
    """Every well-being staff read of a conversation leaves a line in the audit log."""
    if is_wellbeing_staff(user):
        audit_record(
            actor=user,
            action="listening.conversation_read",
            target=f"listening conversation {conversation.pk}",
            detail={"what": what},
        )
