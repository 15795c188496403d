"""What training adds to the product: its section, the peer-role checker, workshops in the
calendar feed, what is next on the dashboard, notification kinds, audit actions and the demo."""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from huddle.accounts.models import User
from huddle.lib import qualification, registry
from huddle.lib.registry import AuditAction, CalendarEntry, DashboardCard, NavEntry, NotificationKind
from huddle.training import policy
from huddle.training.demo import demo_training_delete, demo_training_step
from huddle.training.models import Module, Rsvp
from huddle.training.requirements.checker import TrainingChecker, latest_completions
from huddle.training.workshops.selectors import workshop_calendar_entries

registry.url_mounts.register(registry.UrlMount("training/", "huddle.training.urls"))
registry.api_routers.register(registry.ApiRouter("/training", "huddle.training.api.router"))
registry.nav.register(
    NavEntry(
        "training",
        _("Training"),
        "training:home",
        order=60,
        blurb=_("Modules on active listening, tutoring and mentoring; workshops with RSVP."),
    )
)
qualification.checkers.register(TrainingChecker())
registry.demo_steps.register(
    registry.DemoStep("training.modules", demo_training_step, delete=demo_training_delete, after=("accounts.people",))
)

for key, label in (
    ("training.completed", _("You complete a training module")),
    ("training.promoted", _("A place frees up for you at a workshop")),
    ("training.workshop_cancelled", _("A workshop you signed up for is cancelled")),
    ("training.workshop_changed", _("A workshop you signed up for has a new time or place")),
    ("training.sign_off", _("Staff sign you off for a peer role")),
):
    registry.notification_kinds.register(NotificationKind(key, label))

for key, label in (
    ("training.sign_off_given", _("Training: peer role signed off")),
    ("training.sign_off_revoked", _("Training: peer role sign-off revoked")),
    ("training.requirement_changed", _("Training: role requirements changed")),
    ("training.quiz_version", _("Training: new quiz version")),
    ("training.workshop_cancelled", _("Training: workshop cancelled")),
):
    registry.audit_actions.register(AuditAction(key, label))


@registry.calendar_entries.register
def rsvp_workshops(user: User, start: datetime, end: datetime) -> list[CalendarEntry]:
    return workshop_calendar_entries(user=user, start=start, end=end)


@registry.dashboard_cards.register
def training_cards(user: User) -> list[DashboardCard]:
    """Completions about to expire, workshops in the next two days, and coordinators' drafts (three queries)."""
    if not policy.can_use_training(user):
        return []
    now = timezone.now()
    cards = []
    for completion in sorted(latest_completions(int(user.pk)).values(), key=lambda c: c.expires_at or now):
        expires = completion.expires_at
        if expires is None or not now < expires <= now + timedelta(days=30):
            continue
        days = max((expires - now).days, 0)
        title = ngettext(
            "Your %(module)s completion expires in %(n)d day",
            "Your %(module)s completion expires in %(n)d days",
            days,
        ) % {"module": completion.module.title, "n": days}
        url = reverse("training:module", args=[completion.module.slug])
        cards.append(DashboardCard(title, url, _("Retake the quiz to renew."), order=30))
    upcoming = (
        Rsvp.objects.filter(
            person=user,
            status=Rsvp.Status.GOING,
            workshop__status="scheduled",
            workshop__starts_at__gt=now,
            workshop__starts_at__lte=now + timedelta(days=2),
        )
        .select_related("workshop")
        .order_by("workshop__starts_at")
    )
    for rsvp in upcoming:
        w = rsvp.workshop
        local = timezone.localtime(w.starts_at)
        when = date_format(local, pgettext("Django date format", "D, M j, H:i"))
        tomorrow = local.date() == (timezone.localtime(now) + timedelta(days=1)).date()
        title = str(_("Workshop tomorrow: %(title)s") if tomorrow else _("Workshop soon: %(title)s"))
        cards.append(
            DashboardCard(title % {"title": w.title}, reverse("training:workshop", args=[w.pk]), when, order=12)
        )
    if policy.can_author_modules(user):
        drafts = Module.objects.filter(status=Module.Status.DRAFT).count()
        if drafts:
            title = ngettext("%(n)d training module to publish", "%(n)d training modules to publish", drafts)
            cards.append(
                DashboardCard(title % {"n": drafts}, reverse("training:modules_manage"), group="tools", order=70)
            )
    return cards
