"""The JSON API (own data only), the navigation entry, dashboard cards and the calendar feed."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from huddle.home.models import CalendarFeed
from huddle.lib.qualification import PeerRole
from huddle.lib.registry import cards_for, nav_for
from huddle.training.models import Module
from huddle.training.workshops.services import rsvp_create
from tests.training.factories import complete, make_module, make_workshop, require_modules

pytestmark = pytest.mark.django_db


def test_the_api_lists_modules_my_progress_and_workshops_without_other_peoples_data(client_for, people):
    module = make_module("Mentoring basics", valid_for_days=365)
    make_module("Hidden draft", status=Module.Status.DRAFT)
    require_modules(PeerRole.MENTOR, module)
    complete(people.ms3, module)
    workshop = make_workshop(module, capacity=1)
    rsvp_create(user=people.ms3, workshop=workshop)
    modules = client_for("ms1").get("/api/training/modules").json()
    assert [m["title"] for m in modules] == ["Mentoring basics"]
    assert modules[0]["questions"] == 2 and modules[0]["pass_mark"] == 100
    mine = client_for("ms1").get("/api/training/progress").json()
    assert mine["modules"][0]["state"] == "new"
    assert mine["roles"] == [{"role": "mentor", "qualified": False, "missing": ["Complete Mentoring basics"]}]
    assert client_for("ms3").get("/api/training/progress").json()["roles"][0]["qualified"] is True
    [listed] = client_for("ms1").get("/api/training/workshops").json()
    assert (listed["places_left"], listed["waitlist"], listed["my_status"]) == (0, 0, None)
    body = client_for("ms1").get("/api/training/workshops").content.decode()
    assert "Sam" not in body and "sam@" not in body
    assert client_for("anonymous").get("/api/training/progress").status_code == 401


def test_the_training_section_replaces_its_planned_placeholder(client_for, people):
    entries = [e for e in nav_for(people.ms1, "main") if e.key == "training"]
    assert len(entries) == 1 and entries[0].url_name == "training:home"
    page = client_for("ms1").get("/").content.decode()
    assert 'id="nav-training"' in page and 'href="/training/"' in page


def test_dashboard_cards_say_what_expires_soon_and_which_workshop_is_tomorrow(people):
    module = make_module("Crisis response", valid_for_days=365)
    complete(people.ms3, module, when=timezone.now() - timedelta(days=345, hours=1))
    tomorrow = make_workshop(module, starts_in=timedelta(days=1), title="Role-play lab")
    rsvp_create(user=people.ms3, workshop=tomorrow)
    titles = [str(c.title) for c in cards_for(people.ms3)]
    assert "Your Crisis response completion expires in 19 days" in titles
    assert any(t.startswith(("Workshop tomorrow: Role-play lab", "Workshop soon: Role-play lab")) for t in titles)
    make_module("Draft one", status=Module.Status.DRAFT)
    assert "1 training module to publish" in [str(c.title) for c in cards_for(people.coordinator)]
    assert "1 training module to publish" not in [str(c.title) for c in cards_for(people.ms1)]


def test_the_calendar_feed_carries_rsvpd_workshops(people):
    workshop = make_workshop(make_module(), starts_in=timedelta(days=4), title="OARS lab")
    rsvp_create(user=people.ms1, workshop=workshop)
    feed = CalendarFeed.objects.create(user=people.ms1)
    response = Client().get(reverse("calendar_feed", args=[feed.token]))
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["OARS lab"]
    assert str(events[0]["UID"]).startswith("huddle-training-workshop-")
