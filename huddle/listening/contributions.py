"""What peer listening adds to the product: its section, cards, notification kinds, audit labels and demo."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from huddle.accounts.models import User
from huddle.lib import registry
from huddle.lib.registry import AuditAction, DashboardCard, NavEntry, NotificationKind
from huddle.listening import policy
from huddle.listening.conversations import selectors
from huddle.listening.demo import demo_listening_delete, demo_listening_step

registry.url_mounts.register(registry.UrlMount("listening/", "huddle.listening.urls"))
registry.api_routers.register(registry.ApiRouter("/listening", "huddle.listening.api.router"))
registry.nav.register(
    NavEntry(
        "listening",
        _("Peer listeners"),
        "listening:home",
        order=55,
        blurb=_("Talk privately, anonymously if you like, with a trained student listener."),
        visible=policy.can_use_listening,
    )
)

for key, label in (
    ("listening.request", _("A student is waiting for a peer listener (listeners on duty)")),
    ("listening.accepted", _("A peer listener accepted your request")),
    ("listening.handoff", _("A student agreed to a handoff to well-being staff (well-being staff)")),
    ("listening.report", _("A peer listening conversation was reported (well-being staff)")),
    ("listening.debrief", _("A peer listener asked for a debrief (well-being staff)")),
):
    registry.notification_kinds.register(NotificationKind(key, label))

for audit_key, audit_label in (
    ("listening.conversation_read", _("Listening: well-being staff read a conversation")),
    ("listening.join", _("Listening: well-being staff joined a conversation on a handoff")),
    ("listening.report_closed", _("Listening: report closed")),
    ("listening.settings", _("Listening: retention or waiting time changed")),
):
    registry.audit_actions.register(AuditAction(audit_key, audit_label))


def _demo_after() -> tuple[str, ...]:
    """After the people, and after the training demo when that app provides one (it qualifies the listeners)."""
    training = tuple(step.name for step in registry.demo_steps.items() if step.name.startswith("training."))
    return ("accounts.people", *training)


registry.demo_steps.register(
    registry.DemoStep("listening.listeners", demo_listening_step, delete=demo_listening_delete, after=_demo_after())
)


@registry.dashboard_cards.register
def listening_cards(user: User) -> list[DashboardCard]:
    """Listeners: requests waiting now and their open conversations. Well-being staff: handoffs and reports."""
    cards: list[DashboardCard] = []
    if policy.is_listener(user):
        waiting = selectors.waiting_for(user).count()
        if waiting:
            title = ngettext(
                "%(n)d student is waiting for a peer listener",
                "%(n)d students are waiting for a peer listener",
                waiting,
            )
            cards.append(DashboardCard(title % {"n": waiting}, reverse("listening:home"), order=15))
        talking = len(selectors.listener_open(user))
        if talking:
            title = ngettext("%(n)d open listening conversation", "%(n)d open listening conversations", talking)
            cards.append(DashboardCard(title % {"n": talking}, reverse("listening:home"), order=16))
    if policy.can_manage(user):
        waiting = selectors.staff_waiting_count()
        text = ngettext("%(n)d handoff or report is waiting", "%(n)d handoffs or reports are waiting", waiting) % {
            "n": waiting
        }
        cards.append(
            DashboardCard(
                _("Peer listening"), reverse("listening:staff"), text if waiting else "", order=12, group="tools"
            )
        )
    return cards
