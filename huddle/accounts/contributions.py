"""What the accounts app adds to the product: People, the profile's next steps,
coordinators' school tools, the account menu and the demo school's people."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huddle.accounts import policy
from huddle.accounts.availability import hours_per_week
from huddle.accounts.demo import demo_people_delete, demo_people_step
from huddle.accounts.models import User
from huddle.accounts.selectors import profile_of
from huddle.lib import registry
from huddle.lib.registry import DashboardCard, NavEntry

registry.url_mounts.register(registry.UrlMount("people/", "huddle.accounts.urls"))
registry.api_routers.register(registry.ApiRouter("/me", "huddle.accounts.api.router"))

registry.nav.register(
    NavEntry("people", _("People"), "accounts:directory", order=80, blurb=_("Find students, faculty and staff."))
)
registry.nav.register(NavEntry("profile", _("Profile"), "accounts:profile_edit", order=20, menu="account"))
registry.nav.register(NavEntry("security", _("Security"), "mfa_index", order=40, menu="account"))

registry.demo_steps.register(registry.DemoStep("accounts.people", demo_people_step, delete=demo_people_delete))


@registry.dashboard_cards.register
def profile_next_steps(user: User) -> list[DashboardCard]:
    """A profile is what every program matches on: ask for what is missing."""
    profile = profile_of(user)
    cards = []
    if profile is None or not profile.bio:
        cards.append(
            DashboardCard(_("Complete your profile so programs can match you well"), reverse("accounts:profile_edit"))
        )
    if profile is None or hours_per_week(profile.availability) == 0:
        cards.append(DashboardCard(_("Paint your weekly availability"), reverse("accounts:availability")))
    return cards


@registry.dashboard_cards.register
def school_tools(user: User) -> list[DashboardCard]:
    cards = []
    if policy.can_import_roster(user):
        cards.append(
            DashboardCard(
                _("Import a roster"),
                reverse("accounts:roster_import"),
                _("Add students, faculty and staff from a CSV file."),
                order=10,
                group="tools",
            )
        )
    if policy.can_grant_roles(user):
        cards.append(
            DashboardCard(
                _("People and roles"),
                reverse("accounts:directory"),
                _("Find people, grant and revoke roles."),
                order=20,
                group="tools",
            )
        )
    if policy.can_edit_taxonomy(user):
        cards.append(
            DashboardCard(
                _("Courses and topics"),
                reverse("accounts:topics"),
                _("Edit the taxonomy that profiles and groups use."),
                order=30,
                group="tools",
            )
        )
    return cards
