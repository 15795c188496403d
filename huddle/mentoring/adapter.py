"""The adapter between mentoring rows and the Django-free matching engine.

A *pool* is one tier of one cycle: its active mentees and that tier's
mentors, loaded in a fixed number of queries whatever the cohort size.
Everyone's availability is re-expressed in the school's time zone before any
comparison, so "Monday 18:00" is the same instant on both sides. The
engine's ids are enrollment primary keys as strings.

Rules the engine does not know are applied here: the cycle's minimum weekly
availability (people below it are left out, with the reason), "never repeat
a pairing from an earlier cycle" and the coordinator's forbidden pairs (both
passed as ``forbidden``), and locked pairs (passed as ``locked``).
"""

import contextlib
import dataclasses
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as clock
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.db.models import QuerySet

from huddle.accounts.availability import EMPTY_WEEK, WEEK_BYTES, hours_per_week, shift_to_zone
from huddle.accounts.models import Language, Profile, Role, RoleAssignment
from huddle.matching import Criteria, Mentor, Person, Weights, match_mentors, pair_breakdown, score_matrix
from huddle.matching import Profile as EngineProfile
from huddle.matching.availability import hours
from huddle.matching.model import Modality
from huddle.mentoring.models import Cycle, Enrollment, ForbiddenPair, Mentorship, ProposedPair, Tier
from huddle.mentoring.reasons import Reason, blocks_hex, reason

Pair = tuple[str, str]

#: The engine's codes for an unmatched mentee, as the reasons stored on a run say them.
UNMATCHED_CODES = {"no_acceptable_mentor": "no_acceptable", "mentors_full": "capacity"}

#: The criteria a coordinator can weigh, in the engine's ``Weights`` order.
WEIGHT_FIELDS = ("specialty", "language", "overlap", "year_gap", "modality", "request")


def weights_from(data: Mapping[str, Any] | None) -> Weights:
    """The engine's weights from a cycle's JSON (missing keys keep the default)."""
    default = Weights()
    values = {name: float((data or {}).get(name, getattr(default, name))) for name in WEIGHT_FIELDS}
    return Weights(**values)


def criteria_for(cycle: Cycle, weights: Mapping[str, Any] | None = None) -> Criteria:
    return Criteria(
        weights=weights_from(cycle.weights if weights is None else weights),
        require_shared_language=cycle.require_shared_language,
        min_year_gap=cycle.min_year_gap or None,
    )


def week_in_school_zone(data: bytes | memoryview | None, zone: str, at: datetime) -> np.ndarray:
    """A person's 336 blocks as a numpy bool vector in the school's time zone."""
    raw = bytes(data or EMPTY_WEEK).ljust(WEEK_BYTES, b"\0")[:WEEK_BYTES]
    school = settings.TIME_ZONE
    if zone and zone != school:
        # An unknown zone name: take the pattern as it is.
        with contextlib.suppress(KeyError, ValueError):
            raw = shift_to_zone(raw, zone, school, at)
    return np.unpackbits(np.frombuffer(raw, dtype=np.uint8), bitorder="little").astype(np.bool_)


@dataclass
class Pool:
    """One tier of a cycle, ready for the engine."""

    cycle: Cycle
    tier: str
    mentees: dict[str, Enrollment] = field(default_factory=dict)
    mentors: dict[str, Enrollment] = field(default_factory=dict)
    mentee_people: dict[str, Person] = field(default_factory=dict)
    mentor_people: dict[str, Mentor] = field(default_factory=dict)
    # Left out for painting too little time: engine id → reason.
    excluded: dict[str, Reason] = field(default_factory=dict)
    excluded_mentors: dict[str, Reason] = field(default_factory=dict)
    # Pairs from earlier cycles and the coordinator's ruled-out pairs.
    repeat_pairs: set[Pair] = field(default_factory=set)
    forbidden_pairs: set[Pair] = field(default_factory=set)
    language_names: dict[str, str] = field(default_factory=dict)

    def forbidden(self) -> list[Pair]:
        return sorted(self.repeat_pairs | self.forbidden_pairs)


@dataclass(frozen=True)
class _ProfileRow:
    """The profile fields matching reads, without building model instances."""

    class_year: int | None = None
    modality: str = "either"
    time_zone: str = ""
    availability: bytes = EMPTY_WEEK
    specialties: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


