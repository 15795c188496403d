"""The study groups tab bar: which tabs this viewer gets, each asked of the groups policy.

``{% load groups_tabs %}{% groups_tabs request "find" %}`` on every groups page,
so no view has to remember the viewer's tools. A tab whose URL is not
installed (a concern not yet wired in) is left out rather than breaking the page.
"""

from collections.abc import Callable
from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huddle.accounts.policy import Viewer
from huddle.groups import policy

register = template.Library()

#: key, label, URL name, who sees it; in the bar's order.
TABS: list[tuple[str, Promise, str, Callable[[Viewer], bool]]] = [
    ("mine", _("My groups"), "groups:home", policy.can_use_groups),
    ("find", _("Find a group"), "groups:find", policy.can_use_groups),
    ("pools", _("Pools"), "groups:pools", lambda user: policy.can_join_groups(user) or policy.can_manage_pools(user)),
    ("activity", _("Activity"), "groups:activity", policy.can_read_activity),
    ("problems", _("Problems"), "groups:problems", policy.can_read_problem_reports),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def tabs_for(user: Viewer) -> list[dict[str, Any]]:
    """The tabs ``user`` may open, as ``{key, label, url}``."""
    out = []
    for key, label, name, allowed in TABS:
        if not allowed(user):
            continue
        url = _url(name)
        if url is not None:
            out.append({"key": key, "label": label, "url": url})
    return out


@register.inclusion_tag("groups/_tabs.html")
def groups_tabs(request: HttpRequest, active_key: str) -> dict[str, Any]:
    """The bar with ``active_key`` (mine, find, pools, activity, problems) marked as the current page."""
    return {"tabs": tabs_for(getattr(request, "user", None)), "active": active_key}  # type: ignore[arg-type]
