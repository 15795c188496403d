"""Reads for self-select: mentors a mentee may ask, and requests waiting on either side."""

from dataclasses import dataclass
from typing import Any

from huddle.mentoring import adapter
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    MentorRequest,
)
from huddle.mentoring.pairs.selectors import sees_times
from huddle.mentoring.reasons import Reader, reason_texts


def pending_requests_for_mentor(user: Any) -> list[MentorRequest]:
    return list(
        MentorRequest.objects.filter(mentor__user=user, status=MentorRequest.Status.PENDING)
        .select_related("cycle", "mentee__user__profile")
        .order_by("created_at")
    )


def my_requests(user: Any) -> list[MentorRequest]:
    return list(
        MentorRequest.objects.filter(mentee__user=user)
        .select_related("cycle", "mentor__user")
        .order_by("-created_at")[:20]
    )


@dataclass
class MentorChoice:
    candidate: adapter.Candidate
    reason_texts: list[str]
    requested: bool


def mentor_choices(cycle: Cycle, mentee: Enrollment, tier: str) -> list[MentorChoice]:
    """Mentors of a tier with room, best fit for this mentee first."""
    pool = adapter.pool_load(cycle, tier, mentee_ids=[mentee.pk])
    if str(mentee.pk) not in pool.mentee_people:
        return []
    load = adapter.active_load(cycle, tier)
    asked = set(
        MentorRequest.objects.filter(mentee=mentee, status=MentorRequest.Status.PENDING).values_list(
            "mentor_id", flat=True
        )
    )
    criteria = adapter.criteria_for(cycle)
    out = []
    for c in adapter.candidates_for(pool, str(mentee.pk), criteria, load=load):
        # Self-select shows who is possible and has room; painting little time is not a bar here.
        hard = [r for r in c.refusals if r["code"] not in ("low_hours",)]
        if hard or c.mentor.user_id == mentee.user_id:
            continue
        partner = c.mentor.user
        reader = Reader(side="mentee", partner=partner.get_full_name(), sees_times=sees_times(mentee.user, partner))
        out.append(MentorChoice(c, reason_texts(c.reasons, reader), c.mentor.pk in asked))
    return out
