"""Notifications in the account menu, with the unread count."""

from django.utils.translation import gettext_lazy as _

from huddle.lib import registry
from huddle.notifications.selectors import unread_count

registry.url_mounts.register(registry.UrlMount("notifications/", "huddle.notifications.urls"))
registry.api_routers.register(registry.ApiRouter("/notifications", "huddle.notifications.api.router"))
registry.nav.register(
    registry.NavEntry(
        "notifications",
        _("Notifications"),
        "notifications:list",
        order=10,
        menu="account",
        badge=lambda user: unread_count(user=user),
    )
)
