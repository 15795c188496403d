"""Overlap guards shared by every write that makes a booking or a session live.

On PostgreSQL the exclusion constraints of migration 0002 are the last word;
these checks run first on both databases so that the person gets a message
naming the clash, and they are the guard on SQLite, where writers are
serialised (``BEGIN IMMEDIATE``) so a check and its write cannot interleave
with another writer's.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.lib.errors import HuddleError
from huddle.tutoring.models import Booking, Session, Tutor


def student_clash(*, student: User, starts_at: datetime, ends_at: datetime, excluding: Booking | None = None) -> None:
    rows = Booking.objects.filter(
        student=student, status=Booking.Status.BOOKED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if excluding is not None:
        rows = rows.exclude(pk=excluding.pk)
    if rows.exists():
        raise HuddleError(_("You already have a booking at this time."), field="session")


def tutor_clash(*, tutor: Tutor, starts_at: datetime, ends_at: datetime, excluding: Session | None = None) -> None:
    rows = Session.objects.filter(tutor=tutor, starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(
        status=Session.Status.CANCELLED
    )
    if excluding is not None:
        rows = rows.exclude(pk=excluding.pk)
    if rows.exists():
        raise HuddleError(_("You already have a session at this time."), field="starts")


#: How SQLite names a unique constraint's refusal: by its columns, not its name.
_SQLITE_ONCE = "tutoring_booking.session_id, tutoring_booking.student_id"
_SQLITE_SEAT = "tutoring_booking.session_id, tutoring_booking.seat"


def _message_for(error: IntegrityError) -> str:
    text = str(error)
    if "tutoring_booking_no_overlap" in text or "tutoring_booking_once" in text or _SQLITE_ONCE in text:
        return _("You already have a booking at this time.")
    if "tutoring_session_no_overlap" in text:
        return _("The tutor already has a session at this time.")
    if "tutoring_booking_seat" in text or _SQLITE_SEAT in text:
        return _("That place was just taken; please try again.")
    raise error


@contextmanager
def clash_as_message() -> Iterator[None]:
    """Turn a constraint's refusal (a race the checks could not see) into a person's message.

    Runs the write in a savepoint so that the surrounding transaction stays usable.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise HuddleError(_message_for(error), field="session") from error
