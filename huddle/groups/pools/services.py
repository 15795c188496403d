"""Writes for auto-formation pools: the pool, students' opt-ins, engine runs, the proposal and its publication.

Every change to a pool's proposal takes the pool's row lock first, so a
move, a lock, a run's result and the publication never interleave (SQLite
serialises writers anyway; PostgreSQL waits on the row). A run's result
replaces the unlocked proposed groups in one transaction; publication turns
the proposal into study groups, memberships and a first session in one more.
"""

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from huddle.accounts.availability import WEEK_BYTES, hours_per_week
from huddle.accounts.models import ClassYear, Topic, User
from huddle.audit.services import audit_record
from huddle.groups import policy, weeks
from huddle.groups.models import (
    MAX_GROUP_SIZE,
    MIN_GROUP_SIZE,
    FormationRun,
    Goal,
    GroupSession,
    Membership,
    Modality,
    Pool,
    PoolEntry,
    ProposedGroup,
    ProposedMember,
    StudyGroup,
)
from huddle.groups.notices import group_url, tell
from huddle.groups.pools import adapter
from huddle.groups.pools.reasons import reason
from huddle.groups.sessions.suggest import local_instant, suggested_times
from huddle.lib.errors import HuddleError, require
from huddle.lib.zones import zone_named, zone_of

#: A run still queued or running after this long is taken as lost (its worker died).
RUN_STALE_AFTER = timedelta(minutes=10)
MAX_ATTRIBUTES = 5
ATTRIBUTE_MAX_LENGTH = 60
MAX_COMMON_HOURS = 20
#: What a student may answer for how they can meet (the engine's words).
ENTRY_MODALITIES = ("virtual", "in_person", "either")
FIRST_SESSION_MINUTES = 60


# The pool ---------------------------------------------------------------------


@dataclass(frozen=True)
class PoolDetails:
    """What a coordinator chooses about a pool (the create and edit forms)."""

    title: str
    modality: str
    min_size: int
    max_size: int
    min_common_hours: Decimal
    description: str = ""
    topic: Topic | None = None
    class_year: int | None = None
    protected_attributes: tuple[str, ...] = ()
    mix_years: bool = False
    opt_in_closes_at: datetime | None = None


