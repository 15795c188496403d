"""Writes for mentoring programs: cycles, enrollment, proposals, pairs.

Every function checks permission and input first (raising ``HuddleError``
with the field at fault), then writes inside one transaction, and queues
notifications for after the commit. Capacity and "one mentor per mentee per
tier" are also database constraints (see ``models.Mentorship``), so a race
that slips past the Python checks still cannot overfill a mentor.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from huddle.accounts import policy
from huddle.accounts.models import Profile, Role, RoleAssignment, User
from huddle.audit.models import AuditEvent
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError
from huddle.matching import pair_breakdown
from huddle.mentoring import engine
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    FocusArea,
    ForbiddenPair,
    MatchingMode,
    MatchRun,
    MentorRequest,
    Mentorship,
    ProposedPair,
    RematchRequest,
    SurveyResponse,
    Tier,
)
from huddle.mentoring.reasons import Reason, reason, reason_text
from huddle.notifications.models import Notification
from huddle.notifications.services import notification_create

MAX_CAPACITY = 10
MAX_REQUESTS = 3
MAX_BLOCKS = 10
MAX_PENDING_REQUESTS = 3
#: A run still "queued" or "running" after this long is taken as lost (worker died).
RUN_STALE_AFTER = timedelta(minutes=10)

#: Weight presets offered on the cycle form (engine ``Weights`` fields).
WEIGHT_PRESETS: dict[str, dict[str, float]] = {
    "balanced": {"specialty": 3, "language": 2, "overlap": 2, "year_gap": 1, "modality": 1, "request": 3},
    "career": {"specialty": 6, "language": 1, "overlap": 1, "year_gap": 1, "modality": 0.5, "request": 3},
    "availability": {"specialty": 1, "language": 1, "overlap": 6, "year_gap": 0.5, "modality": 2, "request": 2},
    "language": {"specialty": 1, "language": 6, "overlap": 2, "year_gap": 1, "modality": 1, "request": 2},
}


def _home_url() -> str:
    return reverse("mentoring:home")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise HuddleError(message)


def _locked_cycle(cycle: Cycle) -> Cycle:
    """Re-read the cycle under a row lock; status changes serialise on it."""
    return Cycle.objects.select_for_update().get(pk=cycle.pk)


# -- Cycles ------------------------------------------------------------------------


def preset_for(weights: dict[str, Any]) -> str:
    """The preset these weights equal, or "custom"."""
    for name, values in WEIGHT_PRESETS.items():
        if all(float(weights.get(k, -1)) == float(v) for k, v in values.items()):
            return name
    return "custom"


def cycle_validate(cycle: Cycle) -> None:
    """Refuse a cycle whose dates, capacities, sides or weights cannot work."""
    if not cycle.name.strip():
        raise HuddleError(_("Give the cycle a name."), field="name")
    if cycle.ends_on <= cycle.starts_on:
        raise HuddleError(_("The cycle must end after it starts."), field="ends_on")
    if cycle.enrollment_closes < cycle.enrollment_opens:
        raise HuddleError(_("Enrollment must close on or after the day it opens."), field="enrollment_closes")
    if cycle.enrollment_closes >= cycle.ends_on:
        raise HuddleError(_("Enrollment must close before the cycle ends."), field="enrollment_closes")
    if not 1 <= cycle.default_capacity <= cycle.max_capacity:
        raise HuddleError(
            _("The default capacity must be at least 1 and at most the maximum capacity."), field="default_capacity"
        )
    if cycle.max_capacity > MAX_CAPACITY:
        raise HuddleError(_("A mentor can take at most %(n)d mentees.") % {"n": MAX_CAPACITY}, field="max_capacity")
    years = {1, 2, 3, 4}
    mentee_years = [int(y) for y in cycle.mentee_class_years]
    mentor_years = [int(y) for y in cycle.mentor_class_years]
    if not mentee_years or not set(mentee_years) <= years:
        raise HuddleError(_("Choose at least one class year for mentees."), field="mentee_class_years")
    if not set(mentor_years) <= years:
        raise HuddleError(_("Mentor class years must be MS1 to MS4."), field="mentor_class_years")
    if not mentor_years and not cycle.faculty_may_mentor:
        raise HuddleError(_("Choose mentor class years, allow faculty mentors, or both."), field="mentor_class_years")
    if cycle.two_tier and not (mentor_years and cycle.faculty_may_mentor):
        raise HuddleError(
            _("A two-tier cycle needs faculty mentors and near-peer mentors from at least one class year."),
            field="two_tier",
        )
    gap = cycle.min_year_gap or 0
    faculty_cover = cycle.faculty_may_mentor and not cycle.two_tier
    for year in mentee_years:
        if gap and not faculty_cover and mentor_years and max(mentor_years) - year < gap:
            raise HuddleError(
                _("No mentor class year is %(gap)d or more years ahead of MS%(year)d mentees.")
                % {"gap": gap, "year": year},
                field="min_year_gap",
            )
    if not Decimal(0) <= Decimal(cycle.min_weekly_hours) <= Decimal(40):
        raise HuddleError(
            _("The minimum weekly availability must be between 0 and 40 hours."), field="min_weekly_hours"
        )
    weights = cycle.weights or {}
    for name in engine.WEIGHT_FIELDS:
        value = weights.get(name)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 10:
            raise HuddleError(_("Each weight must be a number from 0 to 10."), field=f"weight_{name}")
    if sum(float(weights[n]) for n in engine.WEIGHT_FIELDS) <= 0:
        raise HuddleError(_("At least one weight must be above 0."), field="weight_specialty")
    if cycle.mode not in MatchingMode.values:
        raise HuddleError(_("Choose a matching mode."), field="mode")


def cycle_save(*, cycle: Cycle, by: Any) -> Cycle:
    """Create or edit a cycle; its rules are frozen once pairs are published."""
    _require(policy.can_create_cycle(by), _("Only coordinators may set up mentoring cycles."))
    if cycle.pk:
        current = Cycle.objects.get(pk=cycle.pk)
        if current.status in (Cycle.Status.ACTIVE, Cycle.Status.CLOSED):
            raise HuddleError(_("The pairs are published; the cycle's rules can no longer change."))
        if current.mode != cycle.mode and MentorRequest.objects.filter(cycle=cycle).exists():
            raise HuddleError(_("Mentees have already asked mentors; the mode can no longer change."), field="mode")
    else:
        cycle.created_by = by
    cycle.weights = {name: float(cycle.weights.get(name, 0)) for name in engine.WEIGHT_FIELDS} | {
        k: v for k, v in (cycle.weights or {}).items() if k not in engine.WEIGHT_FIELDS
    }
    cycle_validate(cycle)
    cycle.weights_preset = preset_for(cycle.weights)
    with transaction.atomic():
        cycle.save()
    return cycle


def cycle_open_enrollment(*, cycle: Cycle, by: Any) -> Cycle:
    """Draft (or matching, before publication) → enrollment open."""
    _require(policy.can_manage_cycle(by, cycle), _("Only coordinators may open enrollment."))
    today = timezone.localdate()
    with transaction.atomic():
        cycle = _locked_cycle(cycle)
        if cycle.status not in (Cycle.Status.DRAFT, Cycle.Status.MATCHING):
            raise HuddleError(_("Enrollment can be opened only for a draft cycle or one still being matched."))
        if today > cycle.enrollment_closes:
            raise HuddleError(
                _("The enrollment window closed on %(day)s; move its end date first.")
                % {"day": date_format(cycle.enrollment_closes)},
                field="enrollment_closes",
            )
        if today < cycle.enrollment_opens:
            cycle.enrollment_opens = today
        cycle.status = Cycle.Status.ENROLLING
        cycle.save(update_fields=["status", "enrollment_opens"])
    return cycle


def cycle_close_enrollment(*, cycle: Cycle, by: Any) -> Cycle:
    """Enrollment open → matching (algorithmic) or running (self-select)."""
    _require(policy.can_manage_cycle(by, cycle), _("Only coordinators may close enrollment."))
    with transaction.atomic():
        cycle = _locked_cycle(cycle)
        if cycle.status != Cycle.Status.ENROLLING:
            raise HuddleError(_("Enrollment is not open."))
        if cycle.mode == MatchingMode.SELF_SELECT:
            cycle.status = Cycle.Status.ACTIVE
            cycle.published_at = cycle.published_at or timezone.now()
        else:
            cycle.status = Cycle.Status.MATCHING
        cycle.save(update_fields=["status", "published_at"])
    return cycle


# -- Enrollment ------------------------------------------------------------------------


def enrollment_refusal(*, cycle: Cycle, user: Any, side: str) -> str | None:
    """Why ``user`` may not enroll on ``side`` (None when they may)."""
    profile = Profile.objects.filter(user=user).first()
    year = profile.class_year if profile else None
    if side == Enrollment.Side.MENTEE:
        if policy.is_student(user) and year in [int(y) for y in cycle.mentee_class_years]:
            return None
        return _("This cycle's mentees are students in %(years)s.") % {"years": _years(cycle.mentee_class_years)}
    if side == Enrollment.Side.MENTOR:
        if policy.is_student(user) and year in [int(y) for y in cycle.mentor_class_years]:
            return None
        if policy.is_faculty(user) and cycle.faculty_may_mentor and year is None:
            return None
        return _("This cycle's mentors are %(who)s.") % {"who": mentor_description(cycle)}
    return _("Choose to enroll as a mentee or a mentor.")


def _years(years: Iterable[Any]) -> str:
    return ", ".join(f"MS{int(y)}" for y in sorted(years)) or "—"


def mentor_description(cycle: Cycle) -> str:
    parts = []
    if cycle.mentor_class_years:
        parts.append(_("students in %(years)s") % {"years": _years(cycle.mentor_class_years)})
    if cycle.faculty_may_mentor:
        parts.append(_("faculty"))
    return _(" and ").join(parts)


def mentor_tier(cycle: Cycle, user: Any) -> str:
    """Faculty mentor the faculty tier of a two-tier cycle; everyone else the near-peer tier."""
    if cycle.two_tier and policy.is_faculty(user) and not policy.is_student(user):
        return Tier.FACULTY
    return Tier.PEER


def enrollment_open(cycle: Cycle) -> bool:
    return cycle.status == Cycle.Status.ENROLLING and timezone.localdate() <= cycle.enrollment_closes


def eligible_user_ids(*, cycle: Cycle, side: str) -> set[int]:
    """Everyone who could enroll on ``side`` of ``cycle``, in two queries."""
    students = set(RoleAssignment.objects.filter(role=Role.STUDENT).values_list("user_id", flat=True))
    if side == Enrollment.Side.MENTEE:
        years = [int(y) for y in cycle.mentee_class_years]
        return set(Profile.objects.filter(user_id__in=students, class_year__in=years).values_list("user_id", flat=True))
    years = [int(y) for y in cycle.mentor_class_years]
    ids = set(Profile.objects.filter(user_id__in=students, class_year__in=years).values_list("user_id", flat=True))
    if cycle.faculty_may_mentor:
        faculty = RoleAssignment.objects.filter(role=Role.FACULTY).exclude(user__profile__class_year__isnull=False)
        ids |= set(faculty.values_list("user_id", flat=True))
    return ids


def enrollment_save(
    *,
    cycle: Cycle,
    user: Any,
    side: str,
    goals: str,
    focus_areas: Sequence[str],
    capacity: int | None = None,
    requests: Sequence[int] = (),
    blocks: Sequence[int] = (),
) -> Enrollment:
    """Enroll (or update one's enrollment) while the window is open."""
    if not enrollment_open(cycle):
        raise HuddleError(_("Enrollment for this cycle is closed."))
    refusal = enrollment_refusal(cycle=cycle, user=user, side=side)
    if refusal:
        raise HuddleError(refusal, field="side")
    if len(goals) > 2000:
        raise HuddleError(_("Keep your goals under 2000 characters."), field="goals")
    unknown = set(focus_areas) - set(FocusArea.values)
    if unknown:
        raise HuddleError(_("Unknown focus area: %(name)s.") % {"name": sorted(unknown)[0]}, field="focus_areas")
    if side == Enrollment.Side.MENTOR:
        capacity = cycle.default_capacity if capacity is None else capacity
        if not 1 <= capacity <= cycle.max_capacity:
            raise HuddleError(_("Choose from 1 to %(n)d mentees.") % {"n": cycle.max_capacity}, field="capacity")
        tier = mentor_tier(cycle, user)
    else:
        capacity, tier = 0, ""
    requests = list(dict.fromkeys(int(r) for r in requests))
    blocks = list(dict.fromkeys(int(b) for b in blocks))
    if len(requests) > MAX_REQUESTS:
        raise HuddleError(_("Name at most %(n)d people you would like.") % {"n": MAX_REQUESTS}, field="requests")
    if len(blocks) > MAX_BLOCKS:
        raise HuddleError(_("Name at most %(n)d people to avoid.") % {"n": MAX_BLOCKS}, field="blocks")
    if set(requests) & set(blocks):
        raise HuddleError(_("A person cannot be both requested and avoided."), field="blocks")
    other = Enrollment.Side.MENTOR if side == Enrollment.Side.MENTEE else Enrollment.Side.MENTEE
    if requests or blocks:
        eligible = eligible_user_ids(cycle=cycle, side=other) - {user.pk}
        if set(requests) - eligible:
            raise HuddleError(_("You can only ask for people who may take part on the other side."), field="requests")
        if set(blocks) - eligible:
            raise HuddleError(_("You can only avoid people who may take part on the other side."), field="blocks")
    with transaction.atomic():
        enrollment, _created = Enrollment.objects.select_for_update().get_or_create(
            cycle=cycle, user=user, side=side, defaults={"tier": tier, "capacity": capacity}
        )
        enrollment.tier = tier
        enrollment.capacity = capacity
        enrollment.goals = goals.strip()
        enrollment.focus_areas = list(dict.fromkeys(focus_areas))
        enrollment.requests = requests
        enrollment.blocks = blocks
        enrollment.status = Enrollment.Status.ACTIVE
        enrollment.withdrawn_at = None
        enrollment.save()
    return enrollment


def enrollment_withdraw(*, enrollment: Enrollment, by: Any) -> Enrollment:
    """Leave a cycle; mid-cycle, a mentor's mentees are flagged for a rematch."""
    cycle = enrollment.cycle
    _require(
        by.pk == enrollment.user_id or policy.can_manage_cycle(by, cycle),
        _("Only the person enrolled or a coordinator may withdraw this enrollment."),
    )
    notes: list[tuple[Any, str, str]] = []
    with transaction.atomic():
        cycle = _locked_cycle(cycle)
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if cycle.status == Cycle.Status.CLOSED:
            raise HuddleError(_("The cycle is closed."))
        if enrollment.status == Enrollment.Status.WITHDRAWN:
            raise HuddleError(_("You have already withdrawn from this cycle."))
        now = timezone.now()
        enrollment.status = Enrollment.Status.WITHDRAWN
        enrollment.withdrawn_at = now
        enrollment.save(update_fields=["status", "withdrawn_at"])
        ProposedPair.objects.filter(Q(mentee=enrollment) | Q(mentor=enrollment)).delete()
        MentorRequest.objects.filter(
            Q(mentee=enrollment) | Q(mentor=enrollment), status=MentorRequest.Status.PENDING
        ).update(status=MentorRequest.Status.CANCELLED, decided_at=now)
        field = "mentor" if enrollment.side == Enrollment.Side.MENTOR else "mentee"
        ended = list(
            Mentorship.objects.select_for_update()
            .filter(**{field: enrollment}, status=Mentorship.Status.ACTIVE)
            .select_related("mentee__user", "mentor__user")
        )
        for pair in ended:
            pair.status = Mentorship.Status.WITHDRAWN
            pair.ended_at = now
            pair.end_reason = _("The mentor withdrew.") if field == "mentor" else _("The mentee withdrew.")
            if field == "mentor":
                pair.needs_rematch = True
                RematchRequest.objects.create(mentorship=pair, kind=RematchRequest.Kind.MENTOR_WITHDREW)
                notes.append(
                    (
                        pair.mentee.user,
                        _("Your mentor is no longer available"),
                        _("Your mentor withdrew from %(cycle)s. The coordinator will find you a new mentor.")
                        % {"cycle": cycle.name},
                    )
                )
            else:
                notes.append(
                    (
                        pair.mentor.user,
                        _("A mentee has withdrawn"),
                        _("%(name)s withdrew from %(cycle)s.") % {"name": pair.mentee.user, "cycle": cycle.name},
                    )
                )
            pair.save(update_fields=["status", "ended_at", "end_reason", "needs_rematch"])
        if ended and field == "mentor":
            notes.append(
                (
                    cycle.created_by,
                    _("Mentees need a new mentor"),
                    _("A mentor withdrew from %(cycle)s; %(n)d mentee(s) need a rematch.")
                    % {"cycle": cycle.name, "n": len(ended)},
                )
            )
        for user, title, body in notes:
            notification_create(user=user, kind="mentoring.withdrawal", title=title, body=body, url=_home_url())
    return enrollment


# -- Matching runs and the proposal -------------------------------------------------------


def _run_in_progress(cycle: Cycle) -> bool:
    cutoff = timezone.now() - RUN_STALE_AFTER
    return MatchRun.objects.filter(
        cycle=cycle, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING], requested_at__gte=cutoff
    ).exists()


