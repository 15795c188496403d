"""Well-being's crisis page (public) and the staff's reminder of what they will see."""

from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import User
from huddle.lib import registry
from huddle.lib.registry import DashboardCard
from huddle.wellbeing import policy

registry.url_mounts.register(registry.UrlMount("wellbeing/", "huddle.wellbeing.urls"))


@registry.dashboard_cards.register
def wellbeing_staff_card(user: User) -> list[DashboardCard]:
    if not policy.can_see_wellbeing_totals(user):
        return []
    text = _("Self check-ins are private: you will only ever see totals for groups of ten or more people.")
    return [DashboardCard(_("Well-being staff"), "", text, order=50, group="tools")]