def attribute_lines(text: str) -> tuple[str, ...]:
    """The labels typed one per line, blank lines dropped."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _checked_attributes(labels: Sequence[str]) -> tuple[str, ...]:
    if len(labels) > MAX_ATTRIBUTES:
        raise HuddleError(
            _("List at most %(n)d attributes, one per line.") % {"n": MAX_ATTRIBUTES}, field="protected_attributes"
        )
    seen: set[str] = set()
    for label in labels:
        if len(label) > ATTRIBUTE_MAX_LENGTH:
            raise HuddleError(
                _("“%(label)s…” is longer than %(n)d characters.") % {"label": label[:20], "n": ATTRIBUTE_MAX_LENGTH},
                field="protected_attributes",
            )
        if label.casefold() in seen:
            raise HuddleError(_("“%(label)s” is listed twice.") % {"label": label}, field="protected_attributes")
        seen.add(label.casefold())
    return tuple(labels)


def _checked(details: PoolDetails, *, was: Pool | None, now: datetime) -> PoolDetails:
    """Every field checked with a message naming it, so the form and any other caller refuse alike."""
    title = details.title.strip()
    if not title:
        raise HuddleError(_("Give the pool a title."), field="title")
    if len(title) > 120:
        raise HuddleError(_("Keep the title under 120 characters."), field="title")
    if len(details.description) > 2000:
        raise HuddleError(_("Keep the description under 2000 characters."), field="description")
    if details.modality not in Modality.values:
        raise HuddleError(_("Choose virtual, in person or hybrid."), field="modality")
    if details.class_year is not None and details.class_year not in ClassYear.values:
        raise HuddleError(_("Choose a class year from the list, or any class year."), field="class_year")
    bounds = {"lo": MIN_GROUP_SIZE, "hi": MAX_GROUP_SIZE}
    if not MIN_GROUP_SIZE <= details.min_size <= MAX_GROUP_SIZE:
        raise HuddleError(
            _("The smallest group must have between %(lo)d and %(hi)d students.") % bounds, field="min_size"
        )
    if not MIN_GROUP_SIZE <= details.max_size <= MAX_GROUP_SIZE:
        raise HuddleError(
            _("The largest group must have between %(lo)d and %(hi)d students.") % bounds, field="max_size"
        )
    if details.max_size < details.min_size:
        raise HuddleError(
            _("The largest group cannot be smaller than the smallest (%(n)d).") % {"n": details.min_size},
            field="max_size",
        )
    try:
        hours = Decimal(details.min_common_hours)
        halves_ok = (hours * 2) == (hours * 2).to_integral_value()
    except (InvalidOperation, TypeError, ValueError):
        halves_ok, hours = False, Decimal(-1)
    if not halves_ok or not 0 <= hours <= MAX_COMMON_HOURS:
        raise HuddleError(
            _("Minimum common hours must be between 0 and %(n)d, in steps of half an hour.") % {"n": MAX_COMMON_HOURS},
            field="min_common_hours",
        )
    labels = _checked_attributes([label.strip() for label in details.protected_attributes if label.strip()])
    if details.mix_years and details.class_year is not None:
        raise HuddleError(
            _("A pool for one class year cannot mix class years: choose any class year, or untick the mix."),
            field="mix_years",
        )
    closes = details.opt_in_closes_at
    changed = was is None or was.opt_in_closes_at != closes
    if closes is not None and changed and closes <= now:
        raise HuddleError(_("Opting in must close in the future."), field="opt_in_closes_at")
    if closes is not None and closes > now + timedelta(days=366):
        raise HuddleError(_("Opting in must close within a year."), field="opt_in_closes_at")
    return PoolDetails(
        **{**details.__dict__, "title": title, "description": details.description.strip(), "min_common_hours": hours}
        | {"protected_attributes": labels}
    )


def _fields(d: PoolDetails) -> dict[str, Any]:
    return {**d.__dict__, "protected_attributes": list(d.protected_attributes)}


def pool_locked(pool: Pool) -> Pool:
    """The pool row, locked until the transaction ends (every write to its proposal takes it first)."""
    return Pool.objects.select_for_update(of=("self",)).select_related("topic").get(pk=pool.pk)


@transaction.atomic
def pool_create(*, by: User, details: PoolDetails) -> Pool:
    require(policy.can_manage_pools(by), _("Only coordinators open pools."))
    d = _checked(details, was=None, now=timezone.now())
    return Pool.objects.create(**_fields(d), created_by=by)


@transaction.atomic
def pool_update(*, by: User, pool: Pool, details: PoolDetails) -> Pool:
    """Change a pool's settings until its groups are published (a re-run applies them to the proposal)."""
    require(policy.can_manage_pools(by), _("Only coordinators change pools."))
    pool = pool_locked(pool)
    if pool.status == Pool.Status.PUBLISHED:
        raise HuddleError(_("The groups of this pool are published; its settings can no longer change."))
    d = _checked(details, was=pool, now=timezone.now())
    for key, value in _fields(d).items():
        setattr(pool, key, value)
    pool.save()
    return pool


@transaction.atomic
def pool_close(*, by: User, pool: Pool, reopen: bool = False) -> Pool:
    """Stop (or restart) opting in; groups can be formed either way."""
    require(policy.can_manage_pools(by), _("Only coordinators close pools."))
    pool = pool_locked(pool)
    if pool.status == Pool.Status.PUBLISHED:
        raise HuddleError(_("The groups of this pool are published already."))
    pool.status = Pool.Status.OPEN if reopen else Pool.Status.CLOSED
    pool.save(update_fields=["status"])
    return pool


