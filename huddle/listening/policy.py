"""Who may do what in peer listening.

A conversation is the student's and their listener's. Well-being staff see
one only when they are asked in: a handoff the student consented to, or a
report; every such read is audited by the views. Faculty and coordinators
never see a conversation, a request, or who listens to whom.
"""

from huddle.accounts.policy import Viewer, is_signed_in, is_student, is_wellbeing_staff
from huddle.listening.models import Conversation, Listener


def listener_row(user: Viewer) -> Listener | None:
    """The person's listener row, read once per request object and kept on it."""
    if not is_signed_in(user):
        return None
    if not hasattr(user, "_listening_listener"):
        user._listening_listener = Listener.objects.filter(user_id=int(user.pk or 0)).first()  # type: ignore[union-attr]
    found: Listener | None = user._listening_listener  # type: ignore[union-attr]
    return found


def can_use_listening(user: Viewer) -> bool:
    """The section is for students (to talk or to listen) and well-being staff."""
    return is_student(user) or is_wellbeing_staff(user)


def can_request(user: Viewer) -> bool:
    return is_student(user)


def can_volunteer(user: Viewer) -> bool:
    """Students may open the listener page; whether they qualify is the training's answer."""
    return is_student(user)


def is_listener(user: Viewer) -> bool:
    """An opted-in listener (opting in required the training; accepting re-checks it)."""
    if not is_student(user):
        return False
    row = listener_row(user)
    return row is not None and row.active


def can_see_protocol(user: Viewer) -> bool:
    return is_listener(user) or is_wellbeing_staff(user)


def can_accept(user: Viewer) -> bool:
    return is_listener(user)


def is_the_student(user: Viewer, conversation: Conversation) -> bool:
    return is_signed_in(user) and conversation.student_id == user.pk


def is_the_listener(user: Viewer, conversation: Conversation) -> bool:
    return is_signed_in(user) and conversation.listener_id == user.pk and not conversation.listener_left


def is_the_staff(user: Viewer, conversation: Conversation) -> bool:
    return is_wellbeing_staff(user) and conversation.staff_id == user.pk


def can_staff_review(user: Viewer, conversation: Conversation, *, reported: bool) -> bool:
    """Well-being staff read a conversation they were handed or one that was reported (audited)."""
    if not is_wellbeing_staff(user):
        return False
    handed = conversation.handoff in (Conversation.Handoff.CONSENTED, Conversation.Handoff.JOINED)
    return handed or reported


def can_read(user: Viewer, conversation: Conversation, *, reported: bool = False) -> bool:
    if conversation.status in (Conversation.Status.WAITING, Conversation.Status.CANCELLED, Conversation.Status.EXPIRED):
        return is_the_student(user, conversation)
    return (
        is_the_student(user, conversation)
        or is_the_listener(user, conversation)
        or is_the_staff(user, conversation)
        or can_staff_review(user, conversation, reported=reported)
    )


def can_write(user: Viewer, conversation: Conversation) -> bool:
    if conversation.status != Conversation.Status.ACTIVE:
        return False
    return is_the_student(user, conversation) or is_the_listener(user, conversation) or is_the_staff(user, conversation)


def can_propose_handoff(user: Viewer, conversation: Conversation) -> bool:
    return (
        conversation.status == Conversation.Status.ACTIVE
        and is_the_listener(user, conversation)
        and conversation.handoff in (Conversation.Handoff.NONE, Conversation.Handoff.DECLINED)
    )


def can_answer_handoff(user: Viewer, conversation: Conversation) -> bool:
    return (
        conversation.status == Conversation.Status.ACTIVE
        and is_the_student(user, conversation)
        and conversation.handoff == Conversation.Handoff.PROPOSED
    )


def can_join(user: Viewer, conversation: Conversation) -> bool:
    return (
        is_wellbeing_staff(user)
        and conversation.status == Conversation.Status.ACTIVE
        and conversation.handoff == Conversation.Handoff.CONSENTED
    )


def can_leave(user: Viewer, conversation: Conversation) -> bool:
    """After staff joined, the listener may step out and leave the student with them."""
    return is_the_listener(user, conversation) and conversation.handoff == Conversation.Handoff.JOINED


def can_end(user: Viewer, conversation: Conversation) -> bool:
    return conversation.status == Conversation.Status.ACTIVE and (
        is_the_student(user, conversation) or is_the_listener(user, conversation) or is_the_staff(user, conversation)
    )


def can_report(user: Viewer, conversation: Conversation) -> bool:
    return conversation.status in (Conversation.Status.ACTIVE, Conversation.Status.ENDED) and (
        is_the_student(user, conversation) or is_the_listener(user, conversation)
    )


def can_block(user: Viewer, conversation: Conversation) -> bool:
    return can_report(user, conversation)


def can_ask_debrief(user: Viewer) -> bool:
    return is_listener(user)


def can_manage(user: Viewer) -> bool:
    """Well-being staff handle handoffs, reports and debriefs and set retention."""
    return is_wellbeing_staff(user)
