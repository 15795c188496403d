"""What the forum adds to the product: its section, notification kinds and the demo school's spaces."""

from typing import cast

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from huddle.accounts.models import User
from huddle.forum import policy
from huddle.forum.demo import demo_forum_delete, demo_forum_step
from huddle.forum.models import ModerationAction
from huddle.forum.threads.selectors import forum_waiting
from huddle.lib import registry
from huddle.lib.registry import AuditAction, DashboardCard, NavEntry, NotificationKind, Text

registry.url_mounts.register(registry.UrlMount("forum/", "huddle.forum.urls"))
registry.nav.register(
    NavEntry(
        "forum",
        _("Q&A"),
        "forum:home",
        order=40,
        blurb=_("Ask and answer course questions, anonymously to peers if you prefer, with faculty-verified answers."),
    )
)

for key, label in (
    ("forum.answer", _("A new answer or comment in a thread you follow")),
    ("forum.thread", _("A new thread in a space you follow")),
    ("forum.endorsed", _("Faculty verify your answer")),
    ("forum.accepted", _("The asker accepts your answer")),
    ("forum.review", _("An answer in your space may be outdated (faculty)")),
    ("forum.revealed", _("Staff saw who wrote your anonymous post")),
    ("forum.flag", _("A post in your space was flagged or waits for approval (moderators)")),
    ("forum.crisis", _("A post may show someone in crisis (moderators, well-being staff)")),
    ("forum.moderation", _("A moderator acted on your post or account")),
):
    registry.notification_kinds.register(NotificationKind(key, label))
registry.api_routers.register(registry.ApiRouter("/forum", "huddle.forum.api.router"))
registry.demo_steps.register(
    registry.DemoStep("forum.spaces", demo_forum_step, delete=demo_forum_delete, after=("accounts.people",))
)


@registry.dashboard_cards.register
def forum_cards(user: User) -> list[DashboardCard]:
    """What in the forum is waiting for this person: verification, review, or a peer's question."""
    if not policy.can_use_forum(user):
        return []
    waiting = forum_waiting(viewer=user)
    cards = []
    if waiting.to_verify:
        title = ngettext(
            "%(n)d answered question in your spaces has no verified answer",
            "%(n)d answered questions in your spaces have no verified answer",
            waiting.to_verify,
        )
        cards.append(
            DashboardCard(title % {"n": waiting.to_verify}, reverse("forum:home") + "?show=answered", order=25)
        )
    if waiting.to_moderate:
        title = ngettext("%(n)d post waits for a moderator", "%(n)d posts wait for a moderator", waiting.to_moderate)
        cards.append(DashboardCard(title % {"n": waiting.to_moderate}, reverse("forum:home"), order=22))
    if waiting.unanswered_followed:
        title = ngettext(
            "%(n)d question in spaces you follow has no answer yet",
            "%(n)d questions in spaces you follow have no answer yet",
            waiting.unanswered_followed,
        )
        cards.append(
            DashboardCard(
                title % {"n": waiting.unanswered_followed}, reverse("forum:home") + "?show=unanswered", order=60
            )
        )
    return cards


for audit_key, audit_label in (
    ("forum.reveal", _("Forum: anonymous author revealed to staff")),
    ("forum.export", _("Forum: space exported")),
    ("forum.space_create", _("Forum: space created")),
    ("forum.space_archive", _("Forum: space archived or reopened")),
    ("forum.staff_add", _("Forum: faculty or moderator added")),
    ("forum.staff_remove", _("Forum: faculty or moderator removed")),
    ("forum.flag", _("Forum: post flagged")),
    ("forum.screened", _("Forum: post held or flagged by watched words")),
    ("forum.crisis_read", _("Forum: possible crisis read in the review queue")),
    ("forum.auto_hide", _("Forum: post hidden after several flags")),
    ("forum.watched_word_added", _("Forum: watched word added")),
    ("forum.watched_word_removed", _("Forum: watched word removed")),
    ("forum.rules_changed", _("Forum: posting limits changed")),
):
    registry.audit_actions.register(AuditAction(audit_key, audit_label))
for moderation in ModerationAction.Action:
    registry.audit_actions.register(AuditAction(f"forum.{moderation.value}", cast(Text, moderation.label)))
