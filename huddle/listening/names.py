"""The one place that decides how a reader sees each side of a conversation.

An anonymous student is "Anonymous student" to the listener on every page,
notification and e-mail; well-being staff see their name only when the
student chose to share it on the handoff. Nothing else in the app names a
student to anyone but themselves.
"""

from django.utils.translation import gettext as _

from huddle.accounts.policy import Viewer, is_signed_in, is_wellbeing_staff
from huddle.listening.models import Conversation, Message


def student_name(viewer: Viewer, conversation: Conversation) -> str:
    if is_signed_in(viewer) and viewer.pk == conversation.student_id:
        return _("You")
    if conversation.anonymous and not (conversation.name_shared and is_wellbeing_staff(viewer)):
        return _("Anonymous student")
    return conversation.student.get_full_name()


def listener_name(viewer: Viewer, conversation: Conversation) -> str:
    if conversation.listener is None:
        return _("A listener")
    if is_signed_in(viewer) and viewer.pk == conversation.listener_id:
        return _("You")
    return _("%(name)s (peer listener)") % {"name": conversation.listener.get_full_name()}


def staff_name(viewer: Viewer, conversation: Conversation) -> str:
    if conversation.staff is None:
        return _("Well-being staff")
    if is_signed_in(viewer) and viewer.pk == conversation.staff_id:
        return _("You")
    return _("%(name)s (well-being staff)") % {"name": conversation.staff.get_full_name()}


def sender_name(viewer: Viewer, conversation: Conversation, message: Message) -> str:
    if message.side == Message.Side.STUDENT:
        return student_name(viewer, conversation)
    if message.side == Message.Side.LISTENER:
        return listener_name(viewer, conversation)
    if message.side == Message.Side.STAFF:
        return staff_name(viewer, conversation)
    return _("Huddle")
