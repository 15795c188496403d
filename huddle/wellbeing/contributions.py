"""What well-being adds: its section, dashboard cards, notification kinds, audit actions, API and demo."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from huddle.accounts.models import User
from huddle.lib import registry
from huddle.lib.registry import AuditAction, DashboardCard, NavEntry, NotificationKind
from huddle.wellbeing import policy
from huddle.wellbeing.checkins.selectors import checked_in
from huddle.wellbeing.demo import demo_wellbeing_delete, demo_wellbeing_step
from huddle.wellbeing.stories.selectors import stories_waiting

registry.url_mounts.register(registry.UrlMount("wellbeing/", "huddle.wellbeing.urls"))
registry.api_routers.register(registry.ApiRouter("/wellbeing", "huddle.wellbeing.api.router"))
registry.nav.register(
    NavEntry(
        "wellbeing",
        _("Well-being"),
        "wellbeing:home",
        order=70,
        blurb=_("A private weekly check-in, students' stories, and where to find help at any hour."),
    )
)
for key, label in (
    ("wellbeing.checkin_reminder", _("A weekly nudge to check in (only if you ask for it)")),
    ("wellbeing.story_reviewed", _("Your story was published or returned with a note")),
    ("wellbeing.story_waiting", _("A story waits for review (well-being staff)")),
):
    registry.notification_kinds.register(NotificationKind(key, label))
for key, label in (
    ("wellbeing.crisis_resource_create", _("Well-being: crisis resource added")),
    ("wellbeing.crisis_resource_update", _("Well-being: crisis resource changed")),
    ("wellbeing.crisis_resource_delete", _("Well-being: crisis resource removed")),
    ("wellbeing.story_approve", _("Well-being: story published")),
    ("wellbeing.story_reject", _("Well-being: story not published")),
    ("wellbeing.story_edit", _("Well-being: story edited by staff")),
    ("wellbeing.story_read", _("Well-being: waiting story read by staff")),
    ("wellbeing.story_author_seen", _("Well-being: author of a waiting story seen by staff")),
):
    registry.audit_actions.register(AuditAction(key, label))
registry.demo_steps.register(
    registry.DemoStep("wellbeing", demo_wellbeing_step, delete=demo_wellbeing_delete, after=("accounts.people",))
)


@registry.dashboard_cards.register
def wellbeing_cards(user: User) -> list[DashboardCard]:
    """A student's check-in if not done this week; the staff's queue of stories and their totals."""
    cards = []
    if policy.can_check_in(user) and not checked_in(student=user):
        cards.append(
            DashboardCard(
                _("Check in this week"),
                reverse("wellbeing:checkin"),
                _("Thirty seconds, private to you: how you are doing, and your trend over the year."),
                order=80,
            )
        )
    if policy.can_review_stories(user):
        waiting = stories_waiting()
        if waiting:
            title = ngettext("%(n)d story waits for review", "%(n)d stories wait for review", waiting)
            cards.append(DashboardCard(title % {"n": waiting}, reverse("wellbeing:story_queue"), order=30))
    if policy.can_see_wellbeing_totals(user):
        text = _("Self check-ins are private: you will only ever see totals for groups of ten or more people.")
        cards.append(
            DashboardCard(_("Well-being staff"), reverse("wellbeing:aggregates"), text, order=50, group="tools")
        )
    return cards