def matching_start(*, cycle: Cycle, by: Any) -> list[MatchRun]:
    """Queue one engine run per tier; the task writes the proposal."""
    _require(policy.can_manage_cycle(by, cycle), _("Only coordinators may run matching."))
    with transaction.atomic():
        cycle = _locked_cycle(cycle)
        if cycle.mode == MatchingMode.SELF_SELECT:
            raise HuddleError(_("In a self-select cycle mentees choose their mentors; there is no matching run."))
        if cycle.status != Cycle.Status.MATCHING:
            raise HuddleError(_("Close enrollment before running matching."))
        if _run_in_progress(cycle):
            raise HuddleError(_("Matching is already running for this cycle."))
        if not Enrollment.objects.filter(
            cycle=cycle, side=Enrollment.Side.MENTEE, status=Enrollment.Status.ACTIVE
        ).exists():
            raise HuddleError(_("No mentee is enrolled yet."))
        runs = [MatchRun.objects.create(cycle=cycle, tier=tier, requested_by=by) for tier in cycle.tiers()]
        ids = [run.pk for run in runs]
        transaction.on_commit(lambda: _enqueue_runs(ids))
    return runs


def _enqueue_runs(ids: list[int]) -> None:
    from huddle.mentoring.tasks import matching_run

    for run_id in ids:
        matching_run.enqueue(run_id)


