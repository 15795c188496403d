"""Writes for rematching: reading a request (audited) and confirming a new pair."""

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.audit.models import AuditEvent
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError, require
from huddle.matching import pair_breakdown
from huddle.mentoring import adapter, policy
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    Mentorship,
    RematchRequest,
)
from huddle.mentoring.pairs.services import mentorship_create, planned_meetings_cancel
from huddle.mentoring.reasons import reason, refusal_sentence
from huddle.notifications.services import notification_create, words


def rematch_request_read(*, request: RematchRequest, by: Any) -> RematchRequest:
    """Open a rematch request; reading one is recorded in the audit log."""
    cycle = request.mentorship.cycle
    require(policy.can_view_rematch_requests(by, cycle), _("Only coordinators may read rematch requests."))
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
    require(policy.can_manage_cycle(by, cycle), _("Only coordinators may rematch mentees."))
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
        pool = adapter.pool_load(cycle, old.tier, mentee_ids=[mentee.pk])
        criteria = adapter.criteria_for(cycle)
        refusals = adapter.pair_refusals(pool, str(mentee.pk), str(mentor.pk), criteria)
        if refusals:
            raise HuddleError(
                _("This pair is not possible: %(why)s.") % {"why": refusal_sentence(refusals)},
                field="mentor",
            )
        now = timezone.now()
        if old.status == Mentorship.Status.ACTIVE:
            old.status = Mentorship.Status.COMPLETED_EARLY
            old.ended_at = now
            old.end_reason = _("Rematched by the coordinator.")
        old.needs_rematch = False
        old.save(update_fields=["status", "ended_at", "end_reason", "needs_rematch"])
        planned_meetings_cancel(pairs=[old.pk], now=now)
        breakdown = pair_breakdown(pool.mentee_people[str(mentee.pk)], pool.mentor_people[str(mentor.pk)], criteria)
        reasons = [reason("rematched"), *adapter.pair_reasons(pool, str(mentee.pk), str(mentor.pk), criteria)]
        new = mentorship_create(
            cycle=cycle, tier=old.tier, mentee=mentee, mentor=locked_mentor, score=breakdown.score, reasons=reasons
        )
        RematchRequest.objects.filter(mentorship=old, resolved_at__isnull=True).update(resolved_at=now, resolved_by=by)
        for user, title in (
            (mentee.user, words(gettext_lazy("You have a new mentor: %(name)s"), name=str(locked_mentor.user))),
            (locked_mentor.user, words(gettext_lazy("You have a new mentee: %(name)s"), name=str(mentee.user))),
        ):
            notification_create(user=user, kind="mentoring.rematched", title=title, url=reverse("mentoring:home"))
    return new
