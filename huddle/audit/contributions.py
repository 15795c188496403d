"""The audit log's card among the staff's tools."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import User
from huddle.audit import policy
from huddle.lib import registry
from huddle.lib.registry import DashboardCard

registry.url_mounts.register(registry.UrlMount("audit/", "huddle.audit.urls"))


@registry.dashboard_cards.register
def audit_tools(user: User) -> list[DashboardCard]:
    if not policy.can_view_audit_log(user):
        return []
    return [DashboardCard(_("Audit log"), reverse("audit:log"), _("Who did what, and when."), order=90, group="tools")]
