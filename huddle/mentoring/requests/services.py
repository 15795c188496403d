"""Writes for self-select: asking, answering and cancelling requests.

Accepting takes a mentor's place under row locks taken in one order (mentor,
mentee, request), so two acceptances can neither overfill a mentor nor deadlock."""

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.lib.errors import HuddleError, require
from huddle.matching import pair_breakdown
from huddle.mentoring import adapter
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    ForbiddenPair,
    MatchingMode,
    MentorRequest,
    Mentorship,
)
from huddle.mentoring.pairs.selectors import places_left
from huddle.mentoring.pairs.services import mentorship_create
from huddle.mentoring.reasons import reason
from huddle.notifications.services import notification_create, words

MAX_PENDING_REQUESTS = 3


def self_select_open(cycle: Cycle) -> bool:
    return cycle.mode == MatchingMode.SELF_SELECT and cycle.status in (Cycle.Status.ENROLLING, Cycle.Status.ACTIVE)


def mentor_request_create(*, mentee: Enrollment, mentor: Enrollment, message: str, by: Any) -> MentorRequest:
    """A mentee asks a mentor with room; the mentor decides."""
    cycle = mentee.cycle
    require(by.pk == mentee.user_id, _("You can only ask for a mentor for yourself."))
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
        if places_left(mentor) == 0:
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
            title=words(gettext_lazy("%(name)s would like you as a mentor"), name=str(mentee.user)),
            body=message.strip()[:500],
            url=reverse("mentoring:home"),
        )
    return request


def user_blocked(mentee: Enrollment, mentor: Enrollment) -> bool:
    """Either side blocked the other, or the coordinator ruled the pair out."""
    if mentor.user_id in mentee.blocks or mentee.user_id in mentor.blocks:
        return True
    return ForbiddenPair.objects.filter(cycle_id=mentee.cycle_id, mentee=mentee, mentor=mentor).exists()


def mentor_request_decide(*, request: MentorRequest, accept: bool, by: Any) -> MentorRequest:
    """The mentor accepts (taking a place, under a lock) or declines."""
    require(by.pk == request.mentor.user_id, _("Only the mentor asked can answer this request."))
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
            if accept and places_left(mentor) == 0:
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
            title = words(gettext_lazy("%(name)s accepted your request"), name=str(mentor.user))
            if places_left(mentor) == 0:
                _decline_waiting_requests(mentor=mentor, now=now)
        else:
            title = words(gettext_lazy("%(name)s cannot take you on this time"), name=str(mentor.user))
        request.status = MentorRequest.Status.ACCEPTED if accept else MentorRequest.Status.DECLINED
        request.decided_at = now
        request.save(update_fields=["status", "decided_at"])
        notification_create(
            user=request.mentee.user, kind="mentoring.request_answered", title=title, url=reverse("mentoring:home")
        )
    return request


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
    title = words(gettext_lazy("%(name)s has no place left; please choose another mentor"), name=str(mentor.user))
    for waiting_request in waiting:
        notification_create(
            user=waiting_request.mentee.user,
            kind="mentoring.request_answered",
            title=title,
            url=reverse("mentoring:home"),
        )


def _pair_score(cycle: Cycle, tier: str, mentee: Enrollment, mentor: Enrollment) -> float:
    pool = adapter.pool_load(cycle, tier, mentee_ids=[mentee.pk])
    key, mkey = str(mentee.pk), str(mentor.pk)
    if key not in pool.mentee_people or mkey not in pool.mentor_people:
        return 0.0
    return pair_breakdown(pool.mentee_people[key], pool.mentor_people[mkey], adapter.criteria_for(cycle)).score


def mentor_request_cancel(*, request: MentorRequest, by: Any) -> MentorRequest:
    require(by.pk == request.mentee.user_id, _("Only the mentee who asked can cancel this request."))
    with transaction.atomic():
        updated = MentorRequest.objects.filter(pk=request.pk, status=MentorRequest.Status.PENDING).update(
            status=MentorRequest.Status.CANCELLED, decided_at=timezone.now()
        )
        if not updated:
            raise HuddleError(_("This request has already been answered or cancelled."))
        request.status = MentorRequest.Status.CANCELLED
    return request
