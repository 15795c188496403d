"""Reads for the pair space, the mentor's page and the coordinator's pair view.

Every page here runs a fixed number of queries whatever the number of
meetings, goals or mentees: related rows come with select_related /
prefetch_related, and counts come as subqueries.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from huddle.accounts import policy
from huddle.accounts.models import Modality, Profile, User
from huddle.mentoring.models import (
    CheckIn,
    FitCheck,
    FocusArea,
    Goal,
    Meeting,
    Mentorship,
    Milestone,
    RematchRequest,
    Tier,
)
from huddle.mentoring.pairs import MeetingModality, fit_check_is_open, partner_of
from huddle.mentoring.reasons import reason_text


class PairStatus(models.TextChoices):
    ON_TRACK = "on_track", gettext_lazy("On track")
    NEEDS_CHECK_IN = "needs_check_in", gettext_lazy("Needs a check-in")
    NO_MEETING = "no_meeting", gettext_lazy("No meeting yet")
    ENDED = "ended", gettext_lazy("Ended")

    @property
    def css(self) -> str:
        return {"on_track": "status-ok", "needs_check_in": "status-warn", "no_meeting": "status-bad"}.get(
            self.value, ""
        )


def pair_status(
    *,
    active: bool,
    has_meeting: bool,
    started_at: datetime,
    last_check_in_at: datetime | None,
    check_in_every_weeks: int,
    now: datetime,
) -> PairStatus:
    """The pair's status at a glance, for one person (their own last check-in).

    A new pair has a grace period: the check-in clock starts when the pair
    does, so "Needs a check-in" means nothing from this person for a whole
    check-in interval. A pair that has not met yet says so first.
    """
    if not active:
        return PairStatus.ENDED
    if not has_meeting:
        return PairStatus.NO_MEETING
    since = max(started_at, last_check_in_at) if last_check_in_at else started_at
    if now - since >= timedelta(weeks=max(check_in_every_weeks, 1)):
        return PairStatus.NEEDS_CHECK_IN
    return PairStatus.ON_TRACK


def pair_get(*, pk: int) -> Mentorship | None:
    """One pair with its cycle, both people and their profiles (one query)."""
    return (
        Mentorship.objects.select_related("cycle", "mentee__user__profile", "mentor__user__profile")
        .filter(pk=pk)
        .first()
    )


# "Why you were paired": the engine's reasons (see reasons.py), said to the people paired.


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _reword(reason: Mapping[str, Any] | str, *, viewer_is_mentee: bool, partner: str) -> str:
    if isinstance(reason, str):
        return reason_text(reason)
    code = reason.get("code")
    asked_by = {"asked_by_mentee": True, "asked_by_mentor": False}
    if code in asked_by:
        if asked_by[code] == viewer_is_mentee:
            return _("You asked to be paired with %(name)s.") % {"name": partner}
        return _("%(name)s asked to be paired with you.") % {"name": partner}
    if code == "chosen":
        if viewer_is_mentee:
            return _("You chose %(name)s, who accepted.") % {"name": partner}
        return _("%(name)s chose you, and you accepted.") % {"name": partner}
    if code in ("locked", "rematched"):
        return _("Your program coordinator chose this pairing.")
    if code == "specialties":
        return _("You are both interested in %(names)s.") % {"names": _names(list(reason.get("names", [])))}
    if code == "languages":
        return _("You both speak %(names)s.") % {"names": _names(list(reason.get("names", [])))}
    if code == "hours":
        return _("You are both free at the same times, %(hours)s hours a week (%(when)s).") % {
            "hours": f"{float(reason.get('hours', 0)):g}",
            "when": reason.get("when", ""),
        }
    if code == "faculty":
        return _("Your mentor is a member of the faculty.") if viewer_is_mentee else _("You mentor as faculty.")
    if code == "senior":
        years = int(reason.get("years", 0))
        if viewer_is_mentee:
            text = ngettext(
                "Your mentor is %(n)d year ahead of you.", "Your mentor is %(n)d years ahead of you.", years
            )
        else:
            text = ngettext(
                "You are %(n)d year ahead of your mentee.", "You are %(n)d years ahead of your mentee.", years
            )
        return text % {"n": years}
    if code == "same_modality":
        label = dict(Modality.choices).get(reason.get("modality", ""), reason.get("modality", ""))
        return _("You both prefer to meet: %(how)s.") % {"how": str(label).lower()}
    if code == "compatible_modality":
        return _("Your preferred ways of meeting fit together.")
    if code == "none":
        return _("Your profiles had little in common; the program paired you so that every mentee has a mentor.")
    return reason_text(reason)


def plain_reasons(*, mentorship: Mentorship, viewer: Any) -> list[str]:
    """The engine's reasons in plain words, from the viewer's side of the pair."""
    viewer_is_mentee = viewer.pk == mentorship.mentee.user_id
    partner = partner_of(mentorship, viewer).get_full_name()
    out: list[str] = []
    for reason in mentorship.reasons or []:
        text = _reword(reason, viewer_is_mentee=viewer_is_mentee, partner=partner).strip()
        if text and text not in out:
            out.append(text)
    return out


# The partner's profile, as far as they let this viewer see it.


@dataclass
class ProfileLine:
    label: str
    value: str


def _profile_of(user: User) -> Profile | None:
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def partner_summary(*, viewer: Any, partner: User) -> list[ProfileLine]:
    profile = _profile_of(partner)
    if profile is None:
        return []

    def visible(name: str) -> bool:
        return policy.can_see_field(viewer, partner, name, profile.visibility_of(name))

    lines: list[ProfileLine] = []
    if profile.pronouns and visible("pronouns"):
        lines.append(ProfileLine(_("Pronouns"), profile.pronouns))
    if profile.class_year and visible("class_year"):
        lines.append(ProfileLine(_("Class year"), profile.get_class_year_display()))
    if visible("specialties"):
        names = ", ".join(s.name for s in profile.specialties.all())
        if names:
            lines.append(ProfileLine(_("Specialty interests"), names))
    if visible("languages"):
        names = ", ".join(lang.name for lang in profile.languages.all())
        if names:
            lines.append(ProfileLine(_("Languages"), names))
    if profile.modality != Modality.EITHER:
        lines.append(ProfileLine(_("Prefers to meet"), profile.get_modality_display()))
    if profile.bio and visible("bio"):
        lines.append(ProfileLine(_("About"), profile.bio))
    return lines


# Goals, meetings and the viewer's own check-ins.


@dataclass
class GoalView:
    goal: Goal
    milestones: list[Milestone]

    @property
    def done(self) -> int:
        return sum(1 for m in self.milestones if m.done_at)

    @property
    def total(self) -> int:
        return len(self.milestones)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def pair_goals(*, mentorship: Mentorship) -> list[GoalView]:
    goals = Goal.objects.filter(mentorship=mentorship).prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("id"))
    )
    return [GoalView(goal=g, milestones=list(g.milestones.all())) for g in goals]


def overall_progress(goals: list[GoalView]) -> int:
    total = sum(g.total for g in goals)
    return round(100 * sum(g.done for g in goals) / total) if total else 0


def topic_labels(topics: list[str]) -> list[str]:
    """Focus-area codes shown by their label; free-text topics as written."""
    labels = dict(FocusArea.choices)
    return [str(labels.get(t, t)) for t in topics]


@dataclass
class MeetingView:
    meeting: Meeting
    topics: list[str]
    modality: str


def pair_meetings(*, mentorship: Mentorship) -> list[MeetingView]:
    """The pair's own log, notes included (never call this for staff)."""
    modality = dict(MeetingModality.choices)
    return [
        MeetingView(meeting=m, topics=topic_labels(m.topics), modality=str(modality.get(m.modality, m.modality)))
        for m in Meeting.objects.filter(mentorship=mentorship).select_related("logged_by")
    ]


