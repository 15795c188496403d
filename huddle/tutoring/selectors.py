"""Reads shared across tutoring's pages: the dashboard's cards."""

from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huddle.accounts.models import User
from huddle.lib.registry import DashboardCard
from huddle.lib.zones import zone_of
from huddle.tutoring import policy
from huddle.tutoring.models import Booking, Session, TutorSubject


def dashboard_cards(*, user: User) -> list[DashboardCard]:
    """Bookings in the next two days, sessions to complete (tutors), applications to decide (coordinators)."""
    if not policy.can_use_tutoring(user):
        return []
    now = timezone.now()
    cards: list[DashboardCard] = []
    if policy.can_book(user):
        cards += _student_cards(user, now)
    if policy.can_approve_tutors(user):
        waiting = TutorSubject.objects.filter(status=TutorSubject.Status.PENDING).count()
        if waiting:
            title = ngettext("%(n)d tutoring application to decide", "%(n)d tutoring applications to decide", waiting)
            cards.append(
                DashboardCard(title % {"n": waiting}, reverse("tutoring:applications"), group="tools", order=72)
            )
    return cards


def _student_cards(user: User, now: datetime) -> list[DashboardCard]:
    """Bookings in the next two days and, for a tutor, started sessions still to complete (one query)."""
    soon = Q(student=user, starts_at__gt=now, starts_at__lte=now + timedelta(days=2))
    to_complete = Q(session__tutor__person=user, session__status=Session.Status.OPEN, starts_at__lte=now)
    rows = (
        Booking.objects.filter(soon | to_complete, status=Booking.Status.BOOKED)
        .select_related("topic")
        .order_by("starts_at", "pk")
    )
    cards: list[DashboardCard] = []
    sessions: set[int] = set()
    for booking in rows:
        if booking.student_id == user.pk and booking.starts_at > now and len(cards) < 3:
            when = date_format(booking.starts_at.astimezone(zone_of(user)), "D j M, H:i")
            title = _("Tutoring: %(subject)s") % {"subject": booking.topic.name}
            cards.append(DashboardCard(title, reverse("tutoring:booking", args=[booking.pk]), when, order=14))
        elif booking.starts_at <= now:
            sessions.add(booking.session_id)
    if sessions:
        n = len(sessions)
        title = ngettext("%(n)d tutoring session to complete", "%(n)d tutoring sessions to complete", n)
        cards.append(DashboardCard(title % {"n": n}, reverse("tutoring:tutor_home"), order=16))
    return cards
