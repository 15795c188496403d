"""Writes of a pair's life: meetings, goals, check-ins, fit checks, endings.

Each function checks permission and input first and raises one HuddleError
naming the field at fault, then writes inside ``transaction.atomic()``.
Notifications are created in the same transaction (their e-mail leaves on
commit). What the pair writes privately — meeting notes, check-in and
fit-check comments — never goes into a notification.
"""

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from huddle.accounts.models import Role, User
from huddle.lib.errors import HuddleError, require
from huddle.mentoring import policy
from huddle.mentoring.models import (
    CheckIn,
    Cycle,
    Enrollment,
    FitCheck,
    FocusArea,
    Goal,
    Meeting,
    MeetingModality,
    Mentorship,
    Milestone,
    PlannedMeeting,
    RematchRequest,
)
from huddle.mentoring.pairs.selectors import fit_check_is_open, partner_of, upcoming_meeting, viewer_zone
from huddle.mentoring.reasons import Reason
from huddle.notifications.services import notification_create, notify_many

MAX_GOALS = 20
MAX_MILESTONES = 20
MAX_FREE_TOPICS = 8
MAX_TOPIC_LENGTH = 60
#: One check-in per person per day stops double submissions.
CHECK_IN_MIN_GAP = timedelta(hours=20)
#: How far ahead a meeting may be planned.
PLAN_AHEAD = timedelta(days=366)


def _may_change(allowed: bool) -> None:
    require(allowed, _("You cannot change this pairing."))


def _lock_active(mentorship: Mentorship) -> None:
    """Lock the pair's row and refuse if it ended meanwhile (call inside atomic)."""
    status = Mentorship.objects.select_for_update().filter(pk=mentorship.pk).values_list("status", flat=True).first()
    if status != Mentorship.Status.ACTIVE:
        raise HuddleError(_("This pairing has ended; it can no longer be changed."))


def _pair_url(mentorship: Mentorship) -> str:
    return reverse("mentoring:pair_detail", args=[mentorship.pk])


def _coordinators() -> Iterable[User]:
    return User.objects.filter(roles__role=Role.COORDINATOR, is_active=True).distinct()


