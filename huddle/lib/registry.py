"""Named extension points through which apps contribute to the product.

Each installed Huddle app may have a ``contributions`` module. The home app
imports them all once at start-up (as the admin imports every ``admin.py``),
and each registers plain values, or functions given the viewer, on the hooks
below. The URL map, the API, the navigation, the home page, the demo school
and the personal calendar feed ask these hooks; none of them names an app, so
a new capability is a new app plus its line in ``INSTALLED_APPS``.

Hooks hold what apps *return*, never lists handed out for mutation, so each
entry's origin is plain. Everything registered is code-level configuration,
identical in every process; no request state is kept here.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from graphlib import CycleError, TopologicalSorter
from typing import Any, Literal

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

type Text = str | Promise
#: The signed-in person (``accounts.User``); typed loosely here because this
#: layer imports no app. Contributions annotate their functions with the real model.
type Viewer = Any


@dataclass(frozen=True)
class UrlMount:
    """An app's URLconf, mounted at ``prefix`` (the module sets ``app_name``)."""

    prefix: str
    module: str


@dataclass(frozen=True)
class ApiRouter:
    """A django-ninja router (``"huddle.app.api.router"``) mounted under ``/api/<prefix>``."""

    prefix: str
    router: str


@dataclass(frozen=True)
class NavEntry:
    """A link in the header. ``key`` names the section; a planned section with
    the same key (see the home app) steps aside when an app provides it."""

    key: str
    label: Text
    url_name: str
    url_args: tuple[str, ...] = ()
    order: int = 100
    menu: Literal["main", "account"] = "main"
    blurb: Text = ""
    #: Who sees the link; every signed-in person when None.
    visible: Callable[[Viewer], bool] | None = None
    #: A small count shown beside the label (unread notifications).
    badge: Callable[[Viewer], int] | None = None

    def url(self) -> str:
        return reverse(self.url_name, args=self.url_args)


@dataclass(frozen=True)
class DashboardCard:
    """One thing on the viewer's home page.

    ``next`` cards say what is next for *this* person (a meeting, a request
    waiting for them); ``tools`` cards are the staff's tools.
    """

    title: Text
    url: str
    text: Text = ""
    order: int = 100
    group: Literal["next", "tools"] = "next"


@dataclass(frozen=True)
class DemoSize:
    """How big a demo school to build; the same seed always builds the same school."""

    seed: int = 2026
    students: int = 600
    faculty: int = 80


@dataclass(frozen=True)
class DemoStep:
    """One part of the demo school: ``build`` is idempotent; ``delete`` removes
    what it built (run in reverse order on reset). Both return lines to print."""

    name: str
    build: Callable[[DemoSize], list[str]]
    delete: Callable[[], list[str]] | None = None
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recurrence:
    """A weekly (or daily) repeat with an end, for study-group sessions and the like."""

    freq: Literal["DAILY", "WEEKLY"]
    until: datetime
    interval: int = 1


