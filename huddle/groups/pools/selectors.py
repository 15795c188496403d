"""Reads for pools: the list, a pool's run panel, a student's opt-in, and the proposal (fixed query counts).

The proposal is the one page that shows pool entries' attributes; it is for
coordinators only, and its view records the reading in the audit log.
"""

import contextlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from huddle.accounts.availability import shift_to_zone
from huddle.accounts.models import ClassYear, User
from huddle.accounts.models import Modality as PersonModality
from huddle.groups import policy
from huddle.groups.models import FormationRun, Goal, Pool, PoolEntry, ProposedGroup, ProposedMember
from huddle.groups.pools import adapter
from huddle.groups.pools.reasons import (
    RULE_BROKEN,
    SHORT_OF_TIME,
    Reader,
    blocks_week,
    reason,
    reason_texts,
    when_text,
)
from huddle.groups.pools.services import RUN_STALE_AFTER
from huddle.lib.zones import zone_of


def _count(model_rows: Any) -> Coalesce:
    return Coalesce(Subquery(model_rows.values("n"), output_field=IntegerField()), 0)


# The list ---------------------------------------------------------------------


@dataclass(frozen=True)
class PoolRow:
    pool: Pool
    entries: int = 0
    proposed: int = 0
    mine: bool = False


def pools_for(*, viewer: User, now: datetime) -> list[PoolRow]:
    """Coordinators: every pool with its counts. Students: open pools they may join, and pools they are in.

    One query either way (the viewer's class year is read with the profile, already loaded or one more).
    """
    if policy.can_manage_pools(viewer):
        entries = PoolEntry.objects.filter(pool=OuterRef("pk")).values("pool").annotate(n=Count("pk"))
        proposed = ProposedGroup.objects.filter(pool=OuterRef("pk")).values("pool").annotate(n=Count("pk"))
        counted = Pool.objects.select_related("topic").annotate(n_entries=_count(entries), n_proposed=_count(proposed))
        return [PoolRow(p, p.n_entries, p.n_proposed) for p in counted]
    if not policy.can_join_groups(viewer):
        return []
    year = getattr(getattr(viewer, "profile", None), "class_year", None)
    mine = PoolEntry.objects.filter(pool=OuterRef("pk"), student=viewer)
    joinable = Q(status=Pool.Status.OPEN) & (Q(opt_in_closes_at__isnull=True) | Q(opt_in_closes_at__gt=now))
    joinable &= Q(class_year__isnull=True) | Q(class_year=year)
    rows = Pool.objects.select_related("topic").annotate(mine=Exists(mine)).filter(joinable | Q(mine=True))
    return [PoolRow(p, mine=p.mine) for p in rows]  # type: ignore[attr-defined]


# A pool's run -----------------------------------------------------------------


def latest_run(pool: Pool) -> FormationRun | None:
    return FormationRun.objects.filter(pool=pool).order_by("-requested_at", "-pk").first()


def is_running(run: FormationRun | None) -> bool:
    """Queued or running, and not so old that its worker must have died."""
    return (
        run is not None
        and run.status in (FormationRun.Status.QUEUED, FormationRun.Status.RUNNING)
        and run.requested_at >= timezone.now() - RUN_STALE_AFTER
    )


def run_panel(pool: Pool) -> dict[str, Any]:
    """The latest run and whether the page should keep polling (one query)."""
    run = latest_run(pool)
    return {"run": run, "in_progress": is_running(run)}


@dataclass(frozen=True)
class PoolOverview:
    entries: int
    proposed: int
    published: int


def pool_overview(pool: Pool) -> PoolOverview:
    """How many opted in, proposed groups, published groups (one query)."""
    counts = Pool.objects.filter(pk=pool.pk).aggregate(
        entries=Count("entries", distinct=True),
        proposed=Count("proposed_groups", distinct=True),
        published=Count("groups", distinct=True),
    )
    return PoolOverview(counts["entries"], counts["proposed"], counts["published"])


# Opting in --------------------------------------------------------------------


def entry_of(*, pool: Pool, student: User) -> PoolEntry | None:
    return PoolEntry.objects.filter(pool=pool, student=student).first()


def opt_in_week(*, entry: PoolEntry | None, student: User, at: datetime) -> bytes:
    """The week to pre-fill, on the student's own clock: their entry's if they opted in, else their profile's."""
    zone = zone_of(student).key
    if entry is not None:
        week = bytes(entry.availability)
        if entry.time_zone and entry.time_zone != zone:
            with contextlib.suppress(KeyError, ValueError):
                week = shift_to_zone(week, entry.time_zone, zone, at)
        return week
    profile = getattr(student, "profile", None)
    return bytes(profile.availability) if profile is not None else b""


# The proposal -----------------------------------------------------------------


@dataclass
class MemberView:
    entry: PoolEntry
    name: str
    year: str
    goal: str
    modality: str
    attributes: list[str]


