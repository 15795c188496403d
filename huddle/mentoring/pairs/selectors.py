"""Reads for the pair space, the mentor's page, the coordinator's pair view and calendars.

Every page here runs a fixed number of queries whatever the number of
meetings, goals or mentees: related rows come with select_related /
prefetch_related, and counts come as subqueries.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.models import Modality, Profile, User, Visibility
from huddle.accounts.policy import Viewer, can_see_field
from huddle.lib import calendar
from huddle.lib.registry import CalendarEntry
from huddle.lib.urls import absolute_url
from huddle.lib.zones import zone_of
from huddle.mentoring.models import (
    CheckIn,
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
    Tier,
)
from huddle.mentoring.reasons import Reader, reason_texts

#: The early fit check opens after the first meeting or this long after the start.
FIT_CHECK_AFTER = timedelta(weeks=3)


def viewer_zone(user: Viewer) -> ZoneInfo:
    """The person's own time zone (profile), else the school's."""
    return zone_of(user)


def partner_of(mentorship: Mentorship, user: User) -> User:
    """The other side of the pair for one of its members."""
    if user.pk == mentorship.mentee.user_id:
        return mentorship.mentor.user
    return mentorship.mentee.user


def fit_check_is_open(*, started_at: datetime, has_meeting: bool, now: datetime) -> bool:
    """After the first meeting or three weeks after the start, whichever comes first."""
    return has_meeting or now >= started_at + FIT_CHECK_AFTER


def pair_named(words: str) -> Q:
    """Pairs (proposed or published) with every word in the mentee's or the mentor's name."""
    condition = Q()
    for word in words.split():
        condition &= (
            Q(mentee__user__first_name__icontains=word)
            | Q(mentee__user__last_name__icontains=word)
            | Q(mentor__user__first_name__icontains=word)
            | Q(mentor__user__last_name__icontains=word)
        )
    return condition


def places_left(mentor: Enrollment) -> int:
    active = Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE).count()
    return max(0, mentor.capacity - active)


def my_mentorships(user: User, *, enrollments: list[Enrollment]) -> list[Mentorship]:
    """The viewer's published pairs on either side, with "why" in plain words."""
    ids = [e.pk for e in enrollments]
    if not ids:
        return []
    pairs = list(
        Mentorship.objects.filter(Q(mentee_id__in=ids) | Q(mentor_id__in=ids))
        .select_related("cycle", "mentee__user__profile", "mentor__user__profile")
        .order_by("-started_at")
    )
    for pair in pairs:
        pair.is_mine_as_mentor = pair.mentor.user_id == user.pk  # type: ignore[attr-defined]
        pair.partner = pair.mentee.user if pair.is_mine_as_mentor else pair.mentor.user  # type: ignore[attr-defined]
        pair.reason_texts = plain_reasons(mentorship=pair, viewer=user)  # type: ignore[attr-defined]
    return pairs


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


def sees_times(viewer: User, *people: User) -> bool:
    """May ``viewer`` see *when* these people are free? (Each owner's availability visibility.)"""
    for person in people:
        profile = _profile_of(person)
        visibility = profile.visibility_of("availability") if profile else Visibility.EVERYONE
        if not can_see_field(viewer, person, "availability", visibility):
            return False
    return True


def staff_reader(viewer: User, *people: User) -> Reader:
    """Reasons for program staff about these people: their times only if both show them to staff."""
    return Reader(sees_times=sees_times(viewer, *people))


def member_reader(*, mentorship: Mentorship, viewer: User) -> Reader:
    """How reasons are worded for one side of the pair: about the partner, times if the partner shows them."""
    partner = partner_of(mentorship, viewer)
    side = "mentee" if viewer.pk == mentorship.mentee.user_id else "mentor"
    return Reader(side=side, partner=partner.get_full_name(), sees_times=sees_times(viewer, partner))


def plain_reasons(*, mentorship: Mentorship, viewer: User) -> list[str]:
    """Why the pair was made, in plain words, from the viewer's side of the pair."""
    return reason_texts(mentorship.reasons, member_reader(mentorship=mentorship, viewer=viewer))


@dataclass
class ProfileLine:
    label: str
    value: str


def _profile_of(user: User) -> Profile | None:
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def partner_summary(*, viewer: User, partner: User) -> list[ProfileLine]:
    profile = _profile_of(partner)
    if profile is None:
        return []

    def visible(name: str) -> bool:
        return can_see_field(viewer, partner, name, profile.visibility_of(name))

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


def my_check_ins(*, mentorship: Mentorship, user: User) -> list[CheckIn]:
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
    next_meeting: PlannedMeeting | None = None
    progress: int = 0


