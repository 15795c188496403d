"""The next meeting as an .ics file (RFC 5545)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.mentoring import ics
from huddle.mentoring.models import Mentorship
from tests.mentoring.pair_fixtures import make_student, standard_pair


@pytest.fixture
def pair(people):
    pair = standard_pair(people)
    pair.next_meeting_at = datetime(2031, 3, 4, 22, 30, tzinfo=UTC)
    pair.next_meeting_place = "Library, room 204; bring the CV"
    pair.save()
    return pair


def url(pair):
    return reverse("mentoring:pair_ics", args=[pair.pk])


def test_it_escapes_commas_semicolons_backslashes_and_newlines():
    assert ics.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_it_folds_long_lines_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "Ünïcödé text, " * 20
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 3
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line


def test_it_writes_times_in_utc():
    eastern = datetime(2031, 3, 4, 17, 30, tzinfo=timezone.get_default_timezone())
    assert ics.utc_stamp(eastern) == "20310304T223000Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        ics.utc_stamp(datetime(2031, 3, 4, 17, 30))


def test_it_serves_a_valid_calendar_to_the_pair(client_for, pair):
    response = client_for("ms1").get(url(pair))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.endswith("\r\n")
    lines = body.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "\n" not in body.replace("\r\n", "")
    unfolded = body.replace("\r\n ", "").split("\r\n")
    assert unfolded[0] == "BEGIN:VCALENDAR"
    assert "VERSION:2.0" in unfolded
    assert unfolded[-2] == "END:VCALENDAR"
    assert "BEGIN:VEVENT" in unfolded and "END:VEVENT" in unfolded
    assert "DTSTART:20310304T223000Z" in unfolded
    assert "DTEND:20310304T233000Z" in unfolded
    assert "LOCATION:Library\\, room 204\\; bring the CV" in unfolded
    assert "SUMMARY:Mentoring: Alice Ames and Sam Sato" in unfolded
    assert any(line.startswith(f"UID:huddle-mentorship-{pair.pk}-20310304T223000Z@") for line in unfolded)
    assert any(line.startswith("DTSTAMP:") and line.endswith("Z") for line in unfolded)
    assert any(line.startswith("DESCRIPTION:") for line in unfolded)


def test_it_answers_404_without_a_next_meeting(client_for, pair):
    Mentorship.objects.filter(pk=pair.pk).update(next_meeting_at=None)
    assert client_for("ms3").get(url(pair)).status_code == 404


def test_it_is_for_the_pair_only(client, client_for, pair):
    client.force_login(make_student())
    assert client.get(url(pair)).status_code == 404
    assert client_for("coordinator").get(url(pair)).status_code == 403


def test_it_refuses_an_event_that_ends_before_it_starts():
    start = datetime(2031, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="end after"):
        ics.calendar_event(uid="x", dtstamp=start, start=start, end=start - timedelta(hours=1), summary="s")
