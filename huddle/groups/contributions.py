"""What study groups add to the product: the section, calendar entries, dashboard cards, notification kinds,
audit actions, the demo and the API."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import User
from huddle.groups.dashboard import dashboard_cards
from huddle.groups.demo import demo_groups_delete, demo_groups_step
from huddle.groups.sessions.calendar import group_calendar_entries
from huddle.lib import registry
from huddle.lib.registry import AuditAction, CalendarEntry, DashboardCard, NavEntry, NotificationKind

registry.url_mounts.register(registry.UrlMount("groups/", "huddle.groups.urls"))
registry.nav.register(
    NavEntry(
        "groups",
        _("Study groups"),
        "groups:home",
        order=20,
        blurb=_("Find or start a study group that can actually meet, or join a pool to be placed in one."),
    )
)

for key, label in (
    ("groups.request", _("Someone asks to join a group you organise")),
    ("groups.member_joined", _("Someone joins a group you organise")),
    ("groups.request_decided", _("An organiser decides on your request to join")),
    ("groups.organiser", _("You become an organiser of a group")),
    ("groups.removed", _("You are removed from a group")),
    ("groups.session_changed", _("A session of your group is added, changed or cancelled")),
    ("groups.post", _("Someone posts on your group's board")),
    ("groups.placed", _("A coordinator places you in a study group")),
    ("groups.problem_reported", _("A member reports a problem in a group (coordinators)")),
    ("groups.needs_organiser", _("A group is left without an organiser (coordinators)")),
):
    registry.notification_kinds.register(NotificationKind(key, label))

for key, label in (
    ("groups.pool_published", _("Study groups: pool published")),
    ("groups.problem_resolved", _("Study groups: problem report resolved")),
    ("groups.member_removed_by_coordinator", _("Study groups: coordinator removed an organiser")),
    ("groups.pool_attributes_read", _("Study groups: pool attributes read")),
):
    registry.audit_actions.register(AuditAction(key, label))


@registry.calendar_entries.register
def groups_entries(user: User, start: datetime, end: datetime) -> list[CalendarEntry]:
    return group_calendar_entries(user=user, start=start, end=end)


@registry.dashboard_cards.register
def groups_cards(user: User) -> list[DashboardCard]:
    return dashboard_cards(user=user)


registry.demo_steps.register(
    registry.DemoStep("groups.term", demo_groups_step, delete=demo_groups_delete, after=("accounts.people",))
)
registry.api_routers.register(registry.ApiRouter("/groups", "huddle.groups.api.router"))
