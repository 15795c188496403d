"""Joining, asking, deciding, leaving, removing and handing over, over HTTP, with what the page says."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from huddle.accounts.models import User
from huddle.groups.membership.services import membership_request
from huddle.groups.models import Membership, StudyGroup
from huddle.notifications.models import Notification
from tests.groups.factories import make_group, make_student
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_of(group: StudyGroup) -> str:
    return reverse("groups:group", args=[group.pk])


def row(group: StudyGroup, person: User) -> Membership:
    return Membership.objects.get(group=group, person=person, status__in=("active", "requested"))


def test_a_student_joins_an_open_group(
    people: Personas, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    group = make_group(people.ms3, capacity=3)
    client = signed_in(people.ms1)
    page = client.get(page_of(group)).content.decode()
    assert "Join the group" in page and "1 of 3 places taken" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("groups:join", args=[group.pk]))
    assert response.status_code == 302 and response["Location"] == page_of(group)
    assert row(group, people.ms1).status == "active"
    assert Notification.objects.filter(user=people.ms3, kind="groups.member_joined").count() == 1
    after = client.get(page_of(group)).content.decode()
    assert "2 of 3 places taken" in after and "Leave the group" in after


def test_joining_a_full_group_is_refused_on_the_page_with_409(people: Personas) -> None:
    group = make_group(people.ms3, capacity=2, members=1)
    response = signed_in(people.ms1).post(reverse("groups:join", args=[group.pk]))
    assert response.status_code == 409
    assert "This group is full (2 of 2 places)." in response.content.decode()
    assert not Membership.objects.filter(group=group, person=people.ms1).exists()


def test_a_request_with_a_note_is_approved_by_the_organiser(people: Personas) -> None:
    group = make_group(people.ms3, join_policy="request")
    asker = signed_in(people.ms1)
    assert "Ask to join" in asker.get(page_of(group)).content.decode()
    response = asker.post(reverse("groups:request", args=[group.pk]), {"request_note": "MS1, free Tuesdays"})
    assert response.status_code == 302
    assert "You asked to join" in asker.get(page_of(group)).content.decode()
    organiser = signed_in(people.ms3)
    page = organiser.get(page_of(group)).content.decode()
    assert "MS1, free Tuesdays" in page and "Alice Ames" in page
    request_row = row(group, people.ms1)
    # Someone else cannot decide it.
    assert signed_in(make_student()).post(reverse("groups:approve", args=[request_row.pk])).status_code == 403
    assert organiser.post(reverse("groups:approve", args=[request_row.pk])).status_code == 302
    assert row(group, people.ms1).status == "active"
    # Deciding it again (another tab) is refused with a message, not a crash.
    again = organiser.post(reverse("groups:approve", args=[request_row.pk]))
    assert again.status_code == 409 and "This has already changed" in again.content.decode()


def test_a_request_note_too_long_is_refused_on_the_note(people: Personas) -> None:
    group = make_group(people.ms3, join_policy="request")
    response = signed_in(people.ms1).post(reverse("groups:request", args=[group.pk]), {"request_note": "x" * 501})
    assert response.status_code == 400
    assert response.context["request_form"].errors["request_note"]


def test_a_declined_request_and_a_withdrawn_one(people: Personas) -> None:
    group = make_group(people.ms3, join_policy="request")
    asked = membership_request(person=people.ms1, group=group, note="")
    assert signed_in(people.ms3).post(reverse("groups:decline", args=[asked.pk])).status_code == 302
    asked.refresh_from_db()
    assert asked.status == "declined"
    other = make_student()
    theirs = membership_request(person=other, group=group)
    # Only the asker withdraws (someone else gets 404: no hint the request exists).
    assert signed_in(people.ms1).post(reverse("groups:withdraw", args=[theirs.pk])).status_code == 404
    assert signed_in(other).post(reverse("groups:withdraw", args=[theirs.pk])).status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == "withdrawn"


def test_an_invite_only_group_is_hidden_from_outsiders_but_open_through_its_link(people: Personas) -> None:
    group = make_group(people.ms3, listed=False)
    StudyGroup.objects.filter(pk=group.pk).update(invite_token="tok-" + "a" * 30)
    outsider = signed_in(people.ms1)
    assert outsider.get(page_of(group)).status_code == 404
    assert outsider.post(reverse("groups:join", args=[group.pk])).status_code == 404
    landing = outsider.get(reverse("groups:invitation", args=["tok-" + "a" * 30]))
    page = landing.content.decode()
    assert landing.status_code == 200 and group.name in page and "Join the group" in page
    assert 'name="token" value="tok-' in page
    assert outsider.post(reverse("groups:join", args=[group.pk]), {"token": "tok-" + "a" * 30}).status_code == 302
    assert outsider.get(page_of(group)).status_code == 200  # a member now
    assert signed_in(people.coordinator).get(page_of(group)).status_code == 200
    assert signed_in(make_student()).get(reverse("groups:invitation", args=["nope"])).status_code == 404


def test_outsiders_see_the_count_and_organisers_but_not_the_members_or_the_link(people: Personas) -> None:
    group = make_group(people.ms3, members=2)
    page = signed_in(people.ms1).get(page_of(group)).content.decode()
    assert "3 members" in page and "Sam Sato" in page
    assert "https://meet.example.edu/cardio" not in page and "Members see the link." in page
    inside = signed_in(people.ms3).get(page_of(group)).content.decode()
    assert "https://meet.example.edu/cardio" in inside


def test_a_member_leaves(people: Personas) -> None:
    group = make_group(people.ms3)
    client = signed_in(people.ms1)
    client.post(reverse("groups:join", args=[group.pk]))
    assert client.post(reverse("groups:leave", args=[group.pk])).status_code == 302
    assert not Membership.objects.filter(group=group, person=people.ms1, status="active").exists()
    assert client.post(reverse("groups:leave", args=[group.pk])).status_code == 409


def test_the_last_organiser_is_told_who_takes_over_and_the_role_passes(people: Personas) -> None:
    group = make_group(people.ms3, members=2)
    first, _second = group.memberships.filter(role="member").order_by("joined_at", "pk")
    client = signed_in(people.ms3)
    page = client.get(page_of(group)).content.decode()
    name = first.person.profile.name
    assert f"the organiser role passes to {name}" in page
    assert client.post(reverse("groups:leave", args=[group.pk])).status_code == 302
    first.refresh_from_db()
    assert first.role == "organiser"


def test_the_only_member_leaving_flags_the_group_for_coordinators(
    people: Personas, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    group = make_group(people.ms3)
    client = signed_in(people.ms3)
    assert "the group will be flagged to the coordinators" in client.get(page_of(group)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("groups:leave", args=[group.pk]))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.needs_organiser
    problems = signed_in(people.coordinator).get(reverse("groups:problems")).content.decode()
    assert group.name in problems
    told = Notification.objects.filter(kind="groups.needs_organiser")
    assert [n.user_id for n in told] == [people.coordinator.pk]


def test_no_one_is_approved_into_an_archived_group(people: Personas) -> None:
    group = make_group(people.ms3, join_policy="request")
    asker = make_student()
    row = membership_request(person=asker, group=group)
    StudyGroup.objects.filter(pk=group.pk).update(status=StudyGroup.Status.ARCHIVED)
    response = signed_in(people.ms3).post(reverse("groups:approve", args=[row.pk]))
    assert response.status_code == 409
    row.refresh_from_db()
    assert row.status == Membership.Status.REQUESTED


def test_an_invite_only_group_sends_a_leaver_home(people: Personas) -> None:
    group = make_group(people.ms3, members=1)
    StudyGroup.objects.filter(pk=group.pk).update(listed=False)
    leaver = group.memberships.get(role="member").person
    response = signed_in(leaver).post(reverse("groups:leave", args=[group.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("groups:home")


def test_an_organiser_removes_a_member_but_not_another_organiser(people: Personas) -> None:
    group = make_group(people.ms3, members=2)
    first, second = group.memberships.filter(role="member").order_by("joined_at", "pk")
    organiser = signed_in(people.ms3)
    assert organiser.post(reverse("groups:make_organiser", args=[first.pk])).status_code == 302
    refused = organiser.post(reverse("groups:remove", args=[first.pk]))
    assert refused.status_code == 409 and "cannot remove another organiser" in refused.content.decode()
    assert organiser.post(reverse("groups:remove", args=[second.pk])).status_code == 302
    second.refresh_from_db()
    assert second.status == "removed" and second.seat is None
    # The co-organiser cannot remove the first organiser either: only a coordinator removes an organiser.
    assert signed_in(first.person).post(reverse("groups:remove", args=[row(group, people.ms3).pk])).status_code == 409
    assert row(group, people.ms3).status == "active"


def test_a_plain_member_cannot_decide_or_remove(people: Personas) -> None:
    group = make_group(people.ms3, members=2)
    first, second = group.memberships.filter(role="member").order_by("joined_at", "pk")
    member = signed_in(first.person)
    assert member.post(reverse("groups:remove", args=[second.pk])).status_code == 403
    assert member.post(reverse("groups:make_organiser", args=[second.pk])).status_code == 403


def test_an_organiser_hands_the_role_over(people: Personas) -> None:
    group = make_group(people.ms3, members=1)
    heir = group.memberships.get(role="member")
    assert signed_in(people.ms3).post(reverse("groups:hand_over", args=[heir.pk])).status_code == 302
    heir.refresh_from_db()
    assert heir.role == "organiser"
    assert row(group, people.ms3).role == "member"


def test_membership_actions_only_answer_post(people: Personas) -> None:
    group = make_group(people.ms3)
    client = signed_in(people.ms1)
    assert client.get(reverse("groups:join", args=[group.pk])).status_code == 405
    assert client.get(reverse("groups:leave", args=[group.pk])).status_code == 405
    assert Client().post(reverse("groups:join", args=[group.pk])).status_code == 302  # to sign in
