"""Reads for enrollment: open cycles a person may join, and their own enrollments."""

from collections.abc import Sequence
from dataclasses import dataclass

from huddle.accounts.models import User
from huddle.mentoring.enrollment.services import class_year_of, enrollment_open, refusal_for_year
from huddle.mentoring.models import Cycle, Enrollment, SurveyResponse
from huddle.mentoring.requests.services import self_select_open


def cycles_enrolling() -> list[Cycle]:
    return [c for c in Cycle.objects.filter(status=Cycle.Status.ENROLLING) if enrollment_open(c)]


@dataclass
class Offer:
    """An open cycle and the sides the viewer may join."""

    cycle: Cycle
    sides: Sequence[str]
    enrolled: dict[str, Enrollment]


def offers_for(
    user: User, *, enrolled_in: set[int] | None = None, enrollments: list[Enrollment] | None = None
) -> list[Offer]:
    """Cycles open for enrollment that the viewer may join, with their own enrollments.

    Callers that already read the person's ``enrollments`` (or just the
    cycles they are ``enrolled_in``) pass them, sparing a query.
    """
    cycles = cycles_enrolling()
    if not cycles:
        return []
    open_ids = {c.pk for c in cycles}
    if enrollments is not None:
        rows = [e for e in enrollments if e.cycle_id in open_ids]
    elif enrolled_in is not None and not enrolled_in & open_ids:
        rows = []
    else:
        rows = list(Enrollment.objects.filter(user=user, cycle__in=cycles))
    mine = {(e.cycle_id, e.side): e for e in rows}
    offers = []
    year = class_year_of(user)
    for cycle in cycles:
        sides = [
            side
            for side in (Enrollment.Side.MENTEE, Enrollment.Side.MENTOR)
            if refusal_for_year(cycle=cycle, user=user, side=side, year=year) is None
        ]
        enrolled = {side: e for (cid, side), e in mine.items() if cid == cycle.pk}
        if sides or enrolled:
            offers.append(Offer(cycle, sides, enrolled))
    return offers


def my_enrollments(user: User) -> list[Enrollment]:
    rows = list(Enrollment.objects.filter(user=user).select_related("cycle").order_by("-cycle__starts_on", "side"))
    for e in rows:
        e.can_choose = (  # type: ignore[attr-defined]
            e.side == Enrollment.Side.MENTEE and e.status == Enrollment.Status.ACTIVE and self_select_open(e.cycle)
        )
    return rows


def surveys_due(user: User, enrollments: list[Enrollment]) -> list[Cycle]:
    """Closed cycles the person took part in and has not yet answered the survey of."""
    closed = {e.cycle_id: e.cycle for e in enrollments if e.cycle.status == Cycle.Status.CLOSED}
    if not closed:
        return []
    answered = set(SurveyResponse.objects.filter(user=user, cycle_id__in=closed).values_list("cycle_id", flat=True))
    return [cycle for pk, cycle in closed.items() if pk not in answered]