# Opting in --------------------------------------------------------------------


@dataclass(frozen=True)
class EntryDetails:
    """A student's answers: goal, how they can meet, their week (in their own zone), attributes they share."""

    goal: str
    modality: str
    availability: bytes
    attributes: tuple[str, ...] = ()


def _open_to(student: User, pool: Pool, now: datetime) -> None:
    require(policy.can_opt_in(student, pool), _("This pool is not open to you."))
    if pool.opt_in_closes_at is not None and pool.opt_in_closes_at <= now:
        when = date_format(timezone.localtime(pool.opt_in_closes_at, zone_of(student)), "DATETIME_FORMAT")
        raise HuddleError(_("Opting in closed on %(when)s.") % {"when": when})


@transaction.atomic
def entry_save(*, student: User, pool: Pool, details: EntryDetails) -> PoolEntry:
    """Opt in, or change the answers; the week is kept in the student's own zone, with the zone."""
    pool = pool_locked(pool)
    _open_to(student, pool, timezone.now())
    if details.goal not in Goal.values:
        raise HuddleError(_("Choose a goal from the list."), field="goal")
    if details.modality not in ENTRY_MODALITIES:
        raise HuddleError(_("Choose virtual, in person or either."), field="modality")
    week = bytes(details.availability or b"")
    if len(week) != WEEK_BYTES:
        raise HuddleError(_("Mark the half hours when you are free."), field="availability")
    minimum = float(pool.min_common_hours)
    if hours_per_week(week) < max(minimum, 0.5):
        raise HuddleError(
            _("Mark at least %(h)s hours a week when you are free: a group needs that much time in common.")
            % {"h": f"{max(minimum, 0.5):g}"},
            field="availability",
        )
    offered = list(pool.protected_attributes or ())
    unknown = [a for a in details.attributes if a not in offered]
    if unknown:
        raise HuddleError(_("Tick only the attributes this pool lists."), field="attributes")
    entry, _created = PoolEntry.objects.update_or_create(
        pool=pool,
        student=student,
        defaults={
            "goal": details.goal,
            "modality": details.modality,
            "availability": week,
            "time_zone": zone_of(student).key,
            "attributes": [a for a in offered if a in details.attributes],
        },
    )
    return entry


@transaction.atomic
def entry_withdraw(*, student: User, pool: Pool) -> None:
    """Opt out: the entry goes, with its place in any proposed group."""
    pool = pool_locked(pool)
    _open_to(student, pool, timezone.now())
    deleted, _rows = PoolEntry.objects.filter(pool=pool, student=student).delete()
    if not deleted:
        raise HuddleError(_("You are not in this pool."))


# Runs -------------------------------------------------------------------------


def run_in_progress(pool: Pool) -> bool:
    cutoff = timezone.now() - RUN_STALE_AFTER
    return FormationRun.objects.filter(
        pool=pool, status__in=[FormationRun.Status.QUEUED, FormationRun.Status.RUNNING], requested_at__gte=cutoff
    ).exists()


def formation_start(*, pool: Pool, by: User) -> FormationRun:
    """Queue an engine run for the pool; the task saves the proposal around the locked groups."""
    require(policy.can_manage_pools(by), _("Only coordinators form groups from a pool."))
    with transaction.atomic():
        pool = pool_locked(pool)
        if pool.status == Pool.Status.PUBLISHED:
            raise HuddleError(_("The groups of this pool are published; it cannot run again."))
        if run_in_progress(pool):
            raise HuddleError(_("The engine is already forming groups for this pool."))
        n = PoolEntry.objects.filter(pool=pool).count()
        if n < pool.min_size:
            raise HuddleError(
                ngettext(
                    "The pool has %(n)d student; the smallest group is %(min)d.",
                    "The pool has %(n)d students; the smallest group is %(min)d.",
                    n,
                )
                % {"n": n, "min": pool.min_size},
                field="min_size",
            )
        run = FormationRun.objects.create(
            pool=pool, requested_by=by, seed=FormationRun.objects.filter(pool=pool).count()
        )
        run_id = run.pk
        transaction.on_commit(lambda: _enqueue(run_id))
    return run


