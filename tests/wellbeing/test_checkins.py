"""Weekly check-ins: one per ISO week, private to the student, help offered (never forced)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from huddle.lib import registry
from huddle.lib.errors import HuddleError
from huddle.notifications.models import Notification
from huddle.wellbeing.checkins.services import checkin_reminder_set, checkin_save
from huddle.wellbeing.models import CheckIn, ReminderSent
from huddle.wellbeing.tasks import checkin_remind
from huddle.wellbeing.weeks import this_week

pytestmark = pytest.mark.django_db
ANSWERS = {"burnout": "2", "stress": "3", "sleep_hours": "7", "note": "Anatomy lab went fine"}


def test_a_second_answer_in_the_same_week_replaces_the_first(people):
    first = checkin_save(student=people.ms1, burnout=2, stress=2)
    second = checkin_save(student=people.ms1, burnout=3, stress=4, note="exam week")
    assert first.created and not second.created
    row = CheckIn.objects.get(student=people.ms1)
    assert (row.burnout, row.stress, row.note, row.week) == (3, 4, "exam week", this_week())


def test_the_database_refuses_two_rows_for_one_week(people):
    from django.db import IntegrityError, transaction

    checkin_save(student=people.ms1, burnout=2, stress=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(student=people.ms1, week=this_week(), burnout=1, stress=1)


def test_earlier_weeks_are_their_own_rows_and_future_weeks_are_refused(people):
    for weeks_ago in (0, 1, 2):
        checkin_save(student=people.ms1, burnout=2, stress=2, week=this_week() - timedelta(weeks=weeks_ago, days=-3))
    assert CheckIn.objects.filter(student=people.ms1).count() == 3
    with pytest.raises(HuddleError) as error:
        checkin_save(student=people.ms1, burnout=2, stress=2, week=this_week() + timedelta(weeks=1))
    assert error.value.field == "week"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"burnout": 6}, "burnout"),
        ({"stress": 0}, "stress"),
        ({"sleep_hours": 30}, "sleep_hours"),
        ({"note": "x" * 1001}, "note"),
    ],
)
def test_bad_answers_are_refused_naming_the_field(people, change, field):
    with pytest.raises(HuddleError) as error:
        checkin_save(student=people.ms1, **{"burnout": 2, "stress": 2, **change})
    assert error.value.field == field
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("role", ["faculty", "coordinator", "wellbeing"])
def test_staff_cannot_check_in(people, role):
    with pytest.raises(HuddleError):
        checkin_save(student=people.all()[role], burnout=2, stress=2)


def test_a_calm_answer_shows_no_alarm(client_for):
    client = client_for("ms1")
    response = client.post(reverse("wellbeing:checkin"), ANSWERS, follow=True)
    page = response.content.decode()
    assert "Saved. Only you can see your check-ins." in page
    assert "That sounds like a hard week" not in page


@pytest.mark.parametrize(("burnout", "stress"), [(4, 2), (5, 1), (2, 5)])
def test_a_concerning_answer_shows_resources_and_offers_a_conversation(client_for, people, burnout, stress):
    client = client_for("ms1")
    page = client.post(
        reverse("wellbeing:checkin"), {**ANSWERS, "burnout": burnout, "stress": stress}, follow=True
    ).content.decode()
    assert "That sounds like a hard week" in page
    assert 'href="tel:988"' in page and "Campus counseling (24/7)" in page
    assert "offer, never a requirement" in page
    assert "nobody has been told" in page
    # Nobody was told: no notification to anyone.
    assert not Notification.objects.exclude(user=people.ms1).exists()


def test_the_offer_links_the_listening_app_only_when_it_is_installed(client_for):
    client = client_for("ms1")
    client.post(reverse("wellbeing:checkin"), {**ANSWERS, "burnout": 5})
    with registry.nav.scoped() as nav:
        nav._items[:] = [e for e in nav._items if e.key != "listening"]
        assert "peer listener" not in client.get(reverse("wellbeing:checkin")).content.decode()
        nav.register(registry.NavEntry("listening", "Listening", "wellbeing:crisis"))
        page = client.get(reverse("wellbeing:checkin")).content.decode()
    assert f'<a href="{reverse("wellbeing:crisis")}">Talk with a trained peer listener</a>' in page


def test_the_form_keeps_errors_on_their_fields(client_for):
    response = client_for("ms1").post(reverse("wellbeing:checkin"), {**ANSWERS, "stress": "9"})
    assert response.status_code == 400 and "stress" in response.context["form"].errors


def test_the_trend_shows_the_students_own_weeks_as_a_chart_and_a_table(client_for, people):
    for weeks_ago, burnout in ((2, 1), (1, 3), (0, 4)):
        checkin_save(student=people.ms1, burnout=burnout, stress=2, week=this_week() - timedelta(weeks=weeks_ago))
    checkin_save(student=people.ms3, burnout=5, stress=5, note="Sam's private note")
    page = client_for("ms1").get(reverse("wellbeing:trend")).content.decode()
    assert "<svg" in page and 'role="img"' in page and "<table>" in page
    assert page.count("<circle") == 6  # three weeks × burnout and stress
    assert "Sam's private note" not in page
    assert "style=" not in page and "<script" not in page.split("</header>")[-1]


def test_a_student_may_erase_everything(client_for, people):
    checkin_save(student=people.ms1, burnout=2, stress=2)
    client_for("ms1").post(reverse("wellbeing:erase"))
    assert not CheckIn.objects.filter(student=people.ms1).exists()


def test_the_weekly_nudge_is_opt_in_once_a_week_and_reveals_nothing(people):
    week = this_week().isoformat()
    assert checkin_remind.call(people.ms1.pk, week) == "opted out"
    checkin_reminder_set(student=people.ms1, on=True)
    assert checkin_remind.call(people.ms1.pk, week) == "reminded"
    assert checkin_remind.call(people.ms1.pk, week) == "already reminded"
    [note] = Notification.objects.filter(user=people.ms1, kind="wellbeing.checkin_reminder")
    assert "burn" not in (note.title + note.body).lower() and "stress" not in (note.title + note.body).lower()
    assert ReminderSent.objects.filter(student=people.ms1).count() == 1


def test_no_nudge_once_the_student_has_checked_in(people):
    checkin_reminder_set(student=people.ms1, on=True)
    checkin_save(student=people.ms1, burnout=2, stress=2)
    assert checkin_remind.call(people.ms1.pk, this_week().isoformat()) == "already checked in"
    checkin_reminder_set(student=people.ms1, on=False)
    assert checkin_remind.call(people.ms1.pk, this_week().isoformat()) == "opted out"


def test_the_dashboard_asks_a_student_to_check_in_until_they_have(client_for, people):
    client = client_for("ms1")
    assert "Check in this week" in client.get(reverse("home")).content.decode()
    checkin_save(student=people.ms1, burnout=2, stress=2)
    assert "Check in this week" not in client.get(reverse("home")).content.decode()
    assert "Check in this week" not in client_for("faculty").get(reverse("home")).content.decode()


def test_the_api_gives_a_student_their_own_check_ins_only(client_for, people):
    checkin_save(student=people.ms1, burnout=2, stress=3, note="mine")
    checkin_save(student=people.ms3, burnout=5, stress=5, note="Sam's")
    data = client_for("ms1").get(reverse("api:wellbeing_my_checkins")).json()
    assert [(c["burnout"], c["note"]) for c in data] == [(2, "mine")]
    for role in ("faculty", "coordinator", "wellbeing"):
        assert client_for(role).get(reverse("api:wellbeing_my_checkins")).status_code == 403
