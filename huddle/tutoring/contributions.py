"""What tutoring adds to the product: its section, calendar entries, dashboard cards, notification kinds,
audit actions and the demo."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import User
from huddle.lib import registry
from huddle.lib.registry import AuditAction, CalendarEntry, DashboardCard, NavEntry, NotificationKind
from huddle.tutoring.calendar import tutoring_calendar_entries
from huddle.tutoring.demo import demo_tutoring_delete, demo_tutoring_step
from huddle.tutoring.selectors import dashboard_cards

registry.url_mounts.register(registry.UrlMount("tutoring/", "huddle.tutoring.urls"))
registry.nav.register(
    NavEntry(
        "tutoring",
        _("Tutoring"),
        "tutoring:home",
        order=30,
        blurb=_("Book trained peer tutors for 1:1 or small-group sessions."),
    )
)

for key, label in (
    ("tutoring.booking_changed", _("Someone books, moves or cancels a session with you (tutors)")),
    ("tutoring.promoted", _("A place frees up for you in a tutoring session")),
    ("tutoring.waitlist_skipped", _("A waitlist place opens while you have another booking")),
    ("tutoring.session_cancelled", _("A tutor cancels your session")),
    ("tutoring.application_decided", _("A coordinator decides on your application to tutor")),
):
    registry.notification_kinds.register(NotificationKind(key, label))

for key, label in (
    ("tutoring.subject_approved", _("Tutoring: tutor approved for a subject")),
    ("tutoring.subject_declined", _("Tutoring: tutor declined for a subject")),
    ("tutoring.rules_changed", _("Tutoring: booking rules changed")),
    ("tutoring.hours_exported", _("Tutoring: tutor hours exported")),
):
    registry.audit_actions.register(AuditAction(key, label))


@registry.calendar_entries.register
def tutoring_entries(user: User, start: datetime, end: datetime) -> list[CalendarEntry]:
    return tutoring_calendar_entries(user=user, start=start, end=end)


@registry.dashboard_cards.register
def tutoring_cards(user: User) -> list[DashboardCard]:
    return dashboard_cards(user=user)


def _demo_after() -> tuple[str, ...]:
    """After the people, and after the training demo when that app provides one (it qualifies the tutors)."""
    training = tuple(step.name for step in registry.demo_steps.items() if step.name.startswith("training."))
    return ("accounts.people", *training)


registry.demo_steps.register(
    registry.DemoStep("tutoring.month", demo_tutoring_step, delete=demo_tutoring_delete, after=_demo_after())
)
registry.api_routers.register(registry.ApiRouter("/tutoring", "huddle.tutoring.api.router"))