@dataclass(frozen=True)
class CalendarEntry:
    """One event of a person's calendar feed.

    ``uid`` is for life: a moved event keeps it and raises ``sequence``; a
    cancelled one stays in the feed with ``cancelled`` so subscribed
    calendars remove it. Times are aware; a recurring entry also names its
    ``time_zone`` so that it repeats at the same local hour across DST.
    """

    uid: str
    start: datetime
    end: datetime
    summary: Text
    sequence: int = 0
    cancelled: bool = False
    location: str = ""
    description: Text = ""
    url: str = ""
    updated: datetime | None = None
    recurrence: Recurrence | None = None
    time_zone: str = ""
    #: Reminders the calendar app shows this long before the start (``VALARM``).
    alarms: tuple[timedelta, ...] = ()


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notification an app sends; only registered kinds may be sent."""

    key: str
    label: Text
    description: Text = ""


@dataclass(frozen=True)
class AuditAction:
    """A kind of event an app writes to the audit log, with the label the log shows for it."""

    key: str
    label: Text


@dataclass
class Hook[T]:
    """A named list of contributions; ``key`` makes a duplicate a start-up error."""

    name: str
    key: Callable[[T], object] | None = None
    _items: list[T] = field(default_factory=list)

    def register(self, item: T) -> T:
        """Add a contribution; usable as a decorator for functions."""
        if self.key is not None:
            new = self.key(item)
            if any(self.key(old) == new for old in self._items):
                raise ImproperlyConfigured(f"Two contributions to {self.name} share the key {new!r}.")
        self._items.append(item)
        return item

    def items(self) -> list[T]:
        return list(self._items)

    def get(self, key: object) -> T:
        """The contribution with this key; an unknown key is a programming error, not user input."""
        assert self.key is not None, f"{self.name} has no key"
        for item in self._items:
            if self.key(item) == key:
                return item
        raise LookupError(f"{key!r} is not registered on {self.name} by any app's contributions.")

    @contextmanager
    def scoped(self) -> Iterator["Hook[T]"]:
        """Contributions registered inside the block are gone after it (for tests)."""
        saved = list(self._items)
        try:
            yield self
        finally:
            self._items[:] = saved


url_mounts: Hook[UrlMount] = Hook("url_mounts", key=lambda m: m.prefix)
api_routers: Hook[ApiRouter] = Hook("api_routers", key=lambda r: r.prefix)
nav: Hook[NavEntry] = Hook("nav", key=lambda e: e.key)
dashboard_cards: Hook[Callable[[Viewer], Iterable[DashboardCard]]] = Hook("dashboard_cards")
demo_steps: Hook[DemoStep] = Hook("demo_steps", key=lambda s: s.name)
calendar_entries: Hook[Callable[[Viewer, datetime, datetime], Iterable[CalendarEntry]]] = Hook("calendar_entries")
notification_kinds: Hook[NotificationKind] = Hook("notification_kinds", key=lambda k: k.key)
audit_actions: Hook[AuditAction] = Hook("audit_actions", key=lambda a: a.key)


def nav_for(viewer: Viewer, menu: Literal["main", "account"]) -> list[NavEntry]:
    """The header links this person sees, in order."""
    entries = [e for e in nav.items() if e.menu == menu and (e.visible is None or e.visible(viewer))]
    return sorted(entries, key=lambda e: (e.order, e.key))


def nav_links(path: str, viewer: Viewer, entries: Iterable[NavEntry]) -> list[dict[str, Any]]:
    """Entries as the header draws them: URL, whether it is the current page, badge count."""
    links = []
    for entry in entries:
        url = entry.url()
        links.append(
            {
                "key": entry.key,
                "label": entry.label,
                "url": url,
                "current": path.startswith(url) and url != "/",
                "badge": entry.badge(viewer) if entry.badge else 0,
            }
        )
    return links


def link_html(link: dict[str, Any], *, oob: bool = False) -> SafeString:
    """One header link, written in Python: drawn on every page, a template per link cost ~0.1 ms each."""
    badge = ""
    if link["badge"]:
        label = ngettext("%(n)d new", "%(n)d new", link["badge"]) % {"n": link["badge"]}
        badge = format_html(' <span class="badge" aria-label="{}">{}</span>', label, link["badge"])
    return format_html(
        '<a href="{}" id="nav-{}"{}{}>{}{}</a>',
        link["url"],
        link["key"],
        mark_safe(' aria-current="page"') if link["current"] else "",
        mark_safe(' hx-swap-oob="true"') if oob else "",
        link["label"],
        badge,
    )


def links_html(links: list[dict[str, Any]]) -> SafeString:
    return format_html_join("", "<li>{}</li>", ((link_html(link),) for link in links))


def cards_for(viewer: Viewer) -> list[DashboardCard]:
    """Every app's cards for this person, in order."""
    cards = [card for contribute in dashboard_cards.items() for card in contribute(viewer)]
    return sorted(cards, key=lambda c: c.order)


def entries_for(viewer: Viewer, start: datetime, end: datetime) -> list[CalendarEntry]:
    """Every app's calendar entries for this person between two instants."""
    entries = [entry for source in calendar_entries.items() for entry in source(viewer, start, end)]
    return sorted(entries, key=lambda e: (e.start, e.uid))


def demo_plan() -> list[DemoStep]:
    """The demo steps, each after the steps it names."""
    steps = {step.name: step for step in demo_steps.items()}
    for step in steps.values():
        for before in step.after:
            if before not in steps:
                raise ImproperlyConfigured(f"Demo step {step.name!r} runs after {before!r}, which no app provides.")
    try:
        order = list(TopologicalSorter({name: step.after for name, step in steps.items()}).static_order())
    except CycleError as error:
        circle = " → ".join(error.args[1])
        raise ImproperlyConfigured(f"Demo steps depend on each other in a circle: {circle}") from error
    return [steps[name] for name in order]
