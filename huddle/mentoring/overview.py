"""What is next in mentoring for one person, in a few queries, for their home page."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from huddle.accounts.models import User
from huddle.mentoring import policy
from huddle.mentoring.enrollment.selectors import offers_for
from huddle.mentoring.models import Cycle, MentorRequest, PlannedMeeting, RematchRequest, SurveyResponse

#: The home page lists at most this many upcoming meetings.
MEETINGS_SHOWN = 3


@dataclass(frozen=True)
class UpcomingMeeting:
    pair_id: int
    partner_name: str
    starts_at: datetime


@dataclass
class NextUp:
    meetings: list[UpcomingMeeting] = field(default_factory=list)
    requests_to_answer: int = 0
    cycles_to_join: list[Cycle] = field(default_factory=list)
    surveys_due: list[Cycle] = field(default_factory=list)
    rematch_requests: int = 0


def _meetings(user: User, now: datetime) -> list[UpcomingMeeting]:
    rows = (
        PlannedMeeting.objects.filter(
            Q(mentorship__mentee__user=user) | Q(mentorship__mentor__user=user),
            cancelled_at__isnull=True,
            starts_at__gt=now,
        )
        .select_related("mentorship__mentee__user", "mentorship__mentor__user")
        .order_by("starts_at", "pk")[:MEETINGS_SHOWN]
    )
    out = []
    for meeting in rows:
        pair = meeting.mentorship
        partner = pair.mentor.user if pair.mentee.user_id == user.pk else pair.mentee.user
        out.append(UpcomingMeeting(pair.pk, partner.get_full_name(), meeting.starts_at))
    return out


def whats_next(*, user: User, now: datetime) -> NextUp:
    """Meetings, requests waiting for this person's answer, cycles to join, surveys due."""
    next_up = NextUp()
    if policy.can_take_part_in_mentoring(user):
        next_up.meetings = _meetings(user, now)
        next_up.requests_to_answer = MentorRequest.objects.filter(
            mentor__user=user, status=MentorRequest.Status.PENDING
        ).count()
        next_up.cycles_to_join = [offer.cycle for offer in offers_for(user) if offer.sides and not offer.enrolled]
        answered = SurveyResponse.objects.filter(user=user).values("cycle_id")
        next_up.surveys_due = list(
            Cycle.objects.filter(status=Cycle.Status.CLOSED, enrollments__user=user)
            .exclude(pk__in=answered)
            .distinct()
            .order_by("-closed_at")
        )
    if policy.can_create_cycle(user):
        next_up.rematch_requests = RematchRequest.objects.filter(
            resolved_at__isnull=True, mentorship__cycle__status=Cycle.Status.ACTIVE
        ).count()
    return next_up
