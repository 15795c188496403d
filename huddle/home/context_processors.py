"""Values every page needs: navigation, crisis lines, unread count."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from huddle.accounts import policy
from huddle.notifications.selectors import unread_count


def _crisis_lines() -> list[tuple[str, str]]:
    lines = []
    for item in settings.HUDDLE_CAMPUS_CRISIS_LINES:
        label, _sep, number = item.partition("|")
        lines.append((label.strip(), number.strip()))
    return lines


def huddle(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "school_name": settings.HUDDLE_SCHOOL_NAME,
        "school_is_named": settings.HUDDLE_SCHOOL_NAME != settings.PRODUCT_NAME,
        "crisis_lines": _crisis_lines(),
        "unread_notifications": unread_count(user=user) if signed_in else 0,
        "can_manage_school": signed_in and policy.can_manage_school(user),
    }
