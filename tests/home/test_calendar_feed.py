"""The personal calendar feed: a secret, revocable address; every app's entries for its owner only."""

from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from huddle.home.models import CalendarFeed
from huddle.mentoring.pairs import services as pairs_services
from tests.mentoring.pair_fixtures import make_cycle, make_pair, make_student, standard_pair

#: Session, person, roles, the feed row, the unread count.
CALENDAR_PAGE_QUERIES = 5


def _at(days: int, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def _feed_url(user) -> str:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return reverse("calendar_feed", args=[feed.token])


def _events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


@pytest.fixture
def pair(people):
    return standard_pair(people)


def test_it_serves_the_owners_meetings_without_a_session(people, pair):
    pairs_services.next_meeting_set(mentorship=pair, by=people.ms1, at=_at(5), place="Library")
    (event,) = _events(Client().get(_feed_url(people.ms1)))
    assert str(event["SUMMARY"]) == "Mentoring with Sam Sato"
    assert str(event["LOCATION"]) == "Library"
    (partner_event,) = _events(Client().get(_feed_url(people.ms3)))
    assert str(partner_event["SUMMARY"]) == "Mentoring with Alice Ames"
    assert partner_event["UID"] == event["UID"]


def test_it_never_shows_someone_elses_meetings(people, pair):
    other = make_pair(cycle=make_cycle(by=people.coordinator), mentee=make_student(), mentor=make_student(3))
    pairs_services.next_meeting_set(mentorship=other, by=other.mentee.user, at=_at(4), place="Secret room")
    pairs_services.next_meeting_set(mentorship=pair, by=people.ms1, at=_at(5), place="Library")
    body = Client().get(_feed_url(people.ms1)).content.decode()
    assert "Secret room" not in body
    assert len(_events(Client().get(_feed_url(people.ms1)))) == 1


def test_a_moved_meeting_is_the_same_event_and_a_cancelled_one_says_so(people, pair):
    pairs_services.next_meeting_set(mentorship=pair, by=people.ms1, at=_at(5), place="Library")
    (first,) = _events(Client().get(_feed_url(people.ms1)))
    pairs_services.next_meeting_set(mentorship=pair, by=people.ms3, at=_at(6), place="Library")
    (moved,) = _events(Client().get(_feed_url(people.ms1)))
    assert moved["UID"] == first["UID"]
    assert (int(moved["SEQUENCE"]), moved.decoded("DTSTART")) == (1, _at(6))
    pairs_services.next_meeting_cancel(mentorship=pair, by=people.ms1)
    (cancelled,) = _events(Client().get(_feed_url(people.ms1)))
    assert (str(cancelled["STATUS"]), int(cancelled["SEQUENCE"])) == ("CANCELLED", 2)


def test_resetting_the_address_revokes_the_old_one(client_for, people):
    old = _feed_url(people.ms1)
    client = client_for("ms1")
    assert client.post(reverse("calendar")).status_code == 302
    assert Client().get(old).status_code == 404
    page = client.get(reverse("calendar")).content.decode()
    new = reverse("calendar_feed", args=[CalendarFeed.objects.get(user=people.ms1).token])
    assert new != old and new in page
    assert Client().get(new).status_code == 200


def test_a_wrong_or_deactivated_address_opens_nothing(people):
    url = _feed_url(people.ms1)
    assert Client().get(url.replace(".ics", "x.ics")).status_code == 404
    people.ms1.is_active = False
    people.ms1.save()
    assert Client().get(url).status_code == 404


def test_the_calendar_page_needs_a_sign_in(client):
    response = client.get(reverse("calendar"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_feeds_query_count_does_not_grow_with_meetings(people, django_assert_max_num_queries):
    cycle = make_cycle(by=people.coordinator)
    url = _feed_url(people.ms3)
    for k in range(12):
        pair = make_pair(cycle=cycle, mentee=make_student(), mentor=people.ms3)
        pairs_services.next_meeting_set(mentorship=pair, by=people.ms3, at=_at(k + 1), place=f"Room {k}")
    # The feed row and its owner; the stamp of the last fetch; planned meetings; training workshops;
    # tutoring bookings and booked sessions (one query); study-group sessions (one query).
    with django_assert_max_num_queries(6):
        assert len(_events(Client().get(url))) == 12


def test_the_address_to_copy_is_on_the_schools_huddle(client_for, people, settings):
    """Behind a proxy the request's host may be an internal name; the copied address must work outside."""
    settings.HUDDLE_BASE_URL = "https://huddle.school.example"
    page = client_for("ms1").get(reverse("calendar")).content.decode()
    token = CalendarFeed.objects.get(user=people.ms1).token
    assert f"https://huddle.school.example/calendar/{token}.ics" in page
    assert f"webcal://huddle.school.example/calendar/{token}.ics" in page


def test_the_calendar_pages_query_count_is_pinned(client_for, people, django_assert_num_queries):
    """Planned meetings live in the feed, not on this page: its count does not grow with them."""
    client = client_for("ms3")
    client.get(reverse("calendar"))  # creates the feed; the first request of a session checks two-factor once
    cycle = make_cycle(by=people.coordinator)
    for k in range(5):
        pair = make_pair(cycle=cycle, mentee=make_student(), mentor=people.ms3)
        pairs_services.next_meeting_set(mentorship=pair, by=people.ms3, at=_at(k + 1), place=f"Room {k}")
    with django_assert_num_queries(CALENDAR_PAGE_QUERIES):
        assert client.get(reverse("calendar")).status_code == 200
