"""Setting the next meeting: the viewer's time zone, the future only, the partner told."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.mentoring.models import Mentorship
from huddle.notifications.models import Notification
from tests.mentoring.pair_fixtures import standard_pair

LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def pair(people):
    return standard_pair(people)


def url(pair):
    return reverse("mentoring:pair_next_meeting", args=[pair.pk])


def local_in(days: int, hour: int = 18) -> str:
    day = timezone.localdate() + timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:00"


def test_it_reads_the_time_in_the_viewers_own_zone(client_for, people, pair, django_capture_on_commit_callbacks):
    people.ms1.profile.time_zone = "America/Los_Angeles"
    people.ms1.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("ms1").post(url(pair), {"next-at": local_in(10), "next-place": "Zoom, room 3"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.next_meeting_at is not None
    assert pair.next_meeting_at.astimezone(LA).hour == 18
    assert pair.next_meeting_place == "Zoom, room 3"


def test_it_tells_the_partner_in_their_own_zone(client_for, people, pair):
    people.ms1.profile.time_zone = "America/Los_Angeles"
    people.ms1.profile.save()
    client_for("ms1").post(url(pair), {"next-at": local_in(10, 18), "next-place": ""})
    note = Notification.objects.get(user=people.ms3, kind="mentoring.next_meeting")
    assert "21:00" in note.title  # Sam's zone is the school's, New York
    assert note.url == reverse("mentoring:pair_detail", args=[pair.pk])
    assert not Notification.objects.filter(user=people.ms1).exists()


def test_it_shows_the_next_meeting_in_place_for_htmx(client_for, pair):
    data = {"next-at": local_in(3), "next-place": "Library"}
    response = client_for("ms3").post(url(pair), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="next_meeting"')
    assert "Next meeting saved." in html
    assert reverse("mentoring:pair_ics", args=[pair.pk]) in html


def test_it_refuses_a_time_in_the_past(client_for, pair):
    response = client_for("ms1").post(url(pair), {"next-at": local_in(-1), "next-place": ""})
    assert "The next meeting must be in the future." in response.content.decode()
    pair.refresh_from_db()
    assert pair.next_meeting_at is None


def test_it_refuses_a_time_more_than_a_year_ahead(client_for, pair):
    response = client_for("ms1").post(url(pair), {"next-at": local_in(400), "next-place": ""})
    assert "within a year" in response.content.decode()


def test_it_refuses_a_missing_time(client_for, pair):
    response = client_for("ms1").post(url(pair), {"next-at": "", "next-place": "Library"})
    assert "This field is required." in response.content.decode()


def test_it_clears_the_next_meeting_when_the_pair_ends(people, pair):
    from huddle.mentoring import pairs

    at = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=5), time(9)))
    pairs.next_meeting_set(mentorship=pair, by=people.ms1, at=at, place="Library")
    pairs.mentorship_end(mentorship=pair, by=people.ms1, status=Mentorship.Status.COMPLETED)
    pair.refresh_from_db()
    assert pair.next_meeting_at is None
