"""Writes for matching runs and the proposal: queue runs, save their result,
lock, forbid and move pairs, publish and notify.

Every edit re-checks capacity and the hard rules; publication turns proposed
pairs into mentorships with numbered capacity slots in one transaction."""

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.models import User
from huddle.audit.models import AuditEvent
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError, require
from huddle.matching import pair_breakdown
from huddle.mentoring import adapter, policy
from huddle.mentoring.cycles.services import cycle_locked
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    ForbiddenPair,
    MatchingMode,
    MatchRun,
    Mentorship,
    ProposedPair,
)
from huddle.mentoring.pairs.services import free_slots
from huddle.mentoring.reasons import refusal_sentence
from huddle.notifications.models import Notification
from huddle.notifications.services import notification_create, words

#: A run still "queued" or "running" after this long is taken as lost (worker died).
RUN_STALE_AFTER = timedelta(minutes=10)


def _run_in_progress(cycle: Cycle) -> bool:
    cutoff = timezone.now() - RUN_STALE_AFTER
    return MatchRun.objects.filter(
        cycle=cycle, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING], requested_at__gte=cutoff
    ).exists()


def matching_start(*, cycle: Cycle, by: Any) -> list[MatchRun]:
    """Queue one engine run per tier; the task writes the proposal."""
    require(policy.can_manage_cycle(by, cycle), _("Only coordinators may run matching."))
    with transaction.atomic():
        cycle = cycle_locked(cycle)
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


def proposal_save(*, run: MatchRun, outcome: adapter.Outcome) -> MatchRun:
    """Replace a tier's unlocked proposed pairs with a run's result, at once."""
    with transaction.atomic():
        cycle = cycle_locked(run.cycle)
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
    require(policy.can_view_proposal(by, pair.cycle), _("Only coordinators may edit the proposal."))
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
    require(policy.can_view_proposal(by, cycle), _("Only coordinators may edit the proposal."))
    if cycle.status != Cycle.Status.MATCHING:
        raise HuddleError(_("The proposal can be edited only before publication."))
    if mentor.cycle_id != cycle.pk or mentor.side != Enrollment.Side.MENTOR or mentor.tier != tier:
        raise HuddleError(_("Choose a mentor of this tier."), field="mentor")
    if mentee.cycle_id != cycle.pk or mentee.side != Enrollment.Side.MENTEE:
        raise HuddleError(_("Choose a mentee of this cycle."), field="mentee")
    if mentee.status != Enrollment.Status.ACTIVE or mentor.status != Enrollment.Status.ACTIVE:
        raise HuddleError(_("One of the two has withdrawn from the cycle."), field="mentor")
    with transaction.atomic():
        cycle_locked(cycle)
        pool = adapter.pool_load(cycle, tier, mentee_ids=[mentee.pk])
        criteria = adapter.criteria_for(cycle)
        mentee_key, mentor_key = str(mentee.pk), str(mentor.pk)
        refusals = adapter.pair_refusals(pool, mentee_key, mentor_key, criteria)
        if refusals:
            raise HuddleError(
                _("%(mentee)s cannot go to %(mentor)s: %(why)s.")
                % {"mentee": mentee.user, "mentor": mentor.user, "why": refusal_sentence(refusals)},
                field="mentor",
            )
        taken = ProposedPair.objects.filter(cycle=cycle, tier=tier, mentor=mentor).exclude(mentee=mentee).count()
        if taken >= mentor.capacity:
            raise HuddleError(
                _("%(mentor)s already has %(n)d mentee(s), their capacity.") % {"mentor": mentor.user, "n": taken},
                field="mentor",
            )
        breakdown = pair_breakdown(pool.mentee_people[mentee_key], pool.mentor_people[mentor_key], criteria)
        reasons = adapter.pair_reasons(pool, mentee_key, mentor_key, criteria, locked=True)
        pair, _created = ProposedPair.objects.update_or_create(
            cycle=cycle,
            tier=tier,
            mentee=mentee,
            defaults={"mentor": mentor, "score": breakdown.score, "reasons": reasons, "locked": True},
        )
    return pair


def cycle_publish(*, cycle: Cycle, by: Any) -> list[Mentorship]:
    """Turn the proposal into mentorships and tell both sides."""
    require(policy.can_manage_cycle(by, cycle), _("Only coordinators may publish pairs."))
    with transaction.atomic():
        cycle = cycle_locked(cycle)
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
            slots = free_slots(mentor.capacity, taken.get(mentor_id, []))
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
    # Each side is told once per cycle, in their own language; a second run
    # of this task finds the keys and tells nobody again.
    sides = (
        (
            mentees,
            f"mentoring.published:{cycle.pk}:mentee",
            lambda: _("Meet your mentor in %(cycle)s") % {"cycle": cycle.name},
            gettext_lazy("You are paired with %(names)s. See why on your mentoring page."),
        ),
        (
            mentors,
            f"mentoring.published:{cycle.pk}:mentor",
            lambda: _("Meet your mentees in %(cycle)s") % {"cycle": cycle.name},
            gettext_lazy("You are mentoring %(names)s. See why on your mentoring page."),
        ),
    )
    told = set(Notification.objects.filter(once__in=[key for _p, key, _t, _b in sides]).values_list("user_id", "once"))
    url = reverse("mentoring:home")
    sent = 0
    with transaction.atomic():
        for people, key, title, body in sides:
            for user, names in people.values():
                if (user.pk, key) in told:
                    continue
                notification_create(
                    user=user,
                    kind="mentoring.published",
                    title=title,
                    body=words(body, names=", ".join(names)),
                    url=url,
                    once=key,
                )
                sent += 1
    return sent
