"""Values every page needs: the navigation, the school's name and its crisis lines."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from huddle.home.dashboard import sections_for
from huddle.lib import registry


def huddle(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "school_name": settings.HUDDLE_SCHOOL_NAME,
        "school_is_named": settings.HUDDLE_SCHOOL_NAME != settings.PRODUCT_NAME,
        "campus_crisis_lines": settings.HUDDLE_CAMPUS_CRISIS_LINES,
    }
    if user is not None and user.is_authenticated:
        # Callables: templates call them only when they draw the header, so
        # htmx fragments pay nothing for the navigation.
        context["main_nav"] = lambda: registry.links_html(registry.nav_links(request.path, user, sections_for(user)))
        context["account_nav"] = lambda: registry.links_html(
            registry.nav_links(request.path, user, registry.nav_for(user, "account"))
        )
    return context