def my_check_ins(*, mentorship: Mentorship, user: Any) -> list[CheckIn]:
    """Only the viewer's own check-ins: the pair never sees each other's."""
    return list(CheckIn.objects.filter(mentorship=mentorship, by=user))


@dataclass
class PairPage:
    mentorship: Mentorship
    viewer_is_mentee: bool
    partner: User
    partner_lines: list[ProfileLine]
    reasons: list[str]
    goals: list[GoalView]
    meetings: list[MeetingView]
    check_ins: list[CheckIn]
    status: PairStatus
    fit_check_prompt: bool
    my_fit_check: FitCheck | None
    my_open_rematch: RematchRequest | None
    progress: int = 0


def pair_page(*, mentorship: Mentorship, viewer: Any, now: datetime) -> PairPage:
    """Everything a member of the pair sees on the pair page."""
    meetings = pair_meetings(mentorship=mentorship)
    check_ins = my_check_ins(mentorship=mentorship, user=viewer)
    goals = pair_goals(mentorship=mentorship)
    partner = partner_of(mentorship, viewer)
    active = mentorship.status == Mentorship.Status.ACTIVE
    my_fit = FitCheck.objects.filter(mentorship=mentorship, by=viewer).first()
    open_rematch = RematchRequest.objects.filter(
        mentorship=mentorship, requested_by=viewer, resolved_at__isnull=True
    ).first()
    return PairPage(
        mentorship=mentorship,
        viewer_is_mentee=viewer.pk == mentorship.mentee.user_id,
        partner=partner,
        partner_lines=partner_summary(viewer=viewer, partner=partner),
        reasons=plain_reasons(mentorship=mentorship, viewer=viewer),
        goals=goals,
        meetings=meetings,
        check_ins=check_ins,
        status=pair_status(
            active=active,
            has_meeting=bool(meetings),
            started_at=mentorship.started_at,
            last_check_in_at=check_ins[0].created_at if check_ins else None,
            check_in_every_weeks=mentorship.cycle.check_in_every_weeks,
            now=now,
        ),
        fit_check_prompt=active
        and my_fit is None
        and fit_check_is_open(started_at=mentorship.started_at, has_meeting=bool(meetings), now=now),
        my_fit_check=my_fit,
        my_open_rematch=open_rematch,
        progress=overall_progress(goals),
    )