def proposal_save(*, run: MatchRun, outcome: engine.Outcome) -> MatchRun:
    """Replace a tier's unlocked proposed pairs with a run's result, at once."""
    with transaction.atomic():
        cycle = _locked_cycle(run.cycle)
        run = MatchRun.objects.select_for_update().get(pk=run.pk)
        if cycle.status != Cycle.Status.MATCHING:
            raise HuddleError(_("The cycle is no longer being matched; this run's result was not saved."))
        newer = MatchRun.objects.filter(cycle=cycle, tier=run.tier, requested_at__gt=run.requested_at).exists()
        if newer:
            raise HuddleError(_("A newer run replaced this one."))
        kept = {
            (p.mentee_id, p.mentor_id): p
            for p in ProposedPair.objects.select_for_update().filter(cycle=cycle, tier=run.tier, locked=True)
        }
        ProposedPair.objects.filter(cycle=cycle, tier=run.tier).exclude(pk__in=[p.pk for p in kept.values()]).delete()
        fresh = []
        for m in outcome.matches:
            key = (int(m.mentee_id), int(m.mentor_id))
            if key in kept:
                pair = kept.pop(key)
                pair.score, pair.reasons = m.score, m.reasons
                pair.save(update_fields=["score", "reasons"])
            else:
                fresh.append(
                    ProposedPair(
                        cycle=cycle, tier=run.tier, mentee_id=key[0], mentor_id=key[1], score=m.score, reasons=m.reasons
                    )
                )
        # Locks the engine could not honour (a person withdrew, capacity shrank) go.
        ProposedPair.objects.filter(pk__in=[p.pk for p in kept.values()]).delete()
        ProposedPair.objects.bulk_create(fresh)
        mentee_users = dict(
            Enrollment.objects.filter(pk__in=[int(k) for k in outcome.unmatched]).values_list("pk", "user_id")
        )
        run.unmatched = {str(mentee_users[int(k)]): r for k, r in outcome.unmatched.items() if int(k) in mentee_users}
        run.stats = outcome.stats
        run.status = MatchRun.Status.DONE
        run.progress = 100
        run.finished_at = timezone.now()
        run.save(update_fields=["unmatched", "stats", "status", "progress", "finished_at"])
    return run


