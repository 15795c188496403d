"""Writes for enrollment: eligibility, joining (or updating) and withdrawing.

A mentor who withdraws mid-cycle leaves their mentees flagged for a no-fault
rematch; both sides and the coordinator are told."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.models import Profile, Role, RoleAssignment, User
from huddle.accounts.policy import is_faculty, is_student
from huddle.lib.errors import HuddleError, require
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.mentoring import policy
from huddle.mentoring.cycles.services import cycle_locked
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    FocusArea,
    MentorRequest,
    Mentorship,
    ProposedPair,
    RematchRequest,
    Tier,
)
from huddle.mentoring.pairs.services import planned_meetings_cancel
from huddle.notifications.services import Words, notification_create, words

MAX_REQUESTS = 3


MAX_BLOCKS = 10


def class_year_of(user: User) -> int | None:
    """From the person's profile, read once per request object (``user.profile`` is cached on it)."""
    try:
        return user.profile.class_year
    except Profile.DoesNotExist:
        return None


def enrollment_refusal(*, cycle: Cycle, user: User, side: str) -> str | None:
    """Why ``user`` may not enroll on ``side`` (None when they may)."""
    return refusal_for_year(cycle=cycle, user=user, side=side, year=class_year_of(user))


def refusal_for_year(*, cycle: Cycle, user: User, side: str, year: int | None) -> str | None:
    """:func:`enrollment_refusal` with the person's class year already read."""
    if side == Enrollment.Side.MENTEE:
        if is_student(user) and year in [int(y) for y in cycle.mentee_class_years]:
            return None
        return _("This cycle's mentees are students in %(years)s.") % {"years": _years(cycle.mentee_class_years)}
    if side == Enrollment.Side.MENTOR:
        if is_student(user) and year in [int(y) for y in cycle.mentor_class_years]:
            return None
        if is_faculty(user) and cycle.faculty_may_mentor and year is None:
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
    if cycle.two_tier and is_faculty(user) and not is_student(user):
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
        qualification = qualification_for(person=user, role=PeerRole.MENTOR)
        if not qualification.qualified:
            raise HuddleError(qualification.refusal(), field="side")
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
    require(
        by.pk == enrollment.user_id or policy.can_manage_cycle(by, cycle),
        _("Only the person enrolled or a coordinator may withdraw this enrollment."),
    )
    notes: list[tuple[User, Words, Words]] = []
    with transaction.atomic():
        cycle = cycle_locked(cycle)
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
                        words(gettext_lazy("Your mentor is no longer available")),
                        words(
                            gettext_lazy(
                                "Your mentor withdrew from %(cycle)s. The coordinator will find you a new mentor."
                            ),
                            cycle=cycle.name,
                        ),
                    )
                )
            else:
                notes.append(
                    (
                        pair.mentor.user,
                        words(gettext_lazy("A mentee has withdrawn")),
                        words(
                            gettext_lazy("%(name)s withdrew from %(cycle)s."),
                            name=str(pair.mentee.user),
                            cycle=cycle.name,
                        ),
                    )
                )
            pair.save(update_fields=["status", "ended_at", "end_reason", "needs_rematch"])
        planned_meetings_cancel(pairs=[pair.pk for pair in ended], now=now)
        if ended and field == "mentor":
            notes.append(
                (
                    cycle.created_by,
                    words(gettext_lazy("Mentees need a new mentor")),
                    words(
                        gettext_lazy("A mentor withdrew from %(cycle)s; %(n)d mentee(s) need a rematch."),
                        cycle=cycle.name,
                        n=len(ended),
                    ),
                )
            )
        for user, title, body in notes:
            notification_create(
                user=user, kind="mentoring.withdrawal", title=title, body=body, url=reverse("mentoring:home")
            )
    return enrollment
