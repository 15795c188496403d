"""Coordinators' booking rules and reports: ranges checked on their field, saved and audited at once;
hours by tutor, subject and month (a group session once), unmet demand as distinct students, no-show and
late-cancellation rates, ratings; CSV with formula cells neutralised; a fixed number of queries."""

import csv
import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huddle.audit.models import AuditEvent
from huddle.tutoring.models import Rating, Rules, UnmetSearch
from huddle.tutoring.reports.selectors import Period, demand_report, hours_report, rates_report, ratings_report
from huddle.tutoring.rules import rules_current
from tests.personas import make_person
from tests.tutoring.factories import held_session, make_student, make_tutor, seat_for, topic

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
JAN_FEB = Period(date(2025, 1, 1), date(2025, 2, 1))
RANGE = "?first=2025-01&last=2025-02"


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=NY)


# --- rules -----------------------------------------------------------------------------------------------


def _rules_post(**changes: object) -> dict[str, object]:
    current = rules_current()
    data: dict[str, object] = {
        name: getattr(current, name)
        for name in (
            "lead_time_hours",
            "cancel_window_hours",
            "max_per_day",
            "max_per_week",
            "max_tutor_hours_per_week",
            "no_show_limit",
            "no_show_term_days",
            "suspension_days",
            "horizon_weeks",
        )
    }
    if current.no_back_to_back:
        data["no_back_to_back"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("persona", ["ms1", "ms3", "faculty", "wellbeing"])
def test_only_coordinators_edit_rules_and_read_reports(people, client_for, persona: str) -> None:
    client = client_for(persona)
    assert client.get("/tutoring/manage/rules/").status_code == 403
    assert client.post("/tutoring/manage/rules/", _rules_post(lead_time_hours=1)).status_code == 403
    assert client.get("/tutoring/manage/reports/").status_code == 403
    assert client.get("/tutoring/manage/reports/hours.csv").status_code == 403
    assert not Rules.objects.exists() and not AuditEvent.objects.filter(action__startswith="tutoring.").exists()


def test_saving_rules_changes_the_row_and_audits_what_changed(people, client_for) -> None:
    client = client_for("coordinator")
    page = client.get("/tutoring/manage/rules/")
    assert page.status_code == 200 and 'value="12"' in page.content.decode()
    answer = client.post(
        "/tutoring/manage/rules/", _rules_post(lead_time_hours=6, max_per_week=5, no_back_to_back="on")
    )
    assert answer.status_code == 302
    rules = Rules.objects.get()
    assert (rules.lead_time_hours, rules.max_per_week, rules.no_back_to_back) == (6, 5, True)
    event = AuditEvent.objects.get(action="tutoring.rules_changed")
    assert event.actor == people.coordinator
    assert event.detail == {
        "lead_time_hours": {"from": 12, "to": 6},
        "max_per_week": {"from": 4, "to": 5},
        "no_back_to_back": {"from": False, "to": True},
    }
    # The same values again change nothing and audit nothing.
    client.post("/tutoring/manage/rules/", _rules_post())
    assert AuditEvent.objects.filter(action="tutoring.rules_changed").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"lead_time_hours": 500}, "lead_time_hours", "Give a whole number from 0 to 168."),
        ({"max_per_day": 0}, "max_per_day", "Give a whole number from 1 to 10."),
        ({"suspension_days": "two weeks"}, "suspension_days", "Give a whole number from 1 to 90."),
        ({"horizon_weeks": None}, "horizon_weeks", "Give a whole number from 1 to 26."),
        (
            {"max_per_day": 5, "max_per_week": 3},
            "max_per_week",
            "A week must allow at least as many bookings as a day (5).",
        ),
    ],
)
def test_rules_out_of_range_are_refused_on_their_field_and_nothing_is_saved(
    people, client_for, changes, field, message
) -> None:
    answer = client_for("coordinator").post(
        "/tutoring/manage/rules/", _rules_post(**{"cancel_window_hours": 3, **changes})
    )
    assert answer.status_code == 400
    assert answer.context["form"].errors[field] == [message]
    assert not Rules.objects.exists()
    assert not AuditEvent.objects.filter(action="tutoring.rules_changed").exists()


def test_every_field_out_of_range_is_reported_at_once(people, client_for) -> None:
    answer = client_for("coordinator").post(
        "/tutoring/manage/rules/", _rules_post(lead_time_hours=-1, no_show_term_days=1, horizon_weeks=99)
    )
    assert answer.status_code == 400
    assert set(answer.context["form"].errors) == {"lead_time_hours", "no_show_term_days", "horizon_weeks"}
    assert "Some rules need another look" in answer.content.decode()


# --- a small hand-built school ---------------------------------------------------------------------------


