"""Between a pool's rows and the Django-free engine (``huddle.matching``).

Every entry's week is re-expressed in the school's zone once, at one
instant, before anything is compared, so "Tuesday 18:00" is the same moment
for a student in Los Angeles and one in New York. The engine's ids are pool
entry ids as strings.

Locked proposed groups are the coordinator's: their students are left out of
a run and the groups kept as they are. Quality is judged as the engine and
CATME judge it, by the weakest group. Every partition — the engine's, the
locked groups with it, a coordinator's hand-made change, the random
assignment it is compared with — is measured by the engine's own
``group_result`` (:func:`judge`), so all of them count the same way.
"""

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from huddle.groups import weeks
from huddle.groups.models import Pool, PoolEntry, ProposedMember
from huddle.groups.pools.reasons import Reason, reason
from huddle.matching import Group, GroupRules, Objective, Student, form_groups, random_groups
from huddle.matching.availability import from_bits
from huddle.matching.groups import group_result
from huddle.matching.model import Modality

#: Engine words for how a student can meet; anything else counts as "either".
_MODALITIES: dict[str, Modality] = {"virtual": "virtual", "in_person": "in_person"}


@dataclass(frozen=True)
class Member:
    """One pool entry as the engine and the proposal see it (week in the school's zone)."""

    entry_id: int
    week: int
    goal: str
    modality: str
    attributes: tuple[str, ...]
    class_year: int | None


def member_of(entry: PoolEntry, *, class_year: int | None, protected: Iterable[str], at: datetime) -> Member:
    """The entry with its week in the school's zone and only the attributes the pool still protects."""
    allowed = set(protected)
    return Member(
        entry_id=entry.pk,
        week=weeks.in_school_zone(entry.availability, entry.time_zone, at),
        goal=entry.goal,
        modality=entry.modality,
        attributes=tuple(a for a in entry.attributes or () if a in allowed),
        class_year=class_year,
    )


def rules_for(pool: Pool) -> GroupRules:
    return GroupRules(
        min_size=pool.min_size,
        max_size=pool.max_size,
        min_common_hours=float(pool.min_common_hours),
        protect_attributes=tuple(pool.protected_attributes or ()),
        mix_years=pool.mix_years,
    )


def course_of(pool: Pool) -> str | None:
    return pool.topic.name if pool.topic_id and pool.topic else None


def student(member: Member, *, course: str | None) -> Student:
    return Student(
        id=str(member.entry_id),
        availability=from_bits(member.week),
        course=course,
        goal=member.goal or None,
        modality=_MODALITIES.get(member.modality, "either"),
        attributes=member.attributes,
        class_year=member.class_year,
    )


# Judging a partition -----------------------------------------------------------


@dataclass(frozen=True)
class Judged:
    """Each group's engine result (common hours, reasons) in the order asked, and the partition's stats."""

    groups: list[Group | None]
    stats: dict[str, Any]


def judge(
    groups: Sequence[Sequence[int]], members: Mapping[int, Member], *, rules: GroupRules, course: str | None
) -> Judged:
    """Measure any partition of the pool (entry ids) exactly as the engine measures its own.

    Pure: used after a coordinator moves someone (the engine does not run for
    a move) and for the proposal's summary. The whole pool is given, not only
    the groups, because a rule may depend on it (mixing class years applies
    only when the pool holds two years). An empty group has no result (None).
    """
    ids = sorted(members)
    pool = [student(members[e], course=course) for e in ids]
    index = {e: k for k, e in enumerate(ids)}
    filled = [[index[e] for e in g] for g in groups if g]
    placed = {k for g in filled for k in g}
    result = group_result(
        pool,
        rules,
        Objective.build(pool, rules),
        filled,
        [k for k in range(len(pool)) if k not in placed],
        seed=0,
        proven=False,
        with_reasons=True,
    )
    found = {frozenset(g.members): g for g in result.groups}
    return Judged([found[frozenset(str(e) for e in g)] if g else None for g in groups], dict(result.stats))


