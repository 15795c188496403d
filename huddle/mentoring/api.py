"""Mentoring in the JSON API: cycles, and a cycle's published pairs for coordinators."""

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Router, Schema
from ninja.errors import HttpError

from huddle.accounts.models import User
from huddle.lib.http import MAX_ID
from huddle.mentoring import policy
from huddle.mentoring.cycles.selectors import cycle_mentorships
from huddle.mentoring.models import Cycle, Enrollment
from huddle.mentoring.pairs.selectors import staff_reader
from huddle.mentoring.reasons import reason_texts

router = Router(tags=["mentoring"])


class CycleOut(Schema):
    id: int
    name: str
    status: str
    mode: str
    two_tier: bool
    starts_on: date
    ends_on: date
    enrollment_opens: date
    enrollment_closes: date


class PairOut(Schema):
    id: int
    tier: str
    status: str
    mentee_email: str
    mentee_name: str
    mentor_email: str
    mentor_name: str
    score: float
    reasons: list[str]
    started_at: datetime
    ended_at: datetime | None
    meetings: int
    check_ins: int


@router.get("/cycles", response=list[CycleOut])
def list_cycles(request: HttpRequest) -> list[Cycle]:
    """Coordinators see every cycle; others the open and running ones and their own."""
    if policy.can_create_cycle(request.user):
        return list(Cycle.objects.all())
    mine = Enrollment.objects.filter(user_id=request.user.pk or 0).values("cycle_id")
    visible = Cycle.objects.filter(status__in=[Cycle.Status.ENROLLING, Cycle.Status.ACTIVE]) | Cycle.objects.filter(
        pk__in=mine
    )
    return list(visible.exclude(status=Cycle.Status.DRAFT).distinct())


@router.get("/cycles/{cycle_id}/pairs", response=list[PairOut])
def cycle_pairs(request: HttpRequest, cycle_id: Annotated[int, Path(gt=0, le=MAX_ID)]) -> list[PairOut]:
    """Published pairs with activity counts (never notes); coordinators only."""
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    viewer = request.user
    if not isinstance(viewer, User) or not policy.can_manage_cycle(viewer, cycle):
        raise HttpError(403, "Only coordinators may list a cycle's pairs.")
    return [
        PairOut(
            id=m.pk,
            tier=m.tier,
            status=m.status,
            mentee_email=m.mentee.user.email,
            mentee_name=m.mentee.user.get_full_name(),
            mentor_email=m.mentor.user.email,
            mentor_name=m.mentor.user.get_full_name(),
            score=m.score,
            reasons=reason_texts(m.reasons, staff_reader(viewer, m.mentee.user, m.mentor.user)),
            started_at=m.started_at,
            ended_at=m.ended_at,
            meetings=m.meeting_count,  # type: ignore[attr-defined]
            check_ins=m.check_in_count,  # type: ignore[attr-defined]
        )
        for m in cycle_mentorships(cycle).select_related("mentee__user__profile", "mentor__user__profile")
    ]