def _proposal_pair(pair: ProposedPair, by: Any) -> ProposedPair:
    _require(policy.can_view_proposal(by, pair.cycle), _("Only coordinators may edit the proposal."))
    if pair.cycle.status != Cycle.Status.MATCHING:
        raise HuddleError(_("The proposal can be edited only before publication."))
    return pair


def proposal_lock(*, pair: ProposedPair, locked: bool, by: Any) -> ProposedPair:
    """Keep (or release) a pair through re-runs."""
    _proposal_pair(pair, by)
    with transaction.atomic():
        ProposedPair.objects.filter(pk=pair.pk).update(locked=locked)
        pair.locked = locked
    return pair


def proposal_forbid(*, pair: ProposedPair, by: Any) -> ForbiddenPair:
    """Rule a pair out: it leaves the proposal and no re-run proposes it again."""
    _proposal_pair(pair, by)
    with transaction.atomic():
        forbidden, _created = ForbiddenPair.objects.get_or_create(
            cycle=pair.cycle, tier=pair.tier, mentee_id=pair.mentee_id, mentor_id=pair.mentor_id
        )
        ProposedPair.objects.filter(pk=pair.pk).delete()
    return forbidden


def proposal_move(*, cycle: Cycle, tier: str, mentee: Enrollment, mentor: Enrollment, by: Any) -> ProposedPair:
    """Put a mentee with another mentor, re-checked against capacity and the hard rules.

    The moved pair is locked: a coordinator's choice survives re-runs.
    """
    _require(policy.can_view_proposal(by, cycle), _("Only coordinators may edit the proposal."))
    if cycle.status != Cycle.Status.MATCHING:
        raise HuddleError(_("The proposal can be edited only before publication."))
    if mentor.cycle_id != cycle.pk or mentor.side != Enrollment.Side.MENTOR or mentor.tier != tier:
        raise HuddleError(_("Choose a mentor of this tier."), field="mentor")
    if mentee.cycle_id != cycle.pk or mentee.side != Enrollment.Side.MENTEE:
        raise HuddleError(_("Choose a mentee of this cycle."), field="mentee")
    if mentee.status != Enrollment.Status.ACTIVE or mentor.status != Enrollment.Status.ACTIVE:
        raise HuddleError(_("One of the two has withdrawn from the cycle."), field="mentor")
    with transaction.atomic():
        _locked_cycle(cycle)
        pool = engine.pool_load(cycle, tier, mentee_ids=[mentee.pk])
        criteria = engine.criteria_for(cycle)
        mentee_key, mentor_key = str(mentee.pk), str(mentor.pk)
        refusals = engine.pair_refusals(pool, mentee_key, mentor_key, criteria)
        if refusals:
            raise HuddleError(
                _("%(mentee)s cannot go to %(mentor)s: %(why)s.")
                % {"mentee": mentee.user, "mentor": mentor.user, "why": _why(refusals)},
                field="mentor",
            )
        taken = ProposedPair.objects.filter(cycle=cycle, tier=tier, mentor=mentor).exclude(mentee=mentee).count()
        if taken >= mentor.capacity:
            raise HuddleError(
                _("%(mentor)s already has %(n)d mentee(s), their capacity.") % {"mentor": mentor.user, "n": taken},
                field="mentor",
            )
        breakdown = pair_breakdown(pool.mentee_people[mentee_key], pool.mentor_people[mentor_key], criteria)
        reasons = engine.pair_reasons(pool, mentee_key, mentor_key, criteria, locked=True)
        pair, _created = ProposedPair.objects.update_or_create(
            cycle=cycle,
            tier=tier,
            mentee=mentee,
            defaults={"mentor": mentor, "score": breakdown.score, "reasons": reasons, "locked": True},
        )
    return pair