def _clean_text(value: str, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise HuddleError(_("%(label)s is required.") % {"label": label}, field=field)
    if len(text) > limit:
        raise HuddleError(
            _("%(label)s must be at most %(limit)d characters.") % {"label": label, "limit": limit}, field=field
        )
    return text


def meeting_topics(*, focus_areas: Iterable[str], other: str) -> list[str]:
    """Chosen focus areas (their codes) then the free-text topics, comma-separated."""
    chosen = list(dict.fromkeys(focus_areas))
    unknown = [a for a in chosen if a not in FocusArea.values]
    if unknown:
        raise HuddleError(_("Unknown topic: %(topic)s.") % {"topic": unknown[0]}, field="focus_topics")
    free = [t.strip() for t in (other or "").split(",") if t.strip()]
    if len(free) > MAX_FREE_TOPICS:
        raise HuddleError(_("List at most %(n)d other topics.") % {"n": MAX_FREE_TOPICS}, field="other_topics")
    for topic in free:
        if len(topic) > MAX_TOPIC_LENGTH:
            raise HuddleError(
                _("Each other topic must be at most %(n)d characters.") % {"n": MAX_TOPIC_LENGTH},
                field="other_topics",
            )
    return chosen + [t for t in dict.fromkeys(free) if t not in chosen]


def meeting_log(
    *,
    mentorship: Mentorship,
    by: User,
    met_on: date,
    duration_minutes: int,
    modality: str,
    topics: list[str],
    private_notes: str = "",
    submission: uuid.UUID | None = None,
    today: date | None = None,
) -> Meeting:
    """Record a meeting that happened, on a day between the start and today (viewer's zone).

    ``submission`` is the form's one-time token: the same form sent twice
    (a double click, a retried request) records one meeting.
    """
    _may_change(policy.can_log_meeting(by, mentorship))
    zone = viewer_zone(by)
    today = today or timezone.localdate(timezone.now(), zone)
    if met_on > today:
        raise HuddleError(_("The meeting date cannot be in the future."), field="met_on")
    started_on = timezone.localdate(mentorship.started_at, zone)
    if met_on < started_on:
        raise HuddleError(
            _("The meeting date cannot be before the pairing started (%(day)s).") % {"day": started_on.isoformat()},
            field="met_on",
        )
    if not 5 <= duration_minutes <= 600:
        raise HuddleError(_("The duration must be between 5 and 600 minutes."), field="duration_minutes")
    if modality not in MeetingModality.values:
        raise HuddleError(_("Choose how you met."), field="modality")
    notes = _clean_text(private_notes, field="private_notes", label=_("Private notes"), limit=5000)
    with transaction.atomic():
        _lock_active(mentorship)
        earlier = _submitted(Meeting.objects.filter(mentorship=mentorship), submission)
        if earlier is not None:
            return earlier
        return Meeting.objects.create(
            mentorship=mentorship,
            submission=submission,
            met_on=met_on,
            duration_minutes=duration_minutes,
            modality=modality,
            topics=list(topics),
            private_notes=notes,
            logged_by=by,
        )


def _check_meeting_time(at: datetime, now: datetime) -> None:
    if timezone.is_naive(at):
        raise HuddleError(_("Give the time of the next meeting."), field="at")
    if at <= now:
        raise HuddleError(_("The next meeting must be in the future."), field="at")
    if at > now + PLAN_AHEAD:
        raise HuddleError(_("The next meeting must be within a year."), field="at")


def next_meeting_set(
    *, mentorship: Mentorship, by: User, at: datetime, place: str, now: datetime | None = None
) -> PlannedMeeting:
    """Plan the pair's next meeting, or move the one already planned, and tell the partner.

    Moving keeps the meeting's row, so calendars that subscribed to it see
    the same event at a new time (a higher ``sequence``), not a second one.
    """
    _may_change(policy.can_log_meeting(by, mentorship))
    now = now or timezone.now()
    _check_meeting_time(at, now)
    place = _clean_text(place, field="place", label=_("Place or link"), limit=200)
    with transaction.atomic():
        _lock_active(mentorship)
        meeting = upcoming_meeting(mentorship=mentorship, now=now)
        if meeting is None:
            meeting = PlannedMeeting.objects.create(
                mentorship=mentorship, starts_at=at, place=place, planned_by=by, updated_at=now
            )
        elif (meeting.starts_at, meeting.place) != (at, place):
            meeting.starts_at, meeting.place, meeting.updated_at = at, place, now
            meeting.sequence += 1
            meeting.save(update_fields=["starts_at", "place", "updated_at", "sequence"])
        partner = partner_of(mentorship, by)
        notification_create(
            user=partner,
            kind="mentoring.next_meeting",
            title=lambda: _("Next mentoring meeting: %(when)s") % {"when": _when(at, partner)},
            body=lambda: _("%(name)s set your next meeting. It is in your Huddle calendar.")
            % {"name": by.get_full_name()},
            url=_pair_url(mentorship),
        )
    return meeting


def _when(at: datetime, person: User) -> str:
    """A meeting's time as the person reads it: their zone, their language."""
    local = timezone.localtime(at, viewer_zone(person))
    return date_format(local, pgettext("Django date format", "D, M j, H:i T"))


def next_meeting_cancel(*, mentorship: Mentorship, by: User, now: datetime | None = None) -> PlannedMeeting:
    """Call off the planned meeting; calendars that subscribed remove it."""
    _may_change(policy.can_log_meeting(by, mentorship))
    now = now or timezone.now()
    with transaction.atomic():
        _lock_active(mentorship)
        meeting = upcoming_meeting(mentorship=mentorship, now=now)
        if meeting is None:
            raise HuddleError(_("No meeting is planned."))
        _cancel(meeting, now)
        partner = partner_of(mentorship, by)
        notification_create(
            user=partner,
            kind="mentoring.next_meeting",
            title=lambda: _("Mentoring meeting called off: %(when)s") % {"when": _when(meeting.starts_at, partner)},
            body=lambda: _("%(name)s called off your next meeting. Plan a new one from the pair page.")
            % {"name": by.get_full_name()},
            url=_pair_url(mentorship),
        )
    return meeting


def _cancel(meeting: PlannedMeeting, now: datetime) -> None:
    meeting.cancelled_at = meeting.updated_at = now
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "updated_at", "sequence"])


def _submitted[M: (Meeting, Goal, Milestone)](rows: "models.QuerySet[M]", submission: uuid.UUID | None) -> M | None:
    """The row an earlier sending of the same form created, if any (call under the pair's lock)."""
    if submission is None:
        return None
    return rows.filter(submission=submission).first()


