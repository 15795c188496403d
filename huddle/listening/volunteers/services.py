"""Becoming a listener, setting listening hours, pausing and stepping down."""

from django.db import transaction
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.accounts.policy import is_student
from huddle.lib.errors import HuddleError, require
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.listening.models import Listener


@transaction.atomic
def listener_opt_in(*, user: User, hours: str, paused: bool = False) -> Listener:
    """Opt in (or update hours); only a student the training qualifies may listen."""
    require(is_student(user), _("Peer listeners are students."))
    answer = qualification_for(person=user, role=PeerRole.LISTENER)
    if not answer.qualified:
        raise HuddleError(answer.refusal())
    if "1" not in hours and not paused:
        raise HuddleError(_("Choose at least one listening hour, or pause listening."), field="monday_from")
    listener, _created = Listener.objects.update_or_create(
        user=user, defaults={"active": True, "paused": paused, "hours": hours}
    )
    return listener


def listener_pause(*, user: User, paused: bool) -> int:
    """Pausing keeps the hours for later; a paused listener gets no requests."""
    return Listener.objects.filter(user=user, active=True).update(paused=paused)


def listener_step_down(*, user: User) -> int:
    """Stop listening; conversations already open carry on until they end."""
    return Listener.objects.filter(user=user).update(active=False)
