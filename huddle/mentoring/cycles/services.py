"""Writes for cycles: create and edit (rules frozen once pairs are published),
open and close enrollment, close the cycle, the end survey, recording exports.

Status changes serialise on the cycle's row lock (:func:`cycle_locked`)."""

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.models import User
from huddle.audit.models import AuditEvent
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError, require
from huddle.mentoring import adapter, policy
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    MatchingMode,
    MentorRequest,
    Mentorship,
    SurveyResponse,
)
from huddle.mentoring.pairs.services import planned_meetings_cancel
from huddle.notifications.services import notification_create, words

MAX_CAPACITY = 10
MAX_DESCRIPTION = 2000
#: Students span MS1 to MS4; faculty count as far senior to all of them.
MAX_YEAR_GAP = 3


#: Weight presets offered on the cycle form (engine ``Weights`` fields).
WEIGHT_PRESETS: dict[str, dict[str, float]] = {
    "balanced": {"specialty": 3, "language": 2, "overlap": 2, "year_gap": 1, "modality": 1, "request": 3},
    "career": {"specialty": 6, "language": 1, "overlap": 1, "year_gap": 1, "modality": 0.5, "request": 3},
    "availability": {"specialty": 1, "language": 1, "overlap": 6, "year_gap": 0.5, "modality": 2, "request": 2},
    "language": {"specialty": 1, "language": 6, "overlap": 2, "year_gap": 1, "modality": 1, "request": 2},
}


def cycle_locked(cycle: Cycle) -> Cycle:
    """Re-read the cycle under a row lock; status changes serialise on it."""
    return Cycle.objects.select_for_update().get(pk=cycle.pk)


def preset_for(weights: dict[str, Any]) -> str:
    """The preset these weights equal, or "custom"."""
    for name, values in WEIGHT_PRESETS.items():
        if all(float(weights.get(k, -1)) == float(v) for k, v in values.items()):
            return name
    return "custom"


def year_gap_check(gap: int) -> None:
    """MS1 to MS4 spans three years; a larger gap would silently exclude every student mentor."""
    if not 0 <= gap <= MAX_YEAR_GAP:
        raise HuddleError(
            _("The minimum seniority gap is from 0 to %(n)d years (MS1 to MS4).") % {"n": MAX_YEAR_GAP},
            field="min_year_gap",
        )


def cycle_validate(cycle: Cycle) -> None:
    """Refuse a cycle whose dates, capacities, sides or weights cannot work."""
    if not cycle.name.strip():
        raise HuddleError(_("Give the cycle a name."), field="name")
    if len(cycle.description) > MAX_DESCRIPTION:
        raise HuddleError(
            _("Keep the description under %(n)d characters.") % {"n": MAX_DESCRIPTION}, field="description"
        )
    year_gap_check(cycle.min_year_gap or 0)
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
    for name in adapter.WEIGHT_FIELDS:
        value = weights.get(name)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 10:
            raise HuddleError(_("Each weight must be a number from 0 to 10."), field=f"weight_{name}")
    if sum(float(weights[n]) for n in adapter.WEIGHT_FIELDS) <= 0:
        raise HuddleError(_("At least one weight must be above 0."), field="weight_specialty")
    if cycle.mode not in MatchingMode.values:
        raise HuddleError(_("Choose a matching mode."), field="mode")


def cycle_save(*, cycle: Cycle, by: Any) -> Cycle:
    """Create or edit a cycle; its rules are frozen once pairs are published."""
    require(policy.can_create_cycle(by), _("Only coordinators may set up mentoring cycles."))
    if cycle.pk:
        current = Cycle.objects.get(pk=cycle.pk)
        if current.status in (Cycle.Status.ACTIVE, Cycle.Status.CLOSED):
            raise HuddleError(_("The pairs are published; the cycle's rules can no longer change."))
        if current.mode != cycle.mode and MentorRequest.objects.filter(cycle=cycle).exists():
            raise HuddleError(_("Mentees have already asked mentors; the mode can no longer change."), field="mode")
    else:
        cycle.created_by = by
    cycle.weights = {name: float(cycle.weights.get(name, 0)) for name in adapter.WEIGHT_FIELDS} | {
        k: v for k, v in (cycle.weights or {}).items() if k not in adapter.WEIGHT_FIELDS
    }
    cycle_validate(cycle)
    cycle.weights_preset = preset_for(cycle.weights)
    with transaction.atomic():
        cycle.save()
    return cycle


def cycle_open_enrollment(*, cycle: Cycle, by: Any) -> Cycle:
    """Draft (or matching, before publication) → enrollment open."""
    require(policy.can_manage_cycle(by, cycle), _("Only coordinators may open enrollment."))
    today = timezone.localdate()
    with transaction.atomic():
        cycle = cycle_locked(cycle)
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
    require(policy.can_manage_cycle(by, cycle), _("Only coordinators may close enrollment."))
    with transaction.atomic():
        cycle = cycle_locked(cycle)
        if cycle.status != Cycle.Status.ENROLLING:
            raise HuddleError(_("Enrollment is not open."))
        if cycle.mode == MatchingMode.SELF_SELECT:
            cycle.status = Cycle.Status.ACTIVE
            cycle.published_at = cycle.published_at or timezone.now()
        else:
            cycle.status = Cycle.Status.MATCHING
        cycle.save(update_fields=["status", "published_at"])
    return cycle


def cycle_close(*, cycle: Cycle, by: Any) -> Cycle:
    """End a running cycle: running pairs complete, the end survey opens."""
    require(policy.can_manage_cycle(by, cycle), _("Only coordinators may close a cycle."))
    with transaction.atomic():
        cycle = cycle_locked(cycle)
        if cycle.status != Cycle.Status.ACTIVE:
            raise HuddleError(_("Only a running cycle can be closed."))
        now = timezone.now()
        running = Mentorship.objects.filter(cycle=cycle, status=Mentorship.Status.ACTIVE)
        planned_meetings_cancel(pairs=running.values_list("pk", flat=True), now=now)
        running.update(status=Mentorship.Status.COMPLETED, ended_at=now)
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
                title=words(gettext_lazy("%(cycle)s has ended: two minutes for the survey?"), cycle=cycle.name),
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
    require(policy.can_export_cycle(by, cycle), _("Only coordinators may export a cycle."))
    with transaction.atomic():
        audit_record(
            actor=by,
            action=AuditEvent.Action.EXPORT,
            target=f"cycle:{cycle.pk}",
            detail={"what": "pairs", "rows": rows},
        )
