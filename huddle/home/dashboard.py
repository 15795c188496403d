"""What each person sees first: what is next for them, the school's sections, their tools.

Every part comes from the apps' contributions; this module names no app.
"""

from dataclasses import dataclass
from typing import Any

from huddle.home.planned import planned_sections
from huddle.lib import registry
from huddle.lib.registry import DashboardCard, NavEntry


@dataclass(frozen=True)
class Section:
    title: str
    text: str
    url: str


def sections_for(viewer: Any) -> list[NavEntry]:
    """The main sections: those apps provide for this viewer, and the planned ones."""
    provided = registry.nav_for(viewer, "main")
    keys = {entry.key for entry in registry.nav.items()}
    return sorted([*provided, *planned_sections(keys)], key=lambda e: (e.order, e.key))


@dataclass(frozen=True)
class Dashboard:
    next_steps: list[DashboardCard]
    sections: list[Section]
    tools: list[DashboardCard]


def dashboard_for(viewer: Any) -> Dashboard:
    cards = registry.cards_for(viewer)
    sections = [Section(str(e.label), str(e.blurb), e.url()) for e in sections_for(viewer) if e.blurb]
    return Dashboard(
        next_steps=[c for c in cards if c.group == "next"],
        sections=sections,
        tools=[c for c in cards if c.group == "tools"],
    )