def goal_create(
    *,
    mentorship: Mentorship,
    by: User,
    title: str,
    focus_area: str = "",
    due_on: date | None = None,
    submission: uuid.UUID | None = None,
    today: date | None = None,
) -> Goal:
    _may_change(policy.can_log_meeting(by, mentorship))
    title = _clean_text(title, field="title", label=_("Title"), limit=200, required=True)
    if focus_area and focus_area not in FocusArea.values:
        raise HuddleError(_("Choose a focus area from the list."), field="focus_area")
    today = today or timezone.localdate(timezone.now(), viewer_zone(by))
    if due_on is not None and due_on < today:
        raise HuddleError(_("The due date cannot be in the past."), field="due_on")
    with transaction.atomic():
        _lock_active(mentorship)
        earlier = _submitted(Goal.objects.filter(mentorship=mentorship), submission)
        if earlier is not None:
            return earlier
        if Goal.objects.filter(mentorship=mentorship).count() >= MAX_GOALS:
            raise HuddleError(_("A pair can keep at most %(n)d goals.") % {"n": MAX_GOALS}, field="title")
        return Goal.objects.create(
            mentorship=mentorship, title=title, focus_area=focus_area, due_on=due_on, submission=submission
        )


def milestone_create(*, goal: Goal, by: User, title: str, submission: uuid.UUID | None = None) -> Milestone:
    mentorship = goal.mentorship
    _may_change(policy.can_log_meeting(by, mentorship))
    title = _clean_text(title, field="title", label=_("Milestone"), limit=200, required=True)
    with transaction.atomic():
        _lock_active(mentorship)
        earlier = _submitted(Milestone.objects.filter(goal=goal), submission)
        if earlier is not None:
            return earlier
        if Milestone.objects.filter(goal=goal).count() >= MAX_MILESTONES:
            raise HuddleError(_("A goal can have at most %(n)d milestones.") % {"n": MAX_MILESTONES}, field="title")
        return Milestone.objects.create(goal=goal, title=title, submission=submission)


def milestone_set_done(*, milestone: Milestone, by: User, done: bool, now: datetime | None = None) -> Milestone:
    """Tick or untick; ticking twice keeps the first time it was done."""
    _may_change(policy.can_log_meeting(by, milestone.goal.mentorship))
    with transaction.atomic():
        _lock_active(milestone.goal.mentorship)
        if done and milestone.done_at is None:
            milestone.done_at = now or timezone.now()
        elif not done:
            milestone.done_at = None
        milestone.save(update_fields=["done_at"])
    return milestone


def check_in_create(
    *, mentorship: Mentorship, by: User, rating: int, comment: str = "", now: datetime | None = None
) -> CheckIn:
    """A 1-5 pulse from one side; the comment is for coordinators only."""
    _may_change(policy.can_check_in(by, mentorship))
    if rating not in range(1, 6):
        raise HuddleError(_("Choose a rating from 1 to 5."), field="rating")
    comment = _clean_text(comment, field="comment", label=_("Comment"), limit=1000)
    now = now or timezone.now()
    with transaction.atomic():
        _lock_active(mentorship)
        recent = CheckIn.objects.filter(mentorship=mentorship, by=by, created_at__gt=now - CHECK_IN_MIN_GAP)
        if recent.exists():
            raise HuddleError(_("You already checked in today. Thank you!"), field="rating")
        return CheckIn.objects.create(mentorship=mentorship, by=by, rating=rating, comment=comment, created_at=now)


def _ask_for_rematch(*, mentorship: Mentorship, by: User, kind: str, reason: str) -> RematchRequest:
    """Record a rematch request and flag the pair; coordinators hear of it, without the reason."""
    request = RematchRequest.objects.create(mentorship=mentorship, kind=kind, requested_by=by, reason=reason)
    Mentorship.objects.filter(pk=mentorship.pk).update(needs_rematch=True)
    mentorship.needs_rematch = True
    title = (
        gettext_lazy("Early fit check: a pair asks for a new match")
        if kind == RematchRequest.Kind.FIT_CHECK
        else gettext_lazy("A mentoring participant asks for a rematch")
    )
    names = {
        "cycle": mentorship.cycle.name,
        "mentee": mentorship.mentee.user.get_full_name(),
        "mentor": mentorship.mentor.user.get_full_name(),
    }
    notify_many(
        users=_coordinators(),
        kind="mentoring.rematch",
        title=lambda: str(title),
        body=lambda: _("%(cycle)s: %(mentee)s (mentee) and %(mentor)s (mentor). Open the pair to read the request.")
        % names,
        url=_pair_url(mentorship),
    )
    return request


