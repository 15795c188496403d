"""Places in a group: numbered seats, counted under the group's row lock."""

from django.db.models import QuerySet

from huddle.groups.models import Membership, StudyGroup


def locked(group: StudyGroup) -> StudyGroup:
    """The group row, locked until the transaction ends (SQLite: the writer lock is already held)."""
    return StudyGroup.objects.select_for_update().get(pk=group.pk)


def active(group: StudyGroup) -> QuerySet[Membership]:
    return Membership.objects.filter(group=group, status=Membership.Status.ACTIVE)


def free_seat(group: StudyGroup) -> int | None:
    """A seat nobody holds while fewer people hold one than the size limit.

    Counting, not looking for a gap, so a seat number above the limit left
    after a change never makes room that is not there.
    """
    taken = set(active(group).values_list("seat", flat=True))
    if len(taken) >= group.capacity:
        return None
    return next(seat for seat in range(1, group.capacity + len(taken) + 1) if seat not in taken)
