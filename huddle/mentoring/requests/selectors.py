"""Reads for self-select: mentors a mentee may ask, and requests waiting on either side."""

from dataclasses import dataclass

from django.db.models import Q

from huddle.mentoring import adapter
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    MentorRequest,
)
from huddle.mentoring.pairs.selectors import sees_times
from huddle.mentoring.reasons import Reader, reason_texts

#: The mentoring home lists a mentee's latest requests, not all of them.
MY_REQUESTS_SHOWN = 20


@dataclass
class Requests:
    waiting_for_me: list[MentorRequest]  # as a mentor: pending, oldest first
    mine: list[MentorRequest]  # as a mentee: latest first


def requests_of(enrollments: list[Enrollment]) -> Requests:
    """Both sides' requests of a person, from their enrollments (one query, none without one)."""
    ids = {e.pk for e in enrollments}
    if not ids:
        return Requests([], [])
    rows = list(
        MentorRequest.objects.filter(
            Q(mentor_id__in=ids, status=MentorRequest.Status.PENDING) | Q(mentee_id__in=ids)
        ).select_related("cycle", "mentee__user__profile", "mentor__user")
    )
    waiting = sorted((r for r in rows if r.mentor_id in ids), key=lambda r: (r.created_at, r.pk))
    mine = sorted((r for r in rows if r.mentee_id in ids), key=lambda r: (r.created_at, r.pk), reverse=True)
    return Requests(waiting, mine[:MY_REQUESTS_SHOWN])


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