def fit_check_answer(
    *, mentorship: Mentorship, by: User, good_fit: bool, comment: str = "", now: datetime | None = None
) -> FitCheck:
    """Answer "Is this a good fit?" once; "no" is a no-fault rematch, private to coordinators."""
    _may_change(policy.can_check_in(by, mentorship))
    comment = _clean_text(comment, field="comment", label=_("Comment"), limit=1000)
    now = now or timezone.now()
    has_meeting = Meeting.objects.filter(mentorship=mentorship).exists()
    if not fit_check_is_open(started_at=mentorship.started_at, has_meeting=has_meeting, now=now):
        raise HuddleError(_("The fit check opens after your first meeting."), field="good_fit")
    try:
        with transaction.atomic():
            _lock_active(mentorship)
            answer = FitCheck.objects.create(
                mentorship=mentorship, by=by, good_fit=good_fit, comment=comment, created_at=now
            )
            if not good_fit:
                _ask_for_rematch(mentorship=mentorship, by=by, kind=RematchRequest.Kind.FIT_CHECK, reason=comment)
    except IntegrityError:
        raise HuddleError(_("You have already answered the fit check."), field="good_fit") from None
    return answer


def rematch_request_create(*, mentorship: Mentorship, by: User, reason: str = "") -> RematchRequest:
    """Ask coordinators for a new match at any time; the partner is not told."""
    _may_change(policy.can_check_in(by, mentorship))
    reason = _clean_text(reason, field="reason", label=_("Reason"), limit=1000)
    with transaction.atomic():
        _lock_active(mentorship)
        open_request = RematchRequest.objects.filter(mentorship=mentorship, requested_by=by, resolved_at__isnull=True)
        if open_request.exists():
            raise HuddleError(_("You have already asked; a coordinator will be in touch."), field="reason")
        return _ask_for_rematch(mentorship=mentorship, by=by, kind=RematchRequest.Kind.ASKED, reason=reason)


def mentorship_end(
    *, mentorship: Mentorship, by: User, status: str, reason: str = "", now: datetime | None = None
) -> Mentorship:
    """End a pair as completed, completed early (reason required) or withdrawn (coordinators).

    The partner (or both sides, when a coordinator ends it) is notified; the
    reason stays with coordinators.
    """
    if status not in (
        Mentorship.Status.COMPLETED,
        Mentorship.Status.COMPLETED_EARLY,
        Mentorship.Status.WITHDRAWN,
    ):
        raise HuddleError(_("Choose how the pairing ended."), field="status")
    if not policy.can_end_mentorship(by, mentorship, Mentorship.Status(status)):
        raise HuddleError(_("You cannot end this pairing that way."), field="status")
    reason = _clean_text(
        reason,
        field="reason",
        label=_("Reason"),
        limit=1000,
        required=status == Mentorship.Status.COMPLETED_EARLY,
    )
    with transaction.atomic():
        _lock_active(mentorship)
        mentorship.status = status
        mentorship.end_reason = reason
        mentorship.ended_at = now or timezone.now()
        mentorship.save(update_fields=["status", "end_reason", "ended_at"])
        planned_meetings_cancel(pairs=[mentorship.pk], now=mentorship.ended_at)
        label = Mentorship.Status(status).label
        for person in (mentorship.mentee.user, mentorship.mentor.user):
            if person.pk != by.pk:
                _tell_ended(mentorship, person, label)
    return mentorship


def _tell_ended(mentorship: Mentorship, person: User, label: object) -> None:
    notification_create(
        user=person,
        kind="mentoring.ended",
        title=lambda: _("Your mentoring pairing with %(name)s has ended")
        % {"name": partner_of(mentorship, person).get_full_name()},
        body=lambda: _("Status: %(status)s. Thank you for taking part.") % {"status": label},
        url=_pair_url(mentorship),
    )


def planned_meetings_cancel(*, pairs: Iterable[int], now: datetime) -> int:
    """A pair that ends meets no more: its future meetings leave the calendars."""
    rows = list(
        PlannedMeeting.objects.select_for_update().filter(
            mentorship_id__in=list(pairs), cancelled_at__isnull=True, starts_at__gt=now
        )
    )
    for meeting in rows:
        _cancel(meeting, now)
    return len(rows)


def free_slots(capacity: int, taken: Iterable[int]) -> list[int]:
    used = set(taken)
    return [slot for slot in range(1, capacity + 1) if slot not in used]


def mentorship_create(
    *, cycle: Cycle, tier: str, mentee: Enrollment, mentor: Enrollment, score: float, reasons: list[Reason]
) -> Mentorship:
    """Pair one mentee with one mentor in the mentor's lowest free slot.

    The caller must hold ``select_for_update`` on the mentor's enrollment
    (inside its transaction), so two callers cannot both take the last slot;
    the slot constraints refuse it anyway if one does not.
    """
    taken = Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE).values_list("slot", flat=True)
    slots = free_slots(mentor.capacity, taken)
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