def _why(refusals: Sequence[Reason]) -> str:
    return "; ".join(reason_text(r).rstrip(".").lower() for r in refusals)


def _free_slots(capacity: int, taken: Iterable[int]) -> list[int]:
    used = set(taken)
    return [slot for slot in range(1, capacity + 1) if slot not in used]


def cycle_publish(*, cycle: Cycle, by: Any) -> list[Mentorship]:
    """Turn the proposal into mentorships and tell both sides."""
    _require(policy.can_manage_cycle(by, cycle), _("Only coordinators may publish pairs."))
    with transaction.atomic():
        cycle = _locked_cycle(cycle)
        if cycle.status != Cycle.Status.MATCHING:
            raise HuddleError(_("Only a cycle being matched can be published."))
        if _run_in_progress(cycle):
            raise HuddleError(_("Wait for the matching run to finish."))
        for tier in cycle.tiers():
            if not MatchRun.objects.filter(cycle=cycle, tier=tier, status=MatchRun.Status.DONE).exists():
                raise HuddleError(_("Run matching for every tier before publishing."))
        pairs = list(
            ProposedPair.objects.filter(
                cycle=cycle, mentee__status=Enrollment.Status.ACTIVE, mentor__status=Enrollment.Status.ACTIVE
            )
            .select_related("mentee__user", "mentor__user")
            .order_by("mentor_id", "mentee_id")
        )
        if not pairs:
            raise HuddleError(_("The proposal has no pairs to publish."))
        mentors = {e.pk: e for e in Enrollment.objects.select_for_update().filter(pk__in={p.mentor_id for p in pairs})}
        taken: dict[int, list[int]] = {}
        for mentor_id, slot in Mentorship.objects.filter(
            mentor_id__in=list(mentors), status=Mentorship.Status.ACTIVE
        ).values_list("mentor_id", "slot"):
            taken.setdefault(mentor_id, []).append(slot)
        created = []
        now = timezone.now()
        by_mentor: dict[int, list[ProposedPair]] = {}
        for p in pairs:
            by_mentor.setdefault(p.mentor_id, []).append(p)
        for mentor_id, group in by_mentor.items():
            mentor = mentors[mentor_id]
            slots = _free_slots(mentor.capacity, taken.get(mentor_id, []))
            if len(group) > len(slots):
                raise HuddleError(
                    _("%(mentor)s has %(n)d proposed mentees but only %(k)d place(s).")
                    % {"mentor": mentor.user, "n": len(group), "k": len(slots)}
                )
            for p, slot in zip(group, slots, strict=False):
                created.append(
                    Mentorship(
                        cycle=cycle,
                        tier=p.tier,
                        mentee=p.mentee,
                        mentor=mentor,
                        slot=slot,
                        mentor_capacity=mentor.capacity,
                        score=p.score,
                        reasons=p.reasons,
                        started_at=now,
                    )
                )
        try:
            with transaction.atomic():
                Mentorship.objects.bulk_create(created)
        except IntegrityError as exc:
            raise HuddleError(_("A mentee already has a mentor in this tier, or a mentor is full.")) from exc
        cycle.status = Cycle.Status.ACTIVE
        cycle.published_at = now
        cycle.save(update_fields=["status", "published_at"])
        audit_record(
            actor=by,
            action=AuditEvent.Action.MATCHING_PUBLISHED,
            target=f"cycle:{cycle.pk}",
            detail={"cycle": cycle.name, "pairs": len(created)},
        )
        # Hundreds of notices: written in the background once this commits.
        transaction.on_commit(lambda: _enqueue_publication_notices(cycle.pk))
    return created


def _enqueue_publication_notices(cycle_id: int) -> None:
    from huddle.mentoring.tasks import publication_notify

    publication_notify.enqueue(cycle_id)