_NO_PROFILE = _ProfileRow()


def _profile_rows(user_ids: QuerySet[Any, Any]) -> dict[int, _ProfileRow]:
    """Profiles with their specialties and languages in three plain queries."""
    rows = Profile.objects.filter(user_id__in=user_ids).values_list(
        "pk", "user_id", "class_year", "modality", "time_zone", "availability"
    )
    base = {pk: (user_id, year, modality, zone, bytes(week or b"")) for pk, user_id, year, modality, zone, week in rows}
    specialties: dict[int, list[str]] = {}
    for profile_id, name in Profile.specialties.through.objects.filter(profile__user_id__in=user_ids).values_list(
        "profile_id", "specialty__name"
    ):
        specialties.setdefault(profile_id, []).append(name)
    languages: dict[int, list[str]] = {}
    for profile_id, code in Profile.languages.through.objects.filter(profile__user_id__in=user_ids).values_list(
        "profile_id", "language__code"
    ):
        languages.setdefault(profile_id, []).append(code)
    return {
        user_id: _ProfileRow(
            year, modality, zone, week, tuple(sorted(specialties.get(pk, []))), tuple(sorted(languages.get(pk, [])))
        )
        for pk, (user_id, year, modality, zone, week) in base.items()
    }


def _modality(value: str) -> Modality:
    if value == "virtual":
        return "virtual"
    if value == "in_person":
        return "in_person"
    return "either"


def _is_faculty_mentor(tier: str, profile: _ProfileRow, is_faculty: bool) -> bool:
    if tier == Tier.FACULTY:
        return True
    return is_faculty and profile.class_year is None