def _enqueue(run_id: int) -> None:
    from huddle.groups.pools.tasks import formation_run

    formation_run.enqueue(run_id)


def _free_numbers(used: Iterable[int]) -> Iterator[int]:
    taken = set(used)
    n = 1
    while True:
        if n not in taken:
            yield n
        n += 1


def proposal_save(*, run: FormationRun, outcome: adapter.Outcome) -> FormationRun:
    """Replace the pool's unlocked proposed groups with a run's result, all at once."""
    with transaction.atomic():
        pool = pool_locked(run.pool)
        run = FormationRun.objects.select_for_update().get(pk=run.pk)
        if pool.status == Pool.Status.PUBLISHED:
            raise HuddleError(_("The pool was published while the engine ran; this run's result was not saved."))
        if FormationRun.objects.filter(pool=pool, requested_at__gt=run.requested_at).exists():
            raise HuddleError(_("A newer run replaced this one."))
        locked: dict[int, list[int]] = {}
        for group_id, entry_id in ProposedMember.objects.filter(
            proposed_group__pool=pool, proposed_group__locked=True
        ).values_list("proposed_group_id", "entry_id"):
            locked.setdefault(group_id, []).append(entry_id)
        if {k: sorted(v) for k, v in locked.items()} != outcome.locked:
            raise HuddleError(_("Groups were locked, unlocked or changed while the engine ran; run it again."))
        present = set(PoolEntry.objects.filter(pool=pool).values_list("pk", flat=True))
        ProposedGroup.objects.filter(pool=pool, locked=False).delete()
        numbers = _free_numbers(ProposedGroup.objects.filter(pool=pool).values_list("number", flat=True))
        made = ProposedGroup.objects.bulk_create(
            [ProposedGroup(pool=pool, number=next(numbers), reasons=g.reasons) for g in outcome.groups]
        )
        ProposedMember.objects.bulk_create(
            [
                ProposedMember(proposed_group=row, entry_id=entry_id)
                for row, g in zip(made, outcome.groups, strict=True)
                for entry_id in g.entry_ids
                if entry_id in present
            ]
        )
        run.unplaced = {k: v for k, v in outcome.unplaced.items() if int(k) in present}
        run.stats = outcome.stats
        run.status = FormationRun.Status.DONE
        run.progress = 100
        run.finished_at = timezone.now()
        run.error = ""
        run.save(update_fields=["unplaced", "stats", "status", "progress", "finished_at", "error"])
    return run


# Editing the proposal ---------------------------------------------------------


def _editable(pool: Pool, by: User) -> None:
    require(policy.can_manage_pools(by), _("Only coordinators edit the proposal."))
    if pool.status == Pool.Status.PUBLISHED:
        raise HuddleError(_("The groups of this pool are published; the proposal can no longer change."))
    if run_in_progress(pool):
        raise HuddleError(_("Wait for the engine to finish: it is forming groups for this pool."))


def _refresh(pool: Pool, group_ids: Iterable[int]) -> None:
    """Recompute the common time and reasons of groups changed by hand, as the engine would word them.

    Three queries (the pool's entries, the locked groups, these groups' members), then one update each.
    """
    ids = list(group_ids)
    if not ids:
        return
    loaded = adapter.pool_load(pool, at=timezone.now())
    members: dict[int, list[int]] = {g: [] for g in ids}
    for group_id, entry_id in ProposedMember.objects.filter(proposed_group_id__in=ids).values_list(
        "proposed_group_id", "entry_id"
    ):
        members[group_id].append(entry_id)
    judged = adapter.judge(
        [members[g] for g in ids], loaded.members, rules=adapter.rules_for(pool), course=adapter.course_of(pool)
    )
    for group_id, result in zip(ids, judged.groups, strict=True):
        reasons = [*adapter.reasons_of(result), reason("moved")] if result is not None else []
        ProposedGroup.objects.filter(pk=group_id).update(reasons=reasons)