@pytest.fixture
def school(people):  # type: ignore[no-untyped-def]
    """Two tutors in January–February 2025, with sessions outside the period and not completed around them.

    Ana (ms3): Cardiology 10 Jan, 60 min, 1 attended, 1 late cancellation, 1 waitlist spot given up;
    a group session 20 Jan open to any subject, 90 min, 3 students (2 Pulmonary, 1 Cardiology; 1 no-show);
    Cardiology 5 Feb, 45 min, a no-show. Ben: 31 Jan 23:30 New York (February in UTC), 60 min, Renal.
    Not counted: a cancelled session, one never completed, one in December.
    """
    cardiology, pulmonary, renal = topic("Cardiology"), topic("Pulmonary"), topic("Renal")
    ana = make_tutor(people.ms3, cardiology, pulmonary)
    ben_person = make_person("ben@school.test", "Ben", "Brown", ["student"], 4)
    ben = make_tutor(ben_person, renal)
    s = [make_student(n) for n in range(1, 8)]
    one = held_session(ana, at(date(2025, 1, 10), time(18)), subject=cardiology, completed_minutes=60)
    seat_for(one, s[0], cardiology)
    seat_for(one, s[1], cardiology, status="cancelled", cancelled_late=True, cancelled_at=one.starts_at)
    seat_for(one, s[2], cardiology, status="cancelled", waitlisted_at=one.starts_at - timedelta(days=2))
    group = held_session(ana, at(date(2025, 1, 20), time(17)), minutes=90, capacity=3, completed_minutes=90)
    seat_for(group, s[0], pulmonary)
    seat_for(group, s[1], pulmonary, status="no_show")
    seat_for(group, s[2], cardiology)
    feb = held_session(ana, at(date(2025, 2, 5), time(9)), minutes=45, subject=cardiology, completed_minutes=45)
    seat_for(feb, s[3], cardiology, status="no_show")
    late_night = held_session(ben, at(date(2025, 1, 31), time(23, 30)), completed_minutes=60)
    seat_for(late_night, s[4], renal)
    cancelled = held_session(ana, at(date(2025, 1, 15), time(18)), subject=cardiology, status="cancelled")
    seat_for(cancelled, s[5], cardiology, status="cancelled", cancelled_by_tutor=True, cancelled_late=True)
    held_session(ana, at(date(2025, 2, 10), time(18)), subject=cardiology)  # never completed
    december = held_session(ana, at(date(2024, 12, 20), time(18)), subject=cardiology, completed_minutes=60)
    seat_for(december, s[6], cardiology, status="no_show")
    Rating.objects.create(booking=one.bookings.get(student=s[0]), stars=5, comment="Clear and kind.")
    Rating.objects.create(booking=group.bookings.get(student=s[0]), stars=3, comment="")
    Rating.objects.create(booking=late_night.bookings.get(student=s[4]), stars=4, comment="=HYPERLINK(1)")
    for student, subject, weekday, hour, day in (
        (s[0], cardiology, 1, 18, date(2025, 1, 7)),
        (s[0], cardiology, 1, 18, date(2025, 1, 14)),  # the same student again: still one
        (s[1], cardiology, 1, 18, date(2025, 1, 8)),
        (s[2], pulmonary, 2, None, date(2025, 2, 3)),
        (s[3], renal, 1, 18, date(2024, 12, 30)),  # before the period
    ):
        UnmetSearch.objects.create(student=student, topic=subject, weekday=weekday, hour=hour, day=day)
    return {"ana": ana, "ben": ben, "students": s}


def test_hours_by_tutor_subject_and_month_count_a_group_session_once(school) -> None:
    report = hours_report(period=JAN_FEB)
    rows = [(r.tutor, r.subject, f"{r.month:%Y-%m}", r.sessions, r.minutes) for r in report.rows]
    assert rows == [
        ("Ben Brown", "Renal", "2025-01", 1, 60),  # 23:30 in New York on 31 January is January's
        ("Sam Sato", "Cardiology", "2025-01", 1, 60),
        ("Sam Sato", "Pulmonary", "2025-01", 1, 90),  # the group session: once, under its students' subject
        ("Sam Sato", "Cardiology", "2025-02", 1, 45),
    ]
    assert [(t.tutor, t.sessions, t.minutes) for t in report.totals] == [("Ben Brown", 1, 60), ("Sam Sato", 3, 195)]
    assert report.minutes == 255 and report.hours == 4.25


def test_unmet_demand_counts_distinct_students(school) -> None:
    demand = demand_report(period=JAN_FEB)
    assert demand.students == 3
    assert [(c.label, c.students) for c in demand.by_subject] == [("Cardiology", 2), ("Pulmonary", 1)]
    assert demand.grid.hours == [18, None]
    assert demand.grid.rows == [("Tuesday", [2, 0]), ("Wednesday", [0, 1])]


