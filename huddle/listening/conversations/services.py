"""Requests, accepting, messages, ending, and the warm handoff to well-being staff.

Every change of state is a conditional update on the row's current state and
checks the row count, so two listeners accepting, or an end racing a
handoff, settle on one outcome on SQLite and PostgreSQL alike.
"""

import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.accounts.policy import is_wellbeing_staff
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError, require
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.listening import notify, policy
from huddle.listening.guard import looks_like_contact
from huddle.listening.models import MESSAGE_MAX, OPENING_MAX, Conversation, Message, Report
from huddle.listening.settings_row import listening_settings
from huddle.listening.volunteers.selectors import blocked_between, listeners_on_duty

#: A second confirmed message with contact details files a report for well-being staff.
CONTACT_REPORT_AFTER = 2

Status = Conversation.Status
Handoff = Conversation.Handoff


def _system(conversation: Conversation, text: str) -> Message:
    """A line from Huddle itself in the conversation (who joined, who left); stored in English-neutral words."""
    return Message.objects.create(conversation=conversation, side=Message.Side.SYSTEM, body=text)


@transaction.atomic
def request_create(
    *, student: User, opening: str, anonymous: bool, submission: uuid.UUID | None = None
) -> Conversation:
    """Ask for a listener; listeners on duty now are told, and the request waits a bounded time."""
    require(policy.can_request(student), _("Only students can ask for a peer listener."))
    opening = opening.strip()
    if len(opening) > OPENING_MAX:
        raise HuddleError(_("Keep the first line under %(n)d characters.") % {"n": OPENING_MAX}, field="opening")
    if submission is not None:
        earlier = Conversation.objects.filter(submission=submission, student=student).first()
        if earlier is not None:
            return earlier
    if Conversation.objects.filter(student=student, status=Status.WAITING, expires_at__gt=timezone.now()).exists():
        raise HuddleError(_("You already have a request waiting for a listener."))
    # An expired request still marked waiting is closed now, so the one-waiting constraint lets the new one in.
    Conversation.objects.filter(student=student, status=Status.WAITING).update(status=Status.EXPIRED)
    wait = timedelta(minutes=listening_settings().wait_minutes)
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                student=student,
                anonymous=anonymous,
                opening=opening,
                submission=submission,
                expires_at=timezone.now() + wait,
            )
    except IntegrityError as error:
        raise HuddleError(_("You already have a request waiting for a listener.")) from error
    notify.request_waiting(listeners=listeners_on_duty(student=student), conversation_id=conversation.pk)
    return conversation


def request_cancel(*, student: User, conversation: Conversation) -> None:
    changed = Conversation.objects.filter(pk=conversation.pk, student=student, status=Status.WAITING).update(
        status=Status.CANCELLED, ended_at=timezone.now()
    )
    if not changed:
        raise HuddleError(_("This request is no longer waiting."))


@transaction.atomic
def request_accept(*, listener: User, conversation_id: int) -> Conversation:
    """The first listener to accept gets the conversation; the others are told it is taken."""
    require(policy.can_accept(listener), _("Only peer listeners can accept requests."))
    answer = qualification_for(person=listener, role=PeerRole.LISTENER)
    if not answer.qualified:
        raise HuddleError(answer.refusal())
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        raise HuddleError(_("This request no longer exists."))
    require(conversation.student_id != listener.pk, _("You cannot accept your own request."))
    if blocked_between(conversation.student_id, int(listener.pk or 0)):
        raise HuddleError(_("This request is not available to you."))
    now = timezone.now()
    taken = Conversation.objects.filter(pk=conversation_id, status=Status.WAITING, expires_at__gt=now).update(
        status=Status.ACTIVE, listener=listener, accepted_at=now
    )
    if not taken:
        raise HuddleError(_("Another listener already accepted this request, or it was withdrawn."))
    conversation.refresh_from_db()
    _system(conversation, _("A peer listener joined the conversation."))
    notify.request_accepted(student=conversation.student, conversation_id=conversation.pk)
    return conversation


def _side(user: User, conversation: Conversation) -> str:
    if policy.is_the_student(user, conversation):
        return Message.Side.STUDENT
    if policy.is_the_listener(user, conversation):
        return Message.Side.LISTENER
    return Message.Side.STAFF