def proposal_move(*, pool: Pool, entry: PoolEntry, to: ProposedGroup | None, by: User) -> None:
    """Put a student in another proposed group, or among the unplaced (``to`` None).

    Refused when the target would exceed the pool's largest group, or when
    either group is locked (a locked group is the coordinator's decision).
    """
    with transaction.atomic():
        pool = pool_locked(pool)
        _editable(pool, by)
        if entry.pool_id != pool.pk:
            raise HuddleError(_("Choose a student of this pool."), field="entry")
        target = None
        if to is not None:
            target = ProposedGroup.objects.filter(pk=to.pk, pool=pool).first()
            if target is None:
                raise HuddleError(_("Choose a group of this proposal."), field="group")
        current = ProposedMember.objects.select_related("proposed_group").filter(entry=entry).first()
        source = current.proposed_group if current else None
        if (source.pk if source else None) == (target.pk if target else None):
            raise HuddleError(_("The student is there already."), field="group")
        if source is not None and source.locked:
            raise HuddleError(
                _("Group %(n)d is locked; unlock it before moving anyone out of it.") % {"n": source.number},
                field="entry",
            )
        if target is not None:
            if target.locked:
                raise HuddleError(
                    _("Group %(n)d is locked; unlock it before moving anyone into it.") % {"n": target.number},
                    field="group",
                )
            size = ProposedMember.objects.filter(proposed_group=target).count()
            if size >= pool.max_size:
                raise HuddleError(
                    _("Group %(n)d already has %(size)d students, the largest group this pool allows.")
                    % {"n": target.number, "size": size},
                    field="group",
                )
        if current is not None and target is not None:
            current.proposed_group = target
            current.save(update_fields=["proposed_group"])
        elif current is not None:
            current.delete()
        elif target is not None:
            ProposedMember.objects.create(proposed_group=target, entry=entry)
        _refresh(pool, [g.pk for g in (source, target) if g is not None])


def proposal_lock(*, pool: Pool, group: ProposedGroup, locked: bool, by: User) -> ProposedGroup:
    """Keep (or release) a proposed group as it is through re-runs."""
    with transaction.atomic():
        pool = pool_locked(pool)
        _editable(pool, by)
        if group.pool_id != pool.pk:
            raise HuddleError(_("Choose a group of this proposal."), field="group")
        ProposedGroup.objects.filter(pk=group.pk).update(locked=locked)
        group.locked = locked
    return group


# Publication ------------------------------------------------------------------


def _most_common_goal(goals: Sequence[str]) -> str:
    counts = Counter(g for g in goals if g in Goal.values)
    if not counts:
        return Goal.COURSEWORK
    top = max(counts.values())
    return next(g for g in Goal.values if counts.get(g) == top)


def _first_session(*, group: StudyGroup, member_weeks: list[int], by: User, now: datetime) -> GroupSession | None:
    """A one-off "First meeting" at the first suggested hour when every member is free, else none."""
    found = suggested_times(weeks=member_weeks, minutes=FIRST_SESSION_MINUTES, zone=group.time_zone, at=now, limit=1)
    if not found or found[0].free < found[0].total:
        return None
    first = found[0]
    starts_at = local_instant(first.on, first.starts, zone_named(group.time_zone))
    if starts_at is None:
        return None
    return GroupSession.objects.create(
        group=group,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=FIRST_SESSION_MINUTES),
        time_zone=group.time_zone,
        title=_("First meeting"),
        created_by=by,
    )


