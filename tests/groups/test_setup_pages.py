"""Creating and editing a group over HTTP: fields refused by name, meeting times across zones, the invitation
link (renewing revokes the old one), archiving."""

from datetime import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from huddle.accounts.models import Profile, User
from huddle.groups import weeks
from huddle.groups.models import StudyGroup
from tests.groups.factories import evenings, make_group, make_student, topic
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Renal nights",
        "description": "Block 3 renal, question banks and cases.",
        "topic": str(topic("Renal").pk),
        "goal": "block_exam",
        "modality": "virtual",
        "place": "",
        "meeting_link": "https://meet.example.edu/renal",
        "language": "",
        "capacity": "5",
        "join_policy": "open",
        "listed": "on",
        "day_1": "1",
        "from_1": "18:00",
        "until_1": "20:00",
    }
    data.update(overrides)
    return data


def errors_of(response: Any, field: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_a_student_creates_a_group_and_its_times_are_stored_in_the_schools_zone(people: Personas) -> None:
    Profile.objects.filter(user=people.ms1).update(time_zone="America/Los_Angeles")
    people.ms1.refresh_from_db()
    page = signed_in(people.ms1).get(reverse("groups:new"))
    assert page.status_code == 200 and "America/Los_Angeles" in page.content.decode()
    response = signed_in(people.ms1).post(reverse("groups:new"), form_data())
    group = StudyGroup.objects.get(name="Renal nights")
    assert response.status_code == 302 and response["Location"] == reverse("groups:group", args=[group.pk])
    # Tuesday 18:00–20:00 in Los Angeles is 21:00–23:00 in New York (the school's zone), all year round.
    assert weeks.week_int(group.meeting_week) == weeks.span(1, time(21), time(23))
    assert group.time_zone == "America/Los_Angeles"
    assert group.memberships.get().role == "organiser"


def test_the_edit_form_shows_the_stored_times_back_in_the_editors_zone(people: Personas) -> None:
    Profile.objects.filter(user=people.ms1).update(time_zone="America/Los_Angeles")
    people.ms1.refresh_from_db()
    group = make_group(people.ms1, meeting_week=weeks.week_bytes(weeks.span(1, time(21), time(23))))
    form = signed_in(people.ms1).get(reverse("groups:edit", args=[group.pk])).context["form"]
    assert form["day_1"].value() == "1"
    assert form["from_1"].value() == time(18) and form["until_1"].value() == time(20)
    assert form["day_2"].value() in (None, "")


def test_an_edit_that_leaves_the_rows_alone_keeps_the_stored_week(people: Personas) -> None:
    # Four evenings: more than the form's three rows can show.
    stored = weeks.week_bytes(evenings(0, 1, 2, 3))
    group = make_group(people.ms1, meeting_week=stored)
    client = signed_in(people.ms1)
    initial = client.get(reverse("groups:edit", args=[group.pk])).context["form"].initial
    data = form_data(name="Renamed", capacity="4")
    for n in (1, 2, 3):
        data[f"day_{n}"] = initial.get(f"day_{n}", "")
        data[f"from_{n}"] = initial[f"from_{n}"].strftime("%H:%M") if f"from_{n}" in initial else ""
        data[f"until_{n}"] = initial[f"until_{n}"].strftime("%H:%M") if f"until_{n}" in initial else ""
    response = client.post(reverse("groups:edit", args=[group.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    group.refresh_from_db()
    assert group.name == "Renamed" and bytes(group.meeting_week) == stored


def test_a_size_limit_below_the_current_members_is_refused_on_capacity(people: Personas) -> None:
    group = make_group(people.ms1, capacity=5, members=3)
    response = signed_in(people.ms1).post(reverse("groups:edit", args=[group.pk]), form_data(capacity="3"))
    assert response.status_code == 400
    assert errors_of(response, "capacity") == ["The group has 4 members; the size limit cannot be lower."]
    group.refresh_from_db()
    assert group.capacity == 5


def test_a_size_limit_out_of_bounds_is_refused_on_capacity(people: Personas) -> None:
    response = signed_in(people.ms1).post(reverse("groups:new"), form_data(capacity="40"))
    assert response.status_code == 400
    assert errors_of(response, "capacity") == ["The size limit must be between 2 and 20 people."]
    assert not StudyGroup.objects.exists()


def test_an_in_person_group_needs_a_place(people: Personas) -> None:
    response = signed_in(people.ms1).post(
        reverse("groups:new"), form_data(modality="in_person", meeting_link="", place="  ")
    )
    assert response.status_code == 400
    assert errors_of(response, "place") == ["Say where the group meets in person."]


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("not a link", "Give a full link such as https://meet.example.edu/abc."),
        ("http://meet.example.edu/renal", "The meeting link must start with https://."),
        ("", "Add the link the group meets on."),
    ],
)
def test_a_bad_or_missing_meeting_link_is_refused_on_meeting_link(people: Personas, link: str, message: str) -> None:
    response = signed_in(people.ms1).post(reverse("groups:new"), form_data(meeting_link=link))
    assert response.status_code == 400
    assert errors_of(response, "meeting_link") == [message]


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"from_1": "20:00", "until_1": "18:00"}, "until_1", "Meeting time 1 must end after it starts."),
        ({"from_1": "18:15"}, "from_1", "Meeting time 1: use whole or half hours, such as 18:00 or 18:30."),
        ({"day_1": ""}, "day_1", "Choose the day of meeting time 1."),
        ({"until_1": ""}, "until_1", "Give the end of meeting time 1."),
        ({"day_2": "4", "from_2": "7pm", "until_2": "21:00"}, "from_2", "Give a time such as 18:00."),
    ],
)
def test_meeting_rows_are_checked_with_a_message_on_the_field(
    people: Personas, row: dict[str, str], field: str, message: str
) -> None:
    response = signed_in(people.ms1).post(reverse("groups:new"), form_data(**row))
    assert response.status_code == 400
    assert errors_of(response, field) == [message]