def publication_notify(*, cycle: Cycle) -> int:
    """Tell every published mentee and mentor who they are paired with.

    Runs in the background after publication (hundreds of people); someone
    already told about this cycle is skipped, so a second run sends nothing.
    """
    mentees: dict[int, tuple[User, list[str]]] = {}
    mentors: dict[int, tuple[User, list[str]]] = {}
    pairs = Mentorship.objects.filter(cycle=cycle, started_at__gte=cycle.published_at).select_related(
        "mentee__user", "mentor__user"
    )
    for p in pairs.order_by("pk"):
        mentees.setdefault(p.mentee.user_id, (p.mentee.user, []))[1].append(str(p.mentor.user))
        mentors.setdefault(p.mentor.user_id, (p.mentor.user, []))[1].append(str(p.mentee.user))
    mentee_title = _("Meet your mentor in %(cycle)s") % {"cycle": cycle.name}
    mentor_title = _("Meet your mentees in %(cycle)s") % {"cycle": cycle.name}
    # Told by an earlier run of this task: notices since publication only, so
    # an older cycle of the same name does not count.
    told = set(
        Notification.objects.filter(
            kind="mentoring.published",
            title__in=[mentee_title, mentor_title],
            created_at__gte=cycle.published_at,
        ).values_list("user_id", "title")
    )
    sides = (
        (mentees, mentee_title, _("You are paired with %(names)s. See why on your mentoring page.")),
        (mentors, mentor_title, _("You are mentoring %(names)s. See why on your mentoring page.")),
    )
    url = _home_url()
    sent = 0
    with transaction.atomic():
        for people, title, body in sides:
            for user, names in people.values():
                if (user.pk, title) not in told:
                    text = body % {"names": ", ".join(names)}
                    notification_create(user=user, kind="mentoring.published", title=title, body=text, url=url)
                    sent += 1
    return sent


# -- Mentorships one at a time (self-select, rematch) ---------------------------------------


def mentorship_create(
    *, cycle: Cycle, tier: str, mentee: Enrollment, mentor: Enrollment, score: float, reasons: list[Reason]
) -> Mentorship:
    """Pair one mentee with one mentor in the mentor's lowest free slot.

    The caller must hold ``select_for_update`` on the mentor's enrollment
    (inside its transaction), so two callers cannot both take the last slot;
    the slot constraints refuse it anyway if one does not.
    """
    taken = Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE).values_list("slot", flat=True)
    slots = _free_slots(mentor.capacity, taken)
    if not slots:
        raise HuddleError(_("%(mentor)s has no place left.") % {"mentor": mentor.user}, field="mentor")
    if Mentorship.objects.filter(cycle=cycle, tier=tier, mentee=mentee, status=Mentorship.Status.ACTIVE).exists():
        raise HuddleError(_("%(mentee)s already has a mentor in this tier.") % {"mentee": mentee.user}, field="mentee")
    try:
        with transaction.atomic():
            return Mentorship.objects.create(
                cycle=cycle,
                tier=tier,
                mentee=mentee,
                mentor=mentor,
                slot=slots[0],
                mentor_capacity=mentor.capacity,
                score=score,
                reasons=reasons,
            )
    except IntegrityError as exc:
        raise HuddleError(_("That place was just taken; please try again."), field="mentor") from exc


def self_select_open(cycle: Cycle) -> bool:
    return cycle.mode == MatchingMode.SELF_SELECT and cycle.status in (Cycle.Status.ENROLLING, Cycle.Status.ACTIVE)


def mentor_request_create(*, mentee: Enrollment, mentor: Enrollment, message: str, by: Any) -> MentorRequest:
    """A mentee asks a mentor with room; the mentor decides."""
    cycle = mentee.cycle
    _require(by.pk == mentee.user_id, _("You can only ask for a mentor for yourself."))
    if not self_select_open(cycle):
        raise HuddleError(_("This cycle does not take requests now."))
    if mentee.side != Enrollment.Side.MENTEE or mentee.status != Enrollment.Status.ACTIVE:
        raise HuddleError(_("Enroll as a mentee first."))
    if (
        mentor.cycle_id != cycle.pk
        or mentor.side != Enrollment.Side.MENTOR
        or mentor.status != Enrollment.Status.ACTIVE
    ):
        raise HuddleError(_("That mentor is not taking part in this cycle."), field="mentor")
    if mentor.user_id == mentee.user_id:
        raise HuddleError(_("You cannot be your own mentor."), field="mentor")
    if len(message) > 1000:
        raise HuddleError(_("Keep the message under 1000 characters."), field="message")
    tier = mentor.tier
    with transaction.atomic():
        if Mentorship.objects.filter(cycle=cycle, tier=tier, mentee=mentee, status=Mentorship.Status.ACTIVE).exists():
            raise HuddleError(_("You already have a mentor in this tier."))
        if user_blocked(mentee, mentor):
            raise HuddleError(_("This pair is not possible in this cycle."), field="mentor")
        if _places_left(mentor) == 0:
            raise HuddleError(_("This mentor has no place left."), field="mentor")
        pending = MentorRequest.objects.filter(mentee=mentee, tier=tier, status=MentorRequest.Status.PENDING)
        if pending.filter(mentor=mentor).exists():
            raise HuddleError(_("You have already asked this mentor."), field="mentor")
        if pending.count() >= MAX_PENDING_REQUESTS:
            raise HuddleError(
                _("You have %(n)d requests waiting; wait for an answer or cancel one.") % {"n": MAX_PENDING_REQUESTS}
            )
        try:
            with transaction.atomic():
                request = MentorRequest.objects.create(
                    cycle=cycle, tier=tier, mentee=mentee, mentor=mentor, message=message.strip()
                )
        except IntegrityError as exc:
            raise HuddleError(_("You have already asked this mentor."), field="mentor") from exc
        notification_create(
            user=mentor.user,
            kind="mentoring.request",
            title=_("%(name)s would like you as a mentor") % {"name": mentee.user},
            body=message.strip()[:500],
            url=_home_url(),
        )
    return request


