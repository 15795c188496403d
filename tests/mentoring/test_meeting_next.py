"""Planning the next meeting: the viewer's time zone, the future only, the partner told;
moving keeps the meeting (and its calendar UID), calling off and ending cancel it."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.mentoring.models import Mentorship, PlannedMeeting
from huddle.mentoring.pairs import services as pairs_services
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
    meeting = PlannedMeeting.objects.get(mentorship=pair)
    assert meeting.starts_at.astimezone(LA).hour == 18
    assert meeting.place == "Zoom, room 3"
    assert (meeting.sequence, meeting.cancelled_at, meeting.planned_by) == (0, None, people.ms1)


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
    assert not PlannedMeeting.objects.exists()


def test_it_refuses_a_time_more_than_a_year_ahead(client_for, pair):
    response = client_for("ms1").post(url(pair), {"next-at": local_in(400), "next-place": ""})
    assert "within a year" in response.content.decode()


def test_it_refuses_a_missing_time(client_for, pair):
    response = client_for("ms1").post(url(pair), {"next-at": "", "next-place": "Library"})
    assert "This field is required." in response.content.decode()


def _at(days: int, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def test_moving_the_meeting_keeps_it_and_raises_its_sequence(people, pair):
    first = pairs_services.next_meeting_set(mentorship=pair, by=people.ms1, at=_at(5), place="Library")
    moved = pairs_services.next_meeting_set(mentorship=pair, by=people.ms3, at=_at(6), place="Zoom")
    assert moved.pk == first.pk
    assert (moved.starts_at, moved.place, moved.sequence) == (_at(6), "Zoom", 1)
    assert PlannedMeeting.objects.count() == 1


def test_saving_the_same_time_again_changes_nothing(people, pair):
    pairs_services.next_meeting_set(mentorship=pair, by=people.ms1, at=_at(5), place="Library")
    again = pairs_services.next_meeting_set(mentorship=pair, by=people.ms1, at=_at(5), place="Library")
    assert again.sequence == 0


def test_a_meeting_after_the_last_one_happened_is_a_new_meeting(people, pair):
    past = PlannedMeeting.objects.create(mentorship=pair, starts_at=_at(-2), planned_by=people.ms1)
    new = pairs_services.next_meeting_set(mentorship=pair, by=people.ms1, at=_at(5), place="")
    assert new.pk != past.pk
    past.refresh_from_db()
    assert (past.sequence, past.cancelled_at) == (0, None)


def test_calling_off_cancels_the_meeting_and_tells_the_partner(client_for, people, pair):
    pairs_services.next_meeting_set(mentorship=pair, by=people.ms1, at=_at(5), place="Library")
    response = client_for("ms1").post(reverse("mentoring:pair_meeting_cancel", args=[pair.pk]), HTTP_HX_REQUEST="true")
    assert "The meeting is called off" in response.content.decode()
    meeting = PlannedMeeting.objects.get()
    assert meeting.cancelled_at is not None and meeting.sequence == 1
    assert Notification.objects.filter(user=people.ms3, title__startswith="Mentoring meeting called off").exists()


def test_calling_off_without_a_planned_meeting_says_so(client_for, pair):
    response = client_for("ms1").post(reverse("mentoring:pair_meeting_cancel", args=[pair.pk]))
    assert "No meeting is planned." in response.content.decode()


def test_ending_the_pair_calls_off_its_planned_meetings(people, pair):
    pairs_services.next_meeting_set(mentorship=pair, by=people.ms1, at=_at(5), place="Library")
    pairs_services.mentorship_end(mentorship=pair, by=people.ms1, status=Mentorship.Status.COMPLETED)
    meeting = PlannedMeeting.objects.get()
    assert meeting.cancelled_at is not None and meeting.sequence == 1