def message_send(*, user: User, conversation: Conversation, body: str, contact_confirmed: bool = False) -> Message:
    """Send one plain-text message; contact details need a second, confirmed send and are marked for both sides."""
    require(policy.can_write(user, conversation), _("This conversation is closed."))
    body = body.strip()
    if not body:
        raise HuddleError(_("Write a message first."), field="body")
    if len(body) > MESSAGE_MAX:
        raise HuddleError(_("Messages are at most %(n)d characters.") % {"n": MESSAGE_MAX}, field="body")
    contact = looks_like_contact(body)
    if contact and not contact_confirmed:
        # Counted outside any transaction, so refused attempts are still on record for the report queue.
        Conversation.objects.filter(pk=conversation.pk).update(contact_warnings=F("contact_warnings") + 1)
        raise HuddleError(
            _(
                "This looks like contact details or an invitation to talk elsewhere. Conversations stay on Huddle "
                "to keep you both safe. Tick the box to send it anyway."
            ),
            field="body",
        )
    with transaction.atomic():
        message = Message.objects.create(
            conversation=conversation, side=_side(user, conversation), body=body, contact_shared=contact
        )
        if contact:
            _report_repeated_contact(conversation, message.side)
    return message


def _report_repeated_contact(conversation: Conversation, side: str) -> None:
    sent = Message.objects.filter(conversation=conversation, side=side, contact_shared=True).count()
    if sent < CONTACT_REPORT_AFTER:
        return
    if Report.objects.filter(conversation=conversation, reporter=None, reason=Report.Reason.CONTACT).exists():
        return
    report = Report.objects.create(
        conversation=conversation,
        reporter=None,
        reason=Report.Reason.CONTACT,
        details=_("Huddle noticed repeated contact details (from the %(side)s side).")
        % {"side": Message.Side(side).label.lower()},
    )
    notify.report_filed(report_id=report.pk)


@transaction.atomic
def conversation_end(*, user: User, conversation: Conversation) -> None:
    """End for everyone; the words are deleted once the school's retention period has passed."""
    require(policy.can_end(user, conversation), _("This conversation is already closed."))
    now = timezone.now()
    if not Conversation.objects.filter(pk=conversation.pk, status=Status.ACTIVE).update(
        status=Status.ENDED, ended_at=now
    ):
        raise HuddleError(_("This conversation is already closed."))
    _system(conversation, _("The conversation ended."))
    from huddle.listening.tasks import purge_schedule

    transaction.on_commit(lambda: purge_schedule(conversation_id=conversation.pk, ended_at=now))


@transaction.atomic
def handoff_propose(*, listener: User, conversation: Conversation) -> None:
    require(policy.can_propose_handoff(listener, conversation), _("A handoff cannot be proposed now."))
    changed = Conversation.objects.filter(
        pk=conversation.pk, status=Status.ACTIVE, handoff__in=[Handoff.NONE, Handoff.DECLINED]
    ).update(handoff=Handoff.PROPOSED)
    require(bool(changed), _("A handoff cannot be proposed now."))
    _system(conversation, _("The listener suggested bringing in well-being staff. Nothing happens without your yes."))


@transaction.atomic
def handoff_answer(*, student: User, conversation: Conversation, consent: bool, share_name: bool) -> None:
    """The student says yes or no; with yes, well-being staff are told (and see the name only if shared)."""
    require(policy.can_answer_handoff(student, conversation), _("There is no handoff to answer."))
    answer = Handoff.CONSENTED if consent else Handoff.DECLINED
    name_shared = (not conversation.anonymous) or (consent and share_name)
    changed = Conversation.objects.filter(pk=conversation.pk, status=Status.ACTIVE, handoff=Handoff.PROPOSED).update(
        handoff=answer, name_shared=name_shared
    )
    require(bool(changed), _("There is no handoff to answer."))
    if consent:
        _system(conversation, _("The student agreed. Well-being staff have been asked to join."))
        notify.handoff_waiting(conversation_id=conversation.pk)
    else:
        _system(conversation, _("The student would rather not bring in well-being staff now."))


@transaction.atomic
def handoff_join(*, staff: User, conversation: Conversation) -> None:
    """One well-being staff member joins the same conversation; the join is audited."""
    require(is_wellbeing_staff(staff), _("Only well-being staff can join."))
    changed = Conversation.objects.filter(pk=conversation.pk, status=Status.ACTIVE, handoff=Handoff.CONSENTED).update(
        handoff=Handoff.JOINED, staff=staff
    )
    if not changed:
        raise HuddleError(_("Someone from well-being staff already joined, or the conversation ended."))
    audit_record(actor=staff, action="listening.join", target=f"listening conversation {conversation.pk}")
    _system(conversation, _("Well-being staff joined the conversation."))


@transaction.atomic
def listener_leave(*, listener: User, conversation: Conversation) -> None:
    require(policy.can_leave(listener, conversation), _("You can leave once well-being staff have joined."))
    Conversation.objects.filter(pk=conversation.pk, listener=listener).update(listener_left=True)
    _system(conversation, _("The peer listener left; well-being staff stay with you."))
