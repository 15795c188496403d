"""What is next in mentoring for one person, in a few narrow queries, for their home page.

The person's own enrollments are read once and steer the rest: no meeting
query for someone in no pair, no survey query for someone in no closed cycle.
Rows are read as values, not model instances: the home page needs a handful
of columns, and building full person rows cost more than the queries.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from huddle.accounts.models import User
from huddle.mentoring import policy
from huddle.mentoring.enrollment.selectors import offers_for
from huddle.mentoring.models import Cycle, Enrollment, MentorRequest, PlannedMeeting, RematchRequest, SurveyResponse

#: The home page lists at most this many upcoming meetings.
MEETINGS_SHOWN = 3


@dataclass(frozen=True)
class UpcomingMeeting:
    pair_id: int
    partner_name: str
    starts_at: datetime


@dataclass(frozen=True)
class CycleDue:
    pk: int
    name: str


@dataclass
class NextUp:
    meetings: list[UpcomingMeeting] = field(default_factory=list)
    requests_to_answer: int = 0
    cycles_to_join: list[Cycle] = field(default_factory=list)
    surveys_due: list[CycleDue] = field(default_factory=list)
    rematch_requests: int = 0


@dataclass(frozen=True)
class _Mine:
    pk: int
    side: str
    cycle_id: int
    cycle_name: str
    cycle_status: str


def _enrollments(user: User) -> list[_Mine]:
    rows = Enrollment.objects.filter(user=user).values_list("pk", "side", "cycle_id", "cycle__name", "cycle__status")
    return [_Mine(*row) for row in rows]


def _meetings(mine: list[_Mine], user: User, now: datetime) -> list[UpcomingMeeting]:
    ids = [e.pk for e in mine]
    rows = (
        PlannedMeeting.objects.filter(
            Q(mentorship__mentee_id__in=ids) | Q(mentorship__mentor_id__in=ids),
            cancelled_at__isnull=True,
            starts_at__gt=now,
        )
        .order_by("starts_at", "pk")
        .values_list(
            "mentorship_id",
            "starts_at",
            "mentorship__mentee__user_id",
            "mentorship__mentee__user__first_name",
            "mentorship__mentee__user__last_name",
            "mentorship__mentor__user__first_name",
            "mentorship__mentor__user__last_name",
        )[:MEETINGS_SHOWN]
    )
    out = []
    for pair_id, starts_at, mentee_user, mentee_first, mentee_last, mentor_first, mentor_last in rows:
        first, last = (mentor_first, mentor_last) if mentee_user == user.pk else (mentee_first, mentee_last)
        out.append(UpcomingMeeting(pair_id, f"{first} {last}".strip(), starts_at))
    return out


def _surveys_due(mine: list[_Mine], user: User) -> list[CycleDue]:
    closed = {e.cycle_id: e.cycle_name for e in mine if e.cycle_status == Cycle.Status.CLOSED}
    if not closed:
        return []
    answered = set(SurveyResponse.objects.filter(user=user, cycle_id__in=closed).values_list("cycle_id", flat=True))
    return [CycleDue(pk, name) for pk, name in closed.items() if pk not in answered]


def whats_next(*, user: User, now: datetime) -> NextUp:
    """Meetings, requests waiting for this person's answer, cycles to join, surveys due."""
    next_up = NextUp()
    if policy.can_take_part_in_mentoring(user):
        mine = _enrollments(user)
        if mine:
            next_up.meetings = _meetings(mine, user, now)
            next_up.surveys_due = _surveys_due(mine, user)
        mentor_ids = [e.pk for e in mine if e.side == Enrollment.Side.MENTOR and e.cycle_status != Cycle.Status.CLOSED]
        if mentor_ids:
            next_up.requests_to_answer = MentorRequest.objects.filter(
                mentor_id__in=mentor_ids, status=MentorRequest.Status.PENDING
            ).count()
        enrolled = {e.cycle_id for e in mine}
        next_up.cycles_to_join = [
            offer.cycle for offer in offers_for(user, enrolled_in=enrolled) if offer.sides and not offer.enrolled
        ]
    if policy.can_create_cycle(user):
        next_up.rematch_requests = RematchRequest.objects.filter(
            resolved_at__isnull=True, mentorship__cycle__status=Cycle.Status.ACTIVE
        ).count()
    return next_up