# The coordinator's view of one pair: that meetings happen, never what was said.


@dataclass
class StaffMeeting:
    met_on: date
    duration_minutes: int
    modality: str


@dataclass
class StaffPairPage:
    mentorship: Mentorship
    meetings: list[StaffMeeting]
    minutes_total: int
    goal_count: int
    milestones_total: int
    milestones_done: int
    check_ins: list[CheckIn]
    fit_checks: list[FitCheck]
    rematch_requests: list[RematchRequest]
    status: PairStatus
    mean_rating: float | None = None


def _older_of_latest(check_ins: list[CheckIn], people: tuple[int, int]) -> datetime | None:
    """The staler of the two sides' latest check-ins; None when a side never checked in."""
    latest: dict[int, datetime] = {}
    for check_in in check_ins:
        if check_in.by_id not in latest or check_in.created_at > latest[check_in.by_id]:
            latest[check_in.by_id] = check_in.created_at
    if any(person not in latest for person in people):
        return None
    return min(latest[person] for person in people)


def staff_pair_page(*, mentorship: Mentorship, now: datetime) -> StaffPairPage:
    """Counts, dates, check-in scores and comments. Meeting notes and topics are not even loaded."""
    modality = dict(MeetingModality.choices)
    rows = Meeting.objects.filter(mentorship=mentorship).values_list("met_on", "duration_minutes", "modality")
    meetings = [StaffMeeting(d, mins, str(modality.get(mod, mod))) for d, mins, mod in rows]
    counts = Milestone.objects.filter(goal__mentorship=mentorship).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(done_at__isnull=False))
    )
    check_ins = list(CheckIn.objects.filter(mentorship=mentorship).select_related("by"))
    people = (mentorship.mentee.user_id, mentorship.mentor.user_id)
    return StaffPairPage(
        mentorship=mentorship,
        meetings=meetings,
        minutes_total=sum(m.duration_minutes for m in meetings),
        goal_count=Goal.objects.filter(mentorship=mentorship).count(),
        milestones_total=counts["total"],
        milestones_done=counts["done"],
        check_ins=check_ins,
        fit_checks=list(FitCheck.objects.filter(mentorship=mentorship).select_related("by").order_by("created_at")),
        rematch_requests=list(
            RematchRequest.objects.filter(mentorship=mentorship).select_related("requested_by", "resolved_by")
        ),
        status=pair_status(
            active=mentorship.status == Mentorship.Status.ACTIVE,
            has_meeting=bool(meetings),
            started_at=mentorship.started_at,
            last_check_in_at=_older_of_latest(check_ins, people),
            check_in_every_weeks=mentorship.cycle.check_in_every_weeks,
            now=now,
        ),
        mean_rating=round(sum(c.rating for c in check_ins) / len(check_ins), 1) if check_ins else None,
    )