def user_blocked(mentee: Enrollment, mentor: Enrollment) -> bool:
    """Either side blocked the other, or the coordinator ruled the pair out."""
    if mentor.user_id in mentee.blocks or mentee.user_id in mentor.blocks:
        return True
    return ForbiddenPair.objects.filter(cycle_id=mentee.cycle_id, mentee=mentee, mentor=mentor).exists()


def mentor_request_decide(*, request: MentorRequest, accept: bool, by: Any) -> MentorRequest:
    """The mentor accepts (taking a place, under a lock) or declines."""
    _require(by.pk == request.mentor.user_id, _("Only the mentor asked can answer this request."))
    with transaction.atomic():
        # Lock the mentor first: every acceptance for this mentor queues here.
        mentor = Enrollment.objects.select_for_update(of=("self",)).select_related("user").get(pk=request.mentor_id)
        # Then the mentee, before the request: two mentors accepting the same
        # mentee queue here, and the winner may then lapse the loser's request
        # without waiting on it (locking the request first deadlocked).
        list(Enrollment.objects.select_for_update().filter(pk=request.mentee_id).values_list("pk", flat=True))
        # of=self: the joined cycle and user rows need no lock.
        request = (
            MentorRequest.objects.select_for_update(of=("self",))
            .select_related("mentee__user", "cycle")
            .get(pk=request.pk)
        )
        if request.status != MentorRequest.Status.PENDING:
            if accept and _places_left(mentor) == 0:
                raise HuddleError(_("%(mentor)s has no place left.") % {"mentor": mentor.user}, field="mentor")
            raise HuddleError(_("This request has already been answered or cancelled."))
        now = timezone.now()
        if accept:
            if not self_select_open(request.cycle):
                raise HuddleError(_("This cycle does not take requests now."))
            if mentor.status != Enrollment.Status.ACTIVE or request.mentee.status != Enrollment.Status.ACTIVE:
                raise HuddleError(_("One of you has withdrawn from the cycle."))
            mentorship_create(
                cycle=request.cycle,
                tier=request.tier,
                mentee=request.mentee,
                mentor=mentor,
                score=_pair_score(request.cycle, request.tier, request.mentee, mentor),
                reasons=[reason("chosen")],
            )
            # The mentee has a mentor in this tier: their other asks lapse.
            MentorRequest.objects.filter(
                mentee=request.mentee, tier=request.tier, status=MentorRequest.Status.PENDING
            ).exclude(pk=request.pk).update(status=MentorRequest.Status.CANCELLED, decided_at=now)
            title = _("%(name)s accepted your request") % {"name": mentor.user}
            if _places_left(mentor) == 0:
                _decline_waiting_requests(mentor=mentor, now=now)
        else:
            title = _("%(name)s cannot take you on this time") % {"name": mentor.user}
        request.status = MentorRequest.Status.ACCEPTED if accept else MentorRequest.Status.DECLINED
        request.decided_at = now
        request.save(update_fields=["status", "decided_at"])
        notification_create(user=request.mentee.user, kind="mentoring.request_answered", title=title, url=_home_url())
    return request


def _places_left(mentor: Enrollment) -> int:
    active = Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE).count()
    return max(0, mentor.capacity - active)


def _decline_waiting_requests(*, mentor: Enrollment, now: datetime) -> None:
    """A full mentor's other requests end now, so nobody waits on an answer
    that can only be no and the mentor sees no Accept button that must fail.
    Call with the mentor's enrollment locked."""
    waiting = list(
        MentorRequest.objects.filter(mentor=mentor, status=MentorRequest.Status.PENDING).select_related("mentee__user")
    )
    MentorRequest.objects.filter(pk__in=[r.pk for r in waiting]).update(
        status=MentorRequest.Status.DECLINED, decided_at=now
    )
    title = _("%(name)s has no place left; please choose another mentor") % {"name": mentor.user}
    for waiting_request in waiting:
        notification_create(
            user=waiting_request.mentee.user, kind="mentoring.request_answered", title=title, url=_home_url()
        )


def _pair_score(cycle: Cycle, tier: str, mentee: Enrollment, mentor: Enrollment) -> float:
    pool = engine.pool_load(cycle, tier, mentee_ids=[mentee.pk])
    key, mkey = str(mentee.pk), str(mentor.pk)
    if key not in pool.mentee_people or mkey not in pool.mentor_people:
        return 0.0
    return pair_breakdown(pool.mentee_people[key], pool.mentor_people[mkey], engine.criteria_for(cycle)).score


def mentor_request_cancel(*, request: MentorRequest, by: Any) -> MentorRequest:
    _require(by.pk == request.mentee.user_id, _("Only the mentee who asked can cancel this request."))
    with transaction.atomic():
        updated = MentorRequest.objects.filter(pk=request.pk, status=MentorRequest.Status.PENDING).update(
            status=MentorRequest.Status.CANCELLED, decided_at=timezone.now()
        )
        if not updated:
            raise HuddleError(_("This request has already been answered or cancelled."))
        request.status = MentorRequest.Status.CANCELLED
    return request


# -- Rematching one mentee -------------------------------------------------------------------


def rematch_request_read(*, request: RematchRequest, by: Any) -> RematchRequest:
    """Open a rematch request; reading one is recorded in the audit log."""
    cycle = request.mentorship.cycle
    _require(policy.can_view_rematch_requests(by, cycle), _("Only coordinators may read rematch requests."))
    with transaction.atomic():
        audit_record(
            actor=by,
            action=AuditEvent.Action.REMATCH_REQUEST_READ,
            target=f"rematch:{request.pk}",
            detail={"cycle": cycle.pk, "kind": request.kind},
        )
    return request


