"""What mentoring adds to the product: its section, what is next for each
person, planned meetings in the calendar feed, its notification kinds, and
the demo school's cycles."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from huddle.accounts.models import User
from huddle.lib import registry
from huddle.lib.registry import CalendarEntry, DashboardCard, NavEntry, NotificationKind
from huddle.mentoring import overview, policy
from huddle.mentoring.demo.activity import demo_activity_step
from huddle.mentoring.demo.cycles import demo_cycles_delete, demo_cycles_step
from huddle.mentoring.pairs.selectors import meeting_calendar_entries

registry.url_mounts.register(registry.UrlMount("mentoring/", "huddle.mentoring.urls"))
registry.api_routers.register(registry.ApiRouter("/mentoring", "huddle.mentoring.api.router"))
registry.nav.register(
    NavEntry(
        "mentoring",
        _("Mentoring"),
        "mentoring:home",
        order=10,
        blurb=_("Programs, your mentor or mentees, meetings and goals."),
    )
)
registry.demo_steps.register(
    registry.DemoStep("mentoring.cycles", demo_cycles_step, delete=demo_cycles_delete, after=("accounts.people",))
)
registry.demo_steps.register(registry.DemoStep("mentoring.activity", demo_activity_step, after=("mentoring.cycles",)))

for key, label in (
    ("mentoring.request", _("A mentee asks you to mentor them")),
    ("mentoring.request_answered", _("A mentor answers your request")),
    ("mentoring.published", _("Your mentoring pairs are published")),
    ("mentoring.next_meeting", _("Your pair plans or calls off a meeting")),
    ("mentoring.rematch", _("A pair asks for a rematch (coordinators)")),
    ("mentoring.rematched", _("You have a new mentor or mentee")),
    ("mentoring.withdrawal", _("Someone in your pair withdraws")),
    ("mentoring.ended", _("Your pairing ends")),
    ("mentoring.survey", _("A cycle's end survey opens")),
):
    registry.notification_kinds.register(NotificationKind(key, label))


@registry.calendar_entries.register
def planned_meetings(user: User, start: datetime, end: datetime) -> list[CalendarEntry]:
    return meeting_calendar_entries(user=user, start=start, end=end)


@registry.dashboard_cards.register
def whats_next(user: User) -> list[DashboardCard]:
    """The person's next meetings, requests waiting for them, open cycles and surveys."""
    if not (policy.can_take_part_in_mentoring(user) or policy.can_create_cycle(user)):
        return []
    cards = []
    next_up = overview.whats_next(user=user, now=timezone.now())
    for meeting in next_up.meetings:
        when = date_format(timezone.localtime(meeting.starts_at), pgettext("Django date format", "D, M j, H:i"))
        cards.append(
            DashboardCard(
                _("Mentoring meeting with %(name)s") % {"name": meeting.partner_name},
                reverse("mentoring:pair_detail", args=[meeting.pair_id]),
                when,
                order=10,
            )
        )
    if next_up.requests_to_answer:
        n = next_up.requests_to_answer
        title = ngettext("%(n)d mentee asks you to be their mentor", "%(n)d mentees ask you to be their mentor", n)
        cards.append(DashboardCard(title % {"n": n}, reverse("mentoring:home"), order=20))
    for cycle in next_up.cycles_to_join:
        cards.append(
            DashboardCard(
                _("Enrollment is open: %(cycle)s") % {"cycle": cycle.name},
                reverse("mentoring:home"),
                _("Join by %(day)s") % {"day": date_format(cycle.enrollment_closes)},
                order=40,
            )
        )
    for due in next_up.surveys_due:
        cards.append(
            DashboardCard(
                _("Two minutes for the %(cycle)s survey?") % {"cycle": due.name},
                reverse("mentoring:survey", args=[due.pk]),
                order=50,
            )
        )
    if next_up.rematch_requests:
        n = next_up.rematch_requests
        title = ngettext("%(n)d mentee waits for a rematch", "%(n)d mentees wait for a rematch", n)
        cards.append(DashboardCard(title % {"n": n}, reverse("mentoring:home"), order=15))
    return cards