def test_no_show_and_late_cancellation_rates(school) -> None:
    rates = rates_report(period=JAN_FEB)
    overall = rates.overall
    # Expected at completed sessions: 4 attended, 2 no-shows → 33.3%.
    assert (overall.attended, overall.no_shows, overall.no_show_rate) == (4, 2, 33.3)
    # Places held: 6 above + 1 cancelled late; the waitlist spot and the tutor's cancellation count for nobody.
    assert (overall.late, overall.places, overall.late_rate) == (1, 7, 14.3)
    by_subject = {r.label: (r.no_shows, r.attended + r.no_shows, r.late, r.places) for r in rates.by_subject}
    assert by_subject == {"Cardiology": (1, 3, 1, 4), "Pulmonary": (1, 2, 0, 2), "Renal": (0, 1, 0, 1)}
    by_tutor = {r.label: (r.no_show_rate, r.late_rate) for r in rates.by_tutor}
    assert by_tutor == {"Ben Brown": (0.0, 0.0), "Sam Sato": (40.0, 16.7)}


def test_ratings_by_tutor_with_recent_comments(school) -> None:
    ratings = ratings_report(period=JAN_FEB)
    assert [(r.tutor, r.count, r.average) for r in ratings.by_tutor] == [("Ben Brown", 1, 4.0), ("Sam Sato", 2, 4.0)]
    assert {r.comment for r in ratings.recent} == {"Clear and kind.", "=HYPERLINK(1)"}


def test_the_report_page_shows_the_numbers(school, client_for) -> None:
    page = client_for("coordinator").get("/tutoring/manage/reports/" + RANGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="hours-total">4.25<' in html
    assert "33.3%" in html and "14.3%" in html
    assert "Clear and kind." in html
    assert "/tutoring/manage/reports/hours.csv?first=2025-01&amp;last=2025-02" in html


def test_a_bad_month_range_is_refused_on_its_field(people, client_for) -> None:
    client = client_for("coordinator")
    backwards = client.get("/tutoring/manage/reports/?first=2025-03&last=2025-01")
    assert backwards.status_code == 400
    assert backwards.context["form"].errors["last"] == ["End on or after the first month."]
    garbled = client.get("/tutoring/manage/reports/?first=March&last=2025-01")
    assert garbled.status_code == 400 and garbled.context["form"].errors["first"] == ["Give a month such as 2030-01."]
    too_long = client.get("/tutoring/manage/reports/?first=2020-01&last=2025-01")
    assert too_long.context["form"].errors["last"] == ["Choose at most 36 months."]
    assert client.get("/tutoring/manage/reports/hours.csv?first=2025-03&last=2025-01").status_code == 400


def test_hours_csv_has_headers_rows_neutralised_formulas_and_is_audited(school, people, client_for) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(email="ben@school.test").update(first_name="=cmd|' /C calc'!A0", last_name="")
    answer = client_for("coordinator").get("/tutoring/manage/reports/hours.csv" + RANGE)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert answer["Content-Disposition"] == 'attachment; filename="tutoring-hours-2025-01-to-2025-02.csv"'
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0] == ["Tutor", "E-mail", "Subject", "Month", "Sessions", "Minutes", "Hours"]
    assert rows[1:] == [
        ["'=cmd|' /C calc'!A0", "ben@school.test", "Renal", "2025-01", "1", "60", "1.00"],
        ["Sam Sato", "sam@school.test", "Cardiology", "2025-01", "1", "60", "1.00"],
        ["Sam Sato", "sam@school.test", "Pulmonary", "2025-01", "1", "90", "1.50"],
        ["Sam Sato", "sam@school.test", "Cardiology", "2025-02", "1", "45", "0.75"],
    ]
    event = AuditEvent.objects.get(action="tutoring.hours_exported")
    assert event.actor == people.coordinator
    assert event.detail == {"from": "2025-01", "to": "2025-02", "rows": 4}


def _count(client, url: str) -> int:
    client.get(url)  # the first request of a session checks two-factor once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_report_reads_a_fixed_number_of_queries_however_many_tutors(school, people, client_for) -> None:
    client = client_for("coordinator")
    url = "/tutoring/manage/reports/" + RANGE
    before = _count(client, url)
    cardiology = topic("Cardiology")
    for n in range(5):
        tutor = make_tutor(make_person(f"more{n}@school.test", "More", f"Tutor{n}", ["student"], 3), cardiology)
        session = held_session(tutor, at(date(2025, 1, 3 + n), time(12)), subject=cardiology, completed_minutes=30)
        booking = seat_for(session, make_student(50 + n), cardiology)
        Rating.objects.create(booking=booking, stars=4, comment="fine")
    assert _count(client, url) == before
    # Every page: session, person, roles, unread badge (4); the tab bar (1); hours: sums, tutors, subjects (3);
    # demand: total, by subject, by day and hour (3); rates: overall, by subject, by tutor (3); ratings (2).
    assert before == 16