def rematch_confirm(*, request: RematchRequest, mentor: Enrollment, by: Any) -> Mentorship:
    """Pair the mentee of a rematch request with a new mentor, no fault to anyone."""
    old = request.mentorship
    cycle = old.cycle
    _require(policy.can_manage_cycle(by, cycle), _("Only coordinators may rematch mentees."))
    if cycle.status != Cycle.Status.ACTIVE:
        raise HuddleError(_("Rematching happens while the cycle is running."))
    if mentor.cycle_id != cycle.pk or mentor.side != Enrollment.Side.MENTOR or mentor.tier != old.tier:
        raise HuddleError(_("Choose a mentor of this tier."), field="mentor")
    if mentor.pk == old.mentor_id:
        raise HuddleError(_("Choose a different mentor."), field="mentor")
    with transaction.atomic():
        locked_mentor = Enrollment.objects.select_for_update(of=("self",)).select_related("user").get(pk=mentor.pk)
        request = RematchRequest.objects.select_for_update().get(pk=request.pk)
        if request.resolved_at:
            raise HuddleError(_("This request has already been resolved."))
        old = Mentorship.objects.select_for_update(of=("self",)).select_related("mentee__user").get(pk=old.pk)
        mentee = old.mentee
        if mentee.status != Enrollment.Status.ACTIVE or locked_mentor.status != Enrollment.Status.ACTIVE:
            raise HuddleError(_("One of the two has withdrawn from the cycle."), field="mentor")
        pool = engine.pool_load(cycle, old.tier, mentee_ids=[mentee.pk])
        criteria = engine.criteria_for(cycle)
        refusals = engine.pair_refusals(pool, str(mentee.pk), str(mentor.pk), criteria)
        if refusals:
            raise HuddleError(
                _("This pair is not possible: %(why)s.") % {"why": _why(refusals)},
                field="mentor",
            )
        now = timezone.now()
        if old.status == Mentorship.Status.ACTIVE:
            old.status = Mentorship.Status.COMPLETED_EARLY
            old.ended_at = now
            old.end_reason = _("Rematched by the coordinator.")
        old.needs_rematch = False
        old.save(update_fields=["status", "ended_at", "end_reason", "needs_rematch"])
        breakdown = pair_breakdown(pool.mentee_people[str(mentee.pk)], pool.mentor_people[str(mentor.pk)], criteria)
        reasons = [reason("rematched"), *engine.pair_reasons(pool, str(mentee.pk), str(mentor.pk), criteria)]
        new = mentorship_create(
            cycle=cycle, tier=old.tier, mentee=mentee, mentor=locked_mentor, score=breakdown.score, reasons=reasons
        )
        RematchRequest.objects.filter(mentorship=old, resolved_at__isnull=True).update(resolved_at=now, resolved_by=by)
        for user, title in (
            (mentee.user, _("You have a new mentor: %(name)s") % {"name": locked_mentor.user}),
            (locked_mentor.user, _("You have a new mentee: %(name)s") % {"name": mentee.user}),
        ):
            notification_create(user=user, kind="mentoring.rematched", title=title, url=_home_url())
    return new


# -- Closing a cycle ---------------------------------------------------------------------------


def cycle_close(*, cycle: Cycle, by: Any) -> Cycle:
    """End a running cycle: running pairs complete, the end survey opens."""
    _require(policy.can_manage_cycle(by, cycle), _("Only coordinators may close a cycle."))
    with transaction.atomic():
        cycle = _locked_cycle(cycle)
        if cycle.status != Cycle.Status.ACTIVE:
            raise HuddleError(_("Only a running cycle can be closed."))
        now = timezone.now()
        Mentorship.objects.filter(cycle=cycle, status=Mentorship.Status.ACTIVE).update(
            status=Mentorship.Status.COMPLETED, ended_at=now
        )
        MentorRequest.objects.filter(cycle=cycle, status=MentorRequest.Status.PENDING).update(
            status=MentorRequest.Status.CANCELLED, decided_at=now
        )
        cycle.status = Cycle.Status.CLOSED
        cycle.closed_at = now
        cycle.save(update_fields=["status", "closed_at"])
        users = User.objects.filter(
            mentoring_enrollments__cycle=cycle, mentoring_enrollments__status=Enrollment.Status.ACTIVE
        ).distinct()
        for user in users:
            notification_create(
                user=user,
                kind="mentoring.survey",
                title=_("%(cycle)s has ended: two minutes for the survey?") % {"cycle": cycle.name},
                url=reverse("mentoring:survey", args=[cycle.pk]),
            )
    return cycle


def survey_submit(*, cycle: Cycle, user: Any, rating: int, would_recommend: bool, comment: str) -> SurveyResponse:
    """One end-of-cycle survey answer per participant."""
    if cycle.status != Cycle.Status.CLOSED:
        raise HuddleError(_("The survey opens when the cycle closes."))
    enrollment = Enrollment.objects.filter(cycle=cycle, user=user).order_by("side").first()
    if enrollment is None:
        raise HuddleError(_("Only the cycle's participants answer its survey."))
    if not 1 <= int(rating) <= 5:
        raise HuddleError(_("Choose a rating from 1 to 5."), field="rating")
    if len(comment) > 2000:
        raise HuddleError(_("Keep the comment under 2000 characters."), field="comment")
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                cycle=cycle,
                user=user,
                side=enrollment.side,
                rating=int(rating),
                would_recommend=would_recommend,
                comment=comment.strip(),
            )
    except IntegrityError as exc:
        raise HuddleError(_("You have already answered this survey.")) from exc


def cycle_export_record(*, cycle: Cycle, by: Any, rows: int) -> None:
    """Record a CSV export of a cycle's pairs in the audit log."""
    _require(policy.can_export_cycle(by, cycle), _("Only coordinators may export a cycle."))
    with transaction.atomic():
        audit_record(
            actor=by,
            action=AuditEvent.Action.EXPORT,
            target=f"cycle:{cycle.pk}",
            detail={"what": "pairs", "rows": rows},
        )
