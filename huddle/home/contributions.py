"""The home app's own parts: the calendar feed's page in the account menu."""

from django.utils.translation import gettext_lazy as _

from huddle.lib import registry

registry.nav.register(registry.NavEntry("calendar", _("Calendar"), "calendar", order=30, menu="account"))
