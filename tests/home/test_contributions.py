"""A capability appears in the product through its contributions alone.

A pretend "initiatives" app registers a navigation entry, a card, a calendar
entry and a demo step; the header, home page, calendar feed and demo school
take them up, and the planned "Initiatives" placeholder steps aside.
"""

import ast
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huddle.home.models import CalendarFeed
from huddle.lib import registry
from huddle.lib.registry import CalendarEntry, DashboardCard, DemoStep, NavEntry

HUDDLE = Path(__file__).resolve().parents[2] / "huddle"


@pytest.fixture
def initiatives_app():
    """Register what an initiatives app's contributions module would, then forget it."""
    with (
        registry.nav.scoped(),
        registry.dashboard_cards.scoped(),
        registry.calendar_entries.scoped(),
        registry.demo_steps.scoped(),
    ):
        registry.nav.register(
            NavEntry("initiatives", _("Initiatives"), "notifications:list", order=70, blurb=_("Initiatives that meet."))
        )
        registry.dashboard_cards.register(
            lambda user: [DashboardCard(f"Your initiative meets, {user.first_name}", "/")]
        )
        now = timezone.now()
        registry.calendar_entries.register(
            lambda user, start, end: [
                CalendarEntry(
                    "huddle-initiative-1@school.test",
                    now + timedelta(days=1),
                    now + timedelta(days=1, hours=1),
                    "Anatomy outreach",
                )
            ]
        )
        registry.demo_steps.register(
            DemoStep("initiatives.demo", lambda size: ["Demo initiatives: 3"], after=("accounts.people",))
        )
        yield


def test_the_header_and_home_page_show_the_new_section(client_for, initiatives_app):
    html = client_for("ms1").get(reverse("home")).content.decode()
    assert html.count('href="/notifications/" id="nav-initiatives"') == 1
    assert "Initiatives that meet." in html
    assert "Your initiative meets, Alice" in html
    # The planned placeholder is gone from the header and its page.
    assert reverse("section", args=["initiatives"]) not in html
    assert client_for("ms1").get(reverse("section", args=["initiatives"])).status_code == 404


def test_without_the_app_the_planned_section_stands_in(client_for):
    html = client_for("ms1").get(reverse("home")).content.decode()
    assert reverse("section", args=["initiatives"]) in html
    assert client_for("ms1").get(reverse("section", args=["initiatives"])).status_code == 200


def test_the_calendar_feed_carries_the_new_apps_events(people, initiatives_app):
    feed = CalendarFeed.objects.create(user=people.ms1)
    body = Client().get(reverse("calendar_feed", args=[feed.token])).content.decode()
    assert "SUMMARY:Anatomy outreach" in body


def test_the_demo_school_runs_the_new_step_after_the_people(taxonomies, initiatives_app):
    out = StringIO()
    call_command("seed_demo", students=8, faculty=2, stdout=out)
    text = out.getvalue()
    assert text.index("Demo school: 8 students") < text.index("Demo initiatives: 3")


def test_a_duplicate_key_stops_start_up():
    with registry.nav.scoped(), pytest.raises(ImproperlyConfigured, match="share the key 'mentoring'"):
        registry.nav.register(NavEntry("mentoring", "Again", "mentoring:home"))


def test_demo_steps_in_a_circle_stop_start_up():
    with registry.demo_steps.scoped():
        registry.demo_steps.register(DemoStep("a", lambda size: [], after=("b",)))
        registry.demo_steps.register(DemoStep("b", lambda size: [], after=("a",)))
        with pytest.raises(ImproperlyConfigured, match="circle"):
            registry.demo_plan()


def test_sending_an_unregistered_notification_kind_is_a_bug(people):
    from huddle.notifications.services import notification_create

    with pytest.raises(LookupError, match="not registered"):
        notification_create(user=people.ms1, kind="nobody.registered.this", title="x")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize(("layer", "allowed"), [("lib", ("huddle.lib",)), ("home", ("huddle.lib", "huddle.home"))])
def test_the_bottom_layer_and_the_home_app_import_no_app(layer, allowed):
    """lib is imported by every app; home asks the registry. Neither may name an app."""
    offenders = {
        f"{path.relative_to(HUDDLE)}: {name}"
        for path in (HUDDLE / layer).rglob("*.py")
        for name in _imports(path)
        if name.startswith("huddle.") and not name.startswith(allowed)
    }
    assert offenders == set()