@dataclass
class GroupView:
    group: ProposedGroup
    members: list[MemberView]
    hours: float
    when: str
    reasons: list[str]
    short_of_time: bool
    breaks_rule: bool
    below_min_size: bool
    full: bool


@dataclass
class UnplacedView:
    member: MemberView
    why: str


@dataclass
class Proposal:
    run: FormationRun | None
    done: FormationRun | None
    groups: list[GroupView]
    unplaced: list[UnplacedView]
    current: dict[str, Any]
    baseline: dict[str, Any]
    zone: str
    attributes_read: int = 0
    targets: list[ProposedGroup] = field(default_factory=list)

    @property
    def in_progress(self) -> bool:
        return is_running(self.run)

    @property
    def seconds(self) -> float | None:
        """From the click to the proposal, for the latest finished run."""
        run = self.done
        if run is None or run.finished_at is None:
            return None
        return round((run.finished_at - run.requested_at).total_seconds(), 1)


def _modality_label(value: str) -> str:
    return str(dict(PersonModality.choices).get(value, value))


def _member(entry: PoolEntry) -> MemberView:
    profile = getattr(entry.student, "profile", None)
    year = getattr(profile, "class_year", None)
    return MemberView(
        entry=entry,
        name=(profile.name if profile is not None else "") or str(entry.student),
        year=str(dict(ClassYear.choices).get(year, "")) if year else "",
        goal=str(dict(Goal.choices).get(entry.goal, entry.goal)),
        modality=_modality_label(entry.modality),
        attributes=list(entry.attributes or []),
    )


def _hours_of(reasons: list[dict[str, Any]]) -> tuple[float, int]:
    for item in reasons:
        if item.get("code") == "group_common_hours":
            return float(item.get("hours", 0)), blocks_week(item)
    return 0.0, 0


def proposal(*, pool: Pool, viewer: User, at: datetime) -> Proposal:
    """Each proposed group with members, common time on the viewer's clock and reasons; the unplaced; the
    summary against random assignment. Five queries whatever the pool's size."""
    zone = zone_of(viewer).key
    reader = Reader(zone=zone, at=at)
    run = latest_run(pool)
    done = (
        run
        if run is not None and run.status == FormationRun.Status.DONE
        else FormationRun.objects.filter(pool=pool, status=FormationRun.Status.DONE)
        .order_by("-requested_at", "-pk")
        .first()
    )
    members = ProposedMember.objects.select_related("entry__student__profile")
    rows = ProposedGroup.objects.filter(pool=pool).prefetch_related(Prefetch("members", queryset=members))
    groups: list[GroupView] = []
    measured: list[tuple[float, bool, int]] = []
    read = 0
    for g in rows.order_by("number"):
        views = sorted((_member(m.entry) for m in g.members.all()), key=lambda v: (v.name.casefold(), v.entry.pk))
        read += sum(1 for v in views if v.attributes)
        codes = {str(r.get("code")) for r in g.reasons if isinstance(r, dict)}
        hours, week = _hours_of(g.reasons)
        # As the engine counts them: a group breaks each rule once, however many members it leaves alone.
        violations = len(codes & RULE_BROKEN)
        short = bool(codes & SHORT_OF_TIME)
        if views:
            measured.append((hours, not short, violations))
        groups.append(
            GroupView(
                group=g,
                members=views,
                hours=hours,
                when=when_text(week, zone=zone, at=at, limit=6) if week else "",
                reasons=reason_texts(g.reasons, reader),
                short_of_time=short and bool(views),
                breaks_rule=violations > 0,
                below_min_size=0 < len(views) < pool.min_size,
                full=len(views) >= pool.max_size,
            )
        )
    why = done.unplaced if done is not None else {}
    unplaced: list[UnplacedView] = []
    left = PoolEntry.objects.filter(pool=pool, proposed__isnull=True).select_related("student__profile")
    for entry in left:
        item = why.get(str(entry.pk))
        if item is None:
            late = done is None or entry.created_at > done.requested_at
            item = reason("not_run" if done is None else "late" if late else "removed")
        view = _member(entry)
        read += 1 if view.attributes else 0
        unplaced.append(UnplacedView(view, "; ".join(reason_texts([item], reader))))
    unplaced.sort(key=lambda u: (u.member.name.casefold(), u.member.entry.pk))
    return Proposal(
        run=run,
        done=done,
        groups=groups,
        unplaced=unplaced,
        current=adapter.summary(
            {
                "groups": len(measured),
                "groups_meeting_min_common_hours": sum(meets for _h, meets, _v in measured),
                "worst_common_hours": min((h for h, _m, _v in measured), default=0.0),
                "mean_common_hours": round(sum(h for h, _m, _v in measured) / len(measured), 2) if measured else 0.0,
                "rule_violations": sum(v for _h, _m, v in measured),
            }
        ),
        baseline=dict((done.stats or {}).get("random") or {}) if done is not None else {},
        zone=zone,
        attributes_read=read,
        targets=[g.group for g in groups if not g.group.locked],
    )