def pool_load(
    cycle: Cycle,
    tier: str,
    *,
    places_taken: Mapping[int, int] | None = None,
    mentee_ids: Iterable[int] | None = None,
) -> Pool:
    """Load one tier's pool in a fixed number of queries (nine).

    ``places_taken`` (mentor enrollment pk → count) lowers each mentor's
    capacity, for rematching into a running cycle; ``mentee_ids`` limits the
    mentees (one mentee alone for a rematch).
    """
    active = Enrollment.objects.filter(cycle=cycle, status=Enrollment.Status.ACTIVE)
    mentee_rows = active.filter(side=Enrollment.Side.MENTEE)
    if mentee_ids is not None:
        mentee_rows = mentee_rows.filter(pk__in=list(mentee_ids))
    in_pool = mentee_rows | active.filter(side=Enrollment.Side.MENTOR, tier=tier)
    # Profiles come along: pages word reasons by each owner's visibility choices.
    enrollments = list(in_pool.select_related("user__profile").order_by("side", "pk"))
    # Subqueries, not lists of ids: the SQL stays small whatever the cohort size.
    user_ids = in_pool.values("user_id")
    profiles = _profile_rows(user_ids)
    faculty = set(
        RoleAssignment.objects.filter(user_id__in=user_ids, role=Role.FACULTY).values_list("user_id", flat=True)
    )
    pool = Pool(cycle=cycle, tier=tier, language_names=dict(Language.objects.values_list("code", "name")))
    at = datetime.combine(cycle.starts_on, clock(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    minimum = float(cycle.min_weekly_hours)
    taken = places_taken or {}
    by_user: dict[tuple[str, int], str] = {}
    for e in enrollments:
        key = str(e.pk)
        by_user[(e.side, e.user_id)] = key
        profile = profiles.get(e.user_id) or _NO_PROFILE
        painted = hours_per_week(profile.availability)
        too_little = minimum > 0 and painted < minimum
        if e.side == Enrollment.Side.MENTEE:
            pool.mentees[key] = e
            if too_little:
                pool.excluded[key] = reason("low_hours", hours=painted, minimum=minimum)
        else:
            pool.mentors[key] = e
            if too_little:
                pool.excluded_mentors[key] = reason("low_hours", hours=painted, minimum=minimum)
    # Requests and blocks name users; the engine wants ids on the other side.
    for e in enrollments:
        key = str(e.pk)
        profile = profiles.get(e.user_id) or _NO_PROFILE
        other = Enrollment.Side.MENTOR if e.side == Enrollment.Side.MENTEE else Enrollment.Side.MENTEE
        requests = tuple(by_user[(other, u)] for u in e.requests if (other, u) in by_user)
        blocks = tuple(by_user[(other, u)] for u in e.blocks if (other, u) in by_user)
        engine_profile = EngineProfile(
            specialties=profile.specialties,
            languages=profile.languages,
            class_year=profile.class_year,
            is_faculty=e.side == Enrollment.Side.MENTOR and _is_faculty_mentor(tier, profile, e.user_id in faculty),
            modality=_modality(profile.modality),
            availability=week_in_school_zone(profile.availability, profile.time_zone, at),
            requests=requests,
            blocks=blocks,
        )
        if e.side == Enrollment.Side.MENTEE:
            pool.mentee_people[key] = Person(id=key, profile=engine_profile)
        else:
            capacity = max(0, e.capacity - taken.get(e.pk, 0))
            pool.mentor_people[key] = Mentor(id=key, profile=engine_profile, capacity=capacity)
    forbidden = ForbiddenPair.objects.filter(cycle=cycle, tier=tier).values_list("mentee_id", "mentor_id")
    pool.forbidden_pairs = {(str(a), str(b)) for a, b in forbidden}
    if cycle.no_repeat_pairs:
        pool.repeat_pairs = _earlier_pairs(cycle, pool, by_user)
    return pool


def _earlier_pairs(cycle: Cycle, pool: Pool, by_user: Mapping[tuple[str, int], str]) -> set[Pair]:
    """Pairs of this pool who were already paired in another cycle."""
    mentee_users = [e.user_id for e in pool.mentees.values()]
    mentor_users = [e.user_id for e in pool.mentors.values()]
    if not mentee_users or not mentor_users:
        return set()
    earlier = (
        Mentorship.objects.exclude(cycle=cycle)
        .filter(mentee__user_id__in=mentee_users, mentor__user_id__in=mentor_users)
        .values_list("mentee__user_id", "mentor__user_id")
    )
    pairs: set[Pair] = set()
    for mentee_user, mentor_user in earlier:
        a = by_user.get((Enrollment.Side.MENTEE, mentee_user))
        b = by_user.get((Enrollment.Side.MENTOR, mentor_user))
        if a and b:
            pairs.add((a, b))
    return pairs


def pair_reasons(
    pool: Pool, mentee_id: str, mentor_id: str, criteria: Criteria, *, locked: bool = False
) -> list[Reason]:
    """Why this pair scores as it does, strongest criteria first."""
    mentee, mentor = pool.mentee_people[mentee_id], pool.mentor_people[mentor_id]
    b = pair_breakdown(mentee, mentor, criteria)
    e, m = mentee.profile, mentor.profile
    assert e is not None and m is not None
    out: list[Reason] = []
    if locked:
        out.append(reason("locked"))
    if b.requested_by_mentee:
        out.append(reason("asked_by_mentee"))
    if b.requested_by_mentor:
        out.append(reason("asked_by_mentor"))
    if b.shared_specialties:
        out.append(reason("specialties", names=list(b.shared_specialties)))
    if b.shared_languages:
        names = [pool.language_names.get(code, code) for code in b.shared_languages]
        out.append(reason("languages", names=names))
    if b.common_blocks:
        # Which half-hours, as data: only a reader allowed to see both weeks is told them.
        common = np.logical_and(e.availability, m.availability)
        out.append(reason("hours", hours=hours(b.common_blocks), blocks=blocks_hex(common)))
    if m.is_faculty:
        out.append(reason("faculty"))
    elif b.year_gap is not None and b.year_gap > 0:
        out.append(reason("senior", years=b.year_gap))
    if e.modality == m.modality and e.modality != "either":
        out.append(reason("same_modality", modality=e.modality))
    elif b.modality_compatible and (e.modality != "either" or m.modality != "either"):
        out.append(reason("compatible_modality"))
    if not out:
        out.append(reason("none"))
    return out


def pair_refusals(pool: Pool, mentee_id: str, mentor_id: str, criteria: Criteria) -> list[Reason]:
    """The hard rules a pair breaks (empty when it is allowed)."""
    mentee, mentor = pool.mentee_people[mentee_id], pool.mentor_people[mentor_id]
    b = pair_breakdown(mentee, mentor, criteria)
    out: list[Reason] = []
    if mentee_id in pool.excluded:
        out.append(pool.excluded[mentee_id])
    if mentor_id in pool.excluded_mentors:
        out.append(pool.excluded_mentors[mentor_id])
    if b.excluded_because:
        e, m = mentee.profile, mentor.profile
        assert e is not None and m is not None
        if mentor_id in e.blocks or mentee_id in m.blocks:
            out.append(reason("blocked"))
        if criteria.require_shared_language and not b.shared_languages:
            out.append(reason("no_shared_language"))
        if criteria.min_year_gap is not None and (b.year_gap is None or b.year_gap < criteria.min_year_gap):
            out.append(reason("year_gap", years=criteria.min_year_gap))
    if (mentee_id, mentor_id) in pool.forbidden_pairs:
        out.append(reason("forbidden"))
    if (mentee_id, mentor_id) in pool.repeat_pairs:
        out.append(reason("repeat"))
    return out


@dataclass(frozen=True)
class ProposedMatch:
    mentee_id: str
    mentor_id: str
    score: float
    reasons: list[Reason]
    locked: bool


@dataclass
class Outcome:
    """What one run produced: pairs, unmatched mentees with reasons, figures."""

    matches: list[ProposedMatch]
    unmatched: dict[str, Reason]
    stats: dict[str, Any]


def _usable_locks(pool: Pool, locked: Iterable[Pair]) -> list[Pair]:
    """Locks the engine can honour: both people still in the pool, within capacity."""
    left = {key: p.capacity for key, p in pool.mentor_people.items()}
    out: list[Pair] = []
    seen: set[str] = set()
    forbidden = pool.repeat_pairs | pool.forbidden_pairs
    for mentee_id, mentor_id in locked:
        if mentee_id in seen or (mentee_id, mentor_id) in forbidden:
            continue
        if mentee_id in pool.mentee_people and left.get(mentor_id, 0) > 0:
            left[mentor_id] -= 1
            seen.add(mentee_id)
            out.append((mentee_id, mentor_id))
    return out


def _only_refs[P: Person](people: list[P], others: set[str]) -> list[P]:
    """Drop requests and blocks that name someone left out of the run."""
    out = []
    for p in people:
        profile = p.profile
        if profile is not None and not set(profile.requests + profile.blocks) <= others:
            profile = dataclasses.replace(
                profile,
                requests=tuple(r for r in profile.requests if r in others),
                blocks=tuple(b for b in profile.blocks if b in others),
            )
            p = dataclasses.replace(p, profile=profile)
        out.append(p)
    return out


def pool_match(pool: Pool, criteria: Criteria, mode: str, *, locked: Iterable[Pair] = ()) -> Outcome:
    """Run the engine on a pool; locked pairs are kept and take their places."""
    started = time.perf_counter()
    locks = _usable_locks(pool, locked)
    locked_mentees = {a for a, _b in locks}
    locked_mentors = {b for _a, b in locks}
    mentees = [p for key, p in pool.mentee_people.items() if key not in pool.excluded or key in locked_mentees]
    mentors = [p for key, p in pool.mentor_people.items() if key not in pool.excluded_mentors or key in locked_mentors]
    mentees = _only_refs(mentees, {p.id for p in mentors})
    mentors = _only_refs(mentors, {p.id for p in mentees})
    unmatched: dict[str, Reason] = {k: r for k, r in pool.excluded.items() if k not in locked_mentees}
    matches: list[ProposedMatch] = []
    stats: dict[str, Any] = {}
    if mentees and (not mentors or sum(m.capacity for m in mentors) == 0):
        unmatched.update({p.id: reason("no_mentors") for p in mentees})
    elif mentees:
        mentee_keys = {p.id for p in mentees}
        mentor_keys = {p.id for p in mentors}
        forbidden = [(a, b) for a, b in pool.forbidden() if a in mentee_keys and b in mentor_keys]
        # Reasons are worded here, per reader, from pair_reasons; the engine's own are not needed.
        result = match_mentors(
            mentees,
            mentors,
            criteria,
            "stable" if mode == "stable" else "optimal",
            locked=locks,
            forbidden=forbidden,
            with_reasons=False,
        )
        for m in result.matches:
            reasons = pair_reasons(pool, m.mentee, m.mentor, criteria, locked=m.locked)
            matches.append(ProposedMatch(m.mentee, m.mentor, m.score, reasons, m.locked))
        for u in result.unmatched:
            unmatched[u.mentee] = reason(UNMATCHED_CODES.get(u.reason.code, "capacity"))
        stats = dict(result.stats)
    return Outcome(matches, unmatched, _summary(pool, matches, unmatched, stats, time.perf_counter() - started))


def _summary(
    pool: Pool, matches: Sequence[ProposedMatch], unmatched: Mapping[str, Reason], stats: Mapping[str, Any], took: float
) -> dict[str, Any]:
    total = len(pool.mentees)
    scores = [m.score for m in matches]
    histogram = stats.get("score_histogram") or [{"from": b / 10, "to": (b + 1) / 10, "count": 0} for b in range(10)]
    return {
        "mentees": total,
        "mentors": len(pool.mentors),
        "capacity": sum(p.capacity for p in pool.mentor_people.values()),
        "matched": len(matches),
        "unmatched": len(unmatched),
        "matched_percent": round(100.0 * len(matches) / total, 1) if total else 0.0,
        "mean_score": round(sum(scores) / len(scores), 3) if scores else None,
        "mean_common_hours": stats.get("mean_common_hours"),
        "score_histogram": histogram,
        "excluded_mentees": len(pool.excluded),
        "excluded_mentors": len(pool.excluded_mentors),
        "unmatched_by_reason": dict(Counter(r["code"] for r in unmatched.values())),
        "locked": len([m for m in matches if m.locked]),
        "certified_optimal": stats.get("certified_optimal"),
        "seconds": round(took, 3),
    }


@dataclass(frozen=True)
class Candidate:
    """One mentor as seen for one mentee: fit, room, and what rules out the pair."""

    mentor: Enrollment
    score: float
    reasons: list[Reason]
    refusals: list[Reason]
    places_left: int

    @property
    def allowed(self) -> bool:
        return not self.refusals and self.places_left > 0


def candidates_for(pool: Pool, mentee_id: str, criteria: Criteria, *, load: Mapping[str, int]) -> list[Candidate]:
    """Every mentor of the pool for one mentee, best allowed fit first.

    ``load`` is each mentor's places already taken (by proposals or active
    pairs); the pool's capacities are the mentors' full capacities.
    """
    mentee = pool.mentee_people.get(mentee_id)
    mentor_ids = list(pool.mentor_people)
    if mentee is None or not mentor_ids:  # withdrawn, or nobody to choose from
        return []
    mentors = [pool.mentor_people[k] for k in mentor_ids]
    scores, _acceptable = score_matrix([mentee], mentors, criteria)
    out: list[Candidate] = []
    for j, key in enumerate(mentor_ids):
        left = pool.mentor_people[key].capacity - load.get(key, 0)
        refusals = pair_refusals(pool, mentee_id, key, criteria)
        if left <= 0:
            refusals = [*refusals, reason("full")]
        out.append(
            Candidate(
                mentor=pool.mentors[key],
                score=int(scores[0, j]) / 10_000,
                reasons=pair_reasons(pool, mentee_id, key, criteria),
                refusals=refusals,
                places_left=max(0, left),
            )
        )
    out.sort(key=lambda c: (not c.allowed, -c.score, c.mentor.pk))
    return out


def proposal_load(cycle: Cycle, tier: str) -> dict[str, int]:
    """Places each mentor holds in the current proposal of a tier."""
    rows = ProposedPair.objects.filter(cycle=cycle, tier=tier).values_list("mentor_id", flat=True)
    return {str(k): n for k, n in Counter(rows).items()}


def active_load(cycle: Cycle, tier: str) -> dict[str, int]:
    """Places each mentor holds in running pairs of a tier."""
    rows = Mentorship.objects.filter(cycle=cycle, tier=tier, status=Mentorship.Status.ACTIVE).values_list(
        "mentor_id", flat=True
    )
    return {str(k): n for k, n in Counter(rows).items()}


def preview(cycle: Cycle, weights: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What draft weights would do to each tier's outcome; saves nothing."""
    criteria = criteria_for(cycle, weights)
    out = []
    for tier in cycle.tiers():
        pool = pool_load(cycle, tier)
        locks = ProposedPair.objects.filter(cycle=cycle, tier=tier, locked=True).values_list("mentee_id", "mentor_id")
        outcome = pool_match(pool, criteria, cycle.mode, locked=[(str(a), str(b)) for a, b in locks])
        out.append({"tier": tier, "stats": outcome.stats})
    return out