def pair_page(*, mentorship: Mentorship, viewer: User, now: datetime) -> PairPage:
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
        next_meeting=upcoming_meeting(mentorship=mentorship, now=now),
        progress=overall_progress(goals),
    )


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
    next_meeting: PlannedMeeting | None = None
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
        next_meeting=upcoming_meeting(mentorship=mentorship, now=now),
        mean_rating=round(sum(c.rating for c in check_ins) / len(check_ins), 1) if check_ins else None,
    )


@dataclass
class PairRow:
    mentorship: Mentorship
    partner: User
    status: PairStatus
    meeting_count: int
    last_met_on: date | None
    next_meeting_at: datetime | None = None
    next_meeting_place: str = ""

    @property
    def tier_label(self) -> str:
        return str(Tier(self.mentorship.tier).label)


def _with_activity(queryset: models.QuerySet[Mentorship], now: datetime) -> models.QuerySet[Mentorship]:
    meetings = Meeting.objects.filter(mentorship=OuterRef("pk")).order_by().values("mentorship")
    planned = _upcoming(PlannedMeeting.objects.filter(mentorship=OuterRef("pk")), now)
    return queryset.select_related("cycle", "mentee__user__profile", "mentor__user__profile").annotate(
        meeting_count=Coalesce(Subquery(meetings.annotate(n=Count("pk")).values("n")), 0),
        last_met_on=Subquery(meetings.annotate(last=Max("met_on")).values("last")),
        next_meeting_at=Subquery(planned.values("starts_at")[:1]),
        next_meeting_place=Subquery(planned.values("place")[:1]),
    )


def _upcoming(rows: models.QuerySet[PlannedMeeting], now: datetime) -> models.QuerySet[PlannedMeeting]:
    return rows.filter(cancelled_at__isnull=True, starts_at__gt=now).order_by("starts_at", "pk")


def upcoming_meeting(*, mentorship: Mentorship, now: datetime) -> PlannedMeeting | None:
    """The pair's next planned meeting that has not started, if any."""
    return _upcoming(PlannedMeeting.objects.filter(mentorship=mentorship), now).first()


def meeting_entry(meeting: PlannedMeeting, *, viewer: User) -> CalendarEntry:
    """One planned meeting as the viewer's calendar sees it (same UID for life)."""
    pair = meeting.mentorship
    url = absolute_url(reverse("mentoring:pair_detail", args=[pair.pk]))
    return CalendarEntry(
        uid=calendar.event_uid("mentoring-meeting", meeting.pk),
        start=meeting.starts_at,
        end=meeting.starts_at + timedelta(minutes=meeting.duration_minutes),
        summary=_("Mentoring with %(name)s") % {"name": partner_of(pair, viewer).get_full_name()},
        sequence=meeting.sequence,
        cancelled=meeting.cancelled_at is not None,
        location=meeting.place,
        description=_("Huddle mentoring meeting (%(cycle)s). Pair page: %(url)s")
        % {"cycle": pair.cycle.name, "url": url},
        url=url,
        updated=meeting.updated_at,
    )


def meeting_calendar_entries(*, user: User, start: datetime, end: datetime) -> list[CalendarEntry]:
    """The person's planned mentoring meetings in a window, cancelled ones included (one query)."""
    rows = (
        PlannedMeeting.objects.filter(
            Q(mentorship__mentee__user=user) | Q(mentorship__mentor__user=user), starts_at__gte=start, starts_at__lt=end
        )
        .select_related("mentorship__cycle", "mentorship__mentee__user", "mentorship__mentor__user")
        .order_by("starts_at", "pk")
    )
    return [meeting_entry(meeting, viewer=user) for meeting in rows]


def _last_check_in_by(person_id: int) -> Subquery:
    return Subquery(
        CheckIn.objects.filter(mentorship=OuterRef("pk"), by_id=person_id)
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


def my_pairs(*, user: User, now: datetime) -> MyPairs:
    """A person's pairs as mentor and as mentee (both tiers), in one query."""
    rows = _with_activity(
        Mentorship.objects.filter(Q(mentee__user=user) | Q(mentor__user=user)).annotate(
            my_last_check_in=_last_check_in_by(user.pk)
        ),
        now,
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
            next_meeting_at=m.next_meeting_at,  # type: ignore[attr-defined]
            next_meeting_place=m.next_meeting_place or "",  # type: ignore[attr-defined]
        )
        if m.status != Mentorship.Status.ACTIVE:
            result.ended.append(row)
        elif m.mentor.user_id == user.pk:
            result.my_mentees.append(row)
        else:
            result.my_mentors.append(row)
    return result