# A person's own pairs, for the mentor's (and mentee's) page.


@dataclass
class PairRow:
    mentorship: Mentorship
    partner: User
    status: PairStatus
    meeting_count: int
    last_met_on: date | None

    @property
    def tier_label(self) -> str:
        return str(Tier(self.mentorship.tier).label)


def _with_activity(queryset: models.QuerySet[Mentorship]) -> models.QuerySet[Mentorship]:
    meetings = Meeting.objects.filter(mentorship=OuterRef("pk")).order_by().values("mentorship")
    return queryset.select_related("cycle", "mentee__user__profile", "mentor__user__profile").annotate(
        meeting_count=Coalesce(Subquery(meetings.annotate(n=Count("pk")).values("n")), 0),
        last_met_on=Subquery(meetings.annotate(last=Max("met_on")).values("last")),
    )


def _last_check_in_by(person: Any) -> Subquery:
    return Subquery(
        CheckIn.objects.filter(mentorship=OuterRef("pk"), by=person)
        .order_by()
        .values("mentorship")
        .annotate(last=Max("created_at"))
        .values("last")
    )


@dataclass
class MyPairs:
    my_mentees: list[PairRow]
    my_mentors: list[PairRow]
    ended: list[PairRow]


def my_pairs(*, user: Any, now: datetime) -> MyPairs:
    """A person's pairs as mentor and as mentee (both tiers), in one query."""
    rows = _with_activity(
        Mentorship.objects.filter(Q(mentee__user=user) | Q(mentor__user=user)).annotate(
            my_last_check_in=_last_check_in_by(user.pk)
        )
    ).order_by("-started_at", "pk")
    result = MyPairs(my_mentees=[], my_mentors=[], ended=[])
    for m in rows:
        row = PairRow(
            mentorship=m,
            partner=partner_of(m, user),
            status=pair_status(
                active=m.status == Mentorship.Status.ACTIVE,
                has_meeting=m.meeting_count > 0,  # type: ignore[attr-defined]
                started_at=m.started_at,
                last_check_in_at=m.my_last_check_in,  # type: ignore[attr-defined]
                check_in_every_weeks=m.cycle.check_in_every_weeks,
                now=now,
            ),
            meeting_count=m.meeting_count,  # type: ignore[attr-defined]
            last_met_on=m.last_met_on,  # type: ignore[attr-defined]
        )
        if m.status != Mentorship.Status.ACTIVE:
            result.ended.append(row)
        elif m.mentor.user_id == user.pk:
            result.my_mentees.append(row)
        else:
            result.my_mentors.append(row)
    return result