def summary(stats: Mapping[str, Any]) -> dict[str, Any]:
    """The numbers a proposal is judged by, from the engine's stats: the share of groups with enough time in
    common, the weakest group, the rules broken."""
    n = int(stats.get("groups", 0) or 0)
    meeting = int(stats.get("groups_meeting_min_common_hours", 0) or 0)
    return {
        "groups": n,
        "groups_meeting_min": meeting,
        "share_meeting_min": round(100 * meeting / n) if n else 0,
        "worst_common_hours": float(stats.get("worst_common_hours", 0.0) or 0.0),
        "mean_common_hours": float(stats.get("mean_common_hours", 0.0) or 0.0),
        "rule_violations": int(stats.get("rule_violations", 0) or 0),
    }


def reasons_of(group: Group | None) -> list[Reason]:
    return [_reason_dict(r) for r in group.reasons] if group is not None else []


# A whole pool ----------------------------------------------------------------


@dataclass
class Loaded:
    """A pool ready for the engine: every entry, and the locked groups kept out of the run."""

    pool: Pool
    at: datetime
    members: dict[int, Member] = field(default_factory=dict)
    #: Locked proposed group id → its entry ids.
    locked: dict[int, list[int]] = field(default_factory=dict)

    @property
    def free(self) -> list[Member]:
        kept = {e for ids in self.locked.values() for e in ids}
        return [m for eid, m in sorted(self.members.items()) if eid not in kept]


def pool_load(pool: Pool, *, at: datetime) -> Loaded:
    """Every entry (with its student's class year) and the locked groups: two queries, whatever the pool's size."""
    protected = tuple(pool.protected_attributes or ())
    loaded = Loaded(pool=pool, at=at)
    rows = PoolEntry.objects.filter(pool=pool).select_related("student__profile").order_by("pk")
    for entry in rows:
        profile = getattr(entry.student, "profile", None)
        year = getattr(profile, "class_year", None)
        loaded.members[entry.pk] = member_of(entry, class_year=year, protected=protected, at=at)
    for group_id, entry_id in ProposedMember.objects.filter(
        proposed_group__pool=pool, proposed_group__locked=True
    ).values_list("proposed_group_id", "entry_id"):
        if entry_id in loaded.members:
            loaded.locked.setdefault(group_id, []).append(entry_id)
    return loaded


@dataclass(frozen=True)
class NewGroup:
    entry_ids: list[int]
    reasons: list[Reason]


@dataclass
class Outcome:
    """A run's result: new groups (entry ids and the engine's reasons), unplaced entries with why, stats."""

    groups: list[NewGroup]
    unplaced: dict[str, Reason]
    stats: dict[str, Any]
    #: The locked groups the run went around (group id → entry ids), to check nothing moved meanwhile.
    locked: dict[int, list[int]]


def _reason_dict(item: Any) -> Reason:
    return item.as_dict() if hasattr(item, "as_dict") else dict(item)


def pool_form(loaded: Loaded, *, seed: int) -> Outcome:
    """Form groups around the locked ones, and the random assignment of the whole pool to compare with."""
    pool = loaded.pool
    rules = rules_for(pool)
    course = course_of(pool)
    started = time.perf_counter()
    free = loaded.free
    groups: list[NewGroup] = []
    unplaced: dict[str, Reason] = {}
    engine: dict[str, Any] = {}
    if free:
        result = form_groups([student(m, course=course) for m in free], rules, seed=seed)
        engine = {k: v for k, v in result.stats.items() if isinstance(v, int | float | str | bool)}
        groups = [NewGroup([int(s) for s in g.members], reasons_of(g)) for g in result.groups]
        unplaced = {s: _reason_dict(r) for s, r in result.unplaced_reasons.items()}
        for s in result.unplaced:
            unplaced.setdefault(s, reason("removed"))
    solved_ms = round((time.perf_counter() - started) * 1000)
    partition = [*loaded.locked.values(), *(g.entry_ids for g in groups)]
    judged = judge(partition, loaded.members, rules=rules, course=course)
    everyone = [student(m, course=course) for _eid, m in sorted(loaded.members.items())]
    baseline = random_groups(everyone, rules, seed=seed, with_reasons=False)
    stats: dict[str, Any] = {
        "students": len(loaded.members),
        "placed": len(loaded.members) - len(unplaced),
        "unplaced": len(unplaced),
        "locked_groups": len(loaded.locked),
        **summary(judged.stats),
        "random": {**summary(baseline.stats), "unplaced": len(baseline.unplaced)},
        "engine": engine,
        "seed": seed,
        "ms": solved_ms,
    }
    return Outcome(groups, unplaced, stats, {k: sorted(v) for k, v in loaded.locked.items()})
