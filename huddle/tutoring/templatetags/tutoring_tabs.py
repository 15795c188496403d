"""The tutoring tab bar's one question: which tabs does this viewer get?

``templates/tutoring/_tabs.html`` asks it, so every tutoring page includes the
bar with only ``current`` and no view has to remember the viewer's tools.
"""

from typing import Any

from django import template

from huddle.accounts.models import User
from huddle.tutoring import policy
from huddle.tutoring.models import Tutor

register = template.Library()


@register.simple_tag(takes_context=True)
def tutoring_tabs(context: template.Context) -> dict[str, bool]:
    """Flags for the tab bar: ``tutor`` (has applied to tutor), ``coordinator`` (approves tutors, reads reports)."""
    request: Any = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {"tutor": False, "coordinator": False}
    return {
        "tutor": Tutor.objects.filter(person=user).exists(),
        "coordinator": policy.can_approve_tutors(user) and policy.can_read_reports(user),
    }