def test_until_midnight_is_the_end_of_the_day(people: Personas) -> None:
    response = signed_in(people.ms1).post(
        reverse("groups:new"), form_data(day_1="5", from_1="22:00", until_1="00:00", day_2="", from_2="", until_2="")
    )
    assert response.status_code == 302
    group = StudyGroup.objects.get()
    assert weeks.week_int(group.meeting_week) == weeks.span(5, time(22), time(0))


def test_only_students_create_and_only_organisers_edit(people: Personas) -> None:
    assert signed_in(people.faculty).get(reverse("groups:new")).status_code == 403
    group = make_group(people.ms1)
    assert signed_in(people.ms3).get(reverse("groups:edit", args=[group.pk])).status_code == 403
    assert signed_in(people.coordinator).get(reverse("groups:edit", args=[group.pk])).status_code == 200
    assert Client().get(reverse("groups:edit", args=[group.pk])).status_code == 302


def test_renewing_the_invitation_link_revokes_the_old_one(people: Personas) -> None:
    group = make_group(people.ms1, listed=False)
    organiser = signed_in(people.ms1)
    url = reverse("groups:invite", args=[group.pk])
    assert organiser.post(url, {"action": "renew"}).status_code == 302
    group.refresh_from_db()
    old = group.invite_token
    edit = organiser.get(reverse("groups:edit", args=[group.pk])).content.decode()
    assert f"http://127.0.0.1:8000/groups/invite/{old}/" in edit
    assert "revokes the old one" in edit
    organiser.post(url, {"action": "renew"})
    group.refresh_from_db()
    assert group.invite_token and group.invite_token != old
    outsider = signed_in(people.ms3)
    gone = outsider.get(reverse("groups:invitation", args=[old]))
    assert gone.status_code == 404 and "This invitation no longer works" in gone.content.decode()
    assert outsider.get(reverse("groups:invitation", args=[group.invite_token])).status_code == 200
    organiser.post(url, {"action": "revoke"})
    group.refresh_from_db()
    assert group.invite_token == ""
    assert organiser.post(url, {"action": "share"}).status_code == 400
    assert outsider.post(url, {"action": "renew"}).status_code == 404  # an invite-only group stays hidden


def test_archiving_asks_first_then_archives(people: Personas) -> None:
    group = make_group(people.ms1)
    organiser = signed_in(people.ms1)
    ask = organiser.get(reverse("groups:archive", args=[group.pk]))
    assert ask.status_code == 200 and "takes no new members" in ask.content.decode()
    assert organiser.post(reverse("groups:archive", args=[group.pk])).status_code == 302
    group.refresh_from_db()
    assert group.status == "archived"
    newcomer = make_student()
    page = signed_in(newcomer).get(reverse("groups:group", args=[group.pk]))
    assert page.status_code == 404  # archived groups leave public view; members keep them
    assert organiser.get(reverse("groups:group", args=[group.pk])).status_code == 200