def _group_name(pool: Pool, number: int) -> str:
    """ "<pool title> · Group N", the title shortened when the whole would pass the 120 characters of a name."""
    name = _("%(pool)s · Group %(n)d") % {"pool": pool.title, "n": number}
    over = len(name) - 120
    if over > 0:
        name = _("%(pool)s · Group %(n)d") % {"pool": pool.title[: len(pool.title) - over - 1] + "…", "n": number}
    return name


def pool_publish(*, pool: Pool, by: User) -> list[StudyGroup]:
    """Turn the proposal into study groups with their members and a first session, then tell each member.

    All or nothing: the groups, memberships and sessions are written in one
    transaction under the pool's lock, and the pool marked published in it,
    so a second publication (a double click, two coordinators) is refused.
    """
    require(policy.can_manage_pools(by), _("Only coordinators publish a pool's groups."))
    with transaction.atomic():
        pool = pool_locked(pool)
        if pool.status == Pool.Status.PUBLISHED:
            raise HuddleError(_("The groups of this pool are published already."))
        if run_in_progress(pool):
            raise HuddleError(_("Wait for the engine to finish: it is forming groups for this pool."))
        proposed = list(
            ProposedGroup.objects.filter(pool=pool).prefetch_related("members__entry__student").order_by("number")
        )
        filled = [(g, sorted(g.members.all(), key=lambda m: m.entry_id)) for g in proposed]
        filled = [(g, rows) for g, rows in filled if rows]
        if not filled:
            raise HuddleError(_("The proposal has no groups to publish: run the engine first."))
        for g, rows in filled:
            if len(rows) < MIN_GROUP_SIZE:
                raise HuddleError(
                    _("Group %(n)d has one student; move them to another group or among the unplaced.")
                    % {"n": g.number}
                )
        now = timezone.now()
        school = settings.TIME_ZONE
        created: list[StudyGroup] = []
        for g, rows in filled:
            member_weeks = [weeks.in_school_zone(r.entry.availability, r.entry.time_zone, now) for r in rows]
            # The organiser is who is free the most: the likeliest to find times for the others.
            order = sorted(range(len(rows)), key=lambda i: (-member_weeks[i].bit_count(), rows[i].entry_id))
            group = StudyGroup.objects.create(
                name=_group_name(pool, g.number),
                description=pool.description,
                topic=pool.topic,
                goal=_most_common_goal([r.entry.goal for r in rows]),
                modality=pool.modality,
                capacity=min(MAX_GROUP_SIZE, max(pool.max_size, len(rows))),
                join_policy=StudyGroup.JoinPolicy.REQUEST,
                listed=False,
                meeting_week=weeks.week_bytes(weeks.common(member_weeks)),
                time_zone=school,
                pool=pool,
                created_by=by,
            )
            Membership.objects.bulk_create(
                [
                    Membership(
                        group=group,
                        person=rows[i].entry.student,
                        role=Membership.Role.ORGANISER if seat == 1 else Membership.Role.MEMBER,
                        status=Membership.Status.ACTIVE,
                        seat=seat,
                        joined_at=now,
                    )
                    for seat, i in enumerate(order, start=1)
                ]
            )
            _first_session(group=group, member_weeks=member_weeks, by=by, now=now)
            tell(
                people=[r.entry.student for r in rows],
                kind="groups.placed",
                title=gettext_lazy("You are in a new study group: %(group)s"),
                url=group_url(group),
                once=f"groups.placed:{pool.pk}",
                group=group.name,
            )
            created.append(group)
        pool.status = Pool.Status.PUBLISHED
        pool.published_at = now
        pool.save(update_fields=["status", "published_at"])
        audit_record(
            actor=by,
            action="groups.pool_published",
            target=f"pool:{pool.pk}",
            detail={"pool": pool.title, "groups": len(created), "students": sum(len(rows) for _g, rows in filled)},
        )
    return created
