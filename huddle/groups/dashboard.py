"""What a person's dashboard shows from study groups: sessions soon, requests to decide, pools to opt in to;
for coordinators, problem reports and groups left without an organiser.

Each card is one query whatever the number of groups, so the dashboard's
pinned query count does not grow with the school.
"""

from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huddle.accounts.models import User
from huddle.groups import policy
from huddle.groups.models import GroupSession, Membership, Pool, PoolEntry, StudyGroup
from huddle.lib.registry import DashboardCard
from huddle.lib.zones import zone_of

SOON = timedelta(days=2)


def dashboard_cards(*, user: User) -> list[DashboardCard]:
    if not policy.can_use_groups(user):
        return []
    cards: list[DashboardCard] = []
    now = timezone.now()
    if policy.can_join_groups(user):
        cards += _sessions_soon(user, now) + _requests_to_decide(user) + _pools_to_join(user, now)
    if policy.can_read_problem_reports(user):
        cards += _coordinator_cards()
    return cards


def _sessions_soon(user: User, now: datetime) -> list[DashboardCard]:
    mine = Membership.objects.filter(group=OuterRef("group"), person=user, status=Membership.Status.ACTIVE)
    rows = (
        GroupSession.objects.filter(
            Exists(mine), status=GroupSession.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + SOON
        )
        .select_related("group")
        .order_by("starts_at", "pk")[:3]
    )
    zone = zone_of(user)
    return [
        DashboardCard(
            _("Study group: %(group)s") % {"group": s.group.name},
            reverse("groups:session", args=[s.pk]),
            date_format(s.starts_at.astimezone(zone), "D j M, H:i"),
            order=15,
        )
        for s in rows
    ]


def _requests_to_decide(user: User) -> list[DashboardCard]:
    organising = Membership.objects.filter(
        group=OuterRef("group"), person=user, status=Membership.Status.ACTIVE, role=Membership.Role.ORGANISER
    )
    waiting = Membership.objects.filter(Exists(organising), status=Membership.Status.REQUESTED).count()
    if not waiting:
        return []
    title = ngettext("%(n)d request to join your study group", "%(n)d requests to join your study groups", waiting)
    return [DashboardCard(title % {"n": waiting}, reverse("groups:home"), order=17)]


def _pools_to_join(user: User, now: datetime) -> list[DashboardCard]:
    year = getattr(getattr(user, "profile", None), "class_year", None)
    cohort = Q(class_year__isnull=True) | Q(class_year=year)
    not_closed = Q(opt_in_closes_at__isnull=True) | Q(opt_in_closes_at__gt=now)
    joined = PoolEntry.objects.filter(pool=OuterRef("pk"), student=user)
    rows = Pool.objects.filter(cohort, not_closed, ~Exists(joined), status=Pool.Status.OPEN).order_by("pk")[:2]
    return [
        DashboardCard(
            _("Join the pool: %(pool)s") % {"pool": pool.title},
            reverse("groups:opt_in", args=[pool.pk]),
            _("Coordinators will place you in a study group that can meet."),
            order=40,
        )
        for pool in rows
    ]


def _coordinator_cards() -> list[DashboardCard]:
    counts = StudyGroup.objects.aggregate(
        flagged=Count("pk", filter=Q(needs_organiser=True, status=StudyGroup.Status.ACTIVE), distinct=True),
        reports=Count("reports", filter=Q(reports__status="open"), distinct=True),
    )
    n = (counts["flagged"] or 0) + (counts["reports"] or 0)
    if not n:
        return []
    title = ngettext("%(n)d study-group problem to look at", "%(n)d study-group problems to look at", n)
    return [DashboardCard(title % {"n": n}, reverse("groups:problems"), group="tools", order=74)]
