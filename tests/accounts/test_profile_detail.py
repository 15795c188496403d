"""Someone's profile page: each viewer sees only the fields the owner shares with them."""

import pytest

from huddle.accounts.models import Language, Profile, Specialty, Topic
from huddle.audit.models import AuditEvent
from tests.personas import make_person

ROLES = ("ms1", "ms3", "faculty", "coordinator", "wellbeing")


def fill_profile(profile: Profile, visibility: str) -> None:
    profile.pronouns = "they/them"
    profile.bio = "Bio text only some may read."
    profile.accessibility_notes = "Needs step-free access."
    profile.visibility = {name: visibility for name in profile.visibility}
    profile.save()
    profile.specialties.add(Specialty.objects.get(name="Psychiatry"))
    profile.topics.add(Topic.objects.get(name="Renal and Urinary"))
    profile.languages.add(Language.objects.get(code="vi"))


@pytest.mark.parametrize(
    ("visibility", "allowed"),
    [
        ("everyone", set(ROLES)),
        ("staff", {"ms3", "faculty", "coordinator"}),
        ("only_me", {"ms3"}),
    ],
)
def test_it_shows_each_field_only_to_viewers_the_owner_allows(client_for, people, visibility, allowed):
    fill_profile(people.ms3.profile, visibility)
    for role in ROLES:
        html = client_for(role).get(f"/people/{people.ms3.pk}/").content.decode()
        sees = role in allowed
        assert ("they/them" in html) == sees, role
        assert ("Bio text only some may read." in html) == sees, role
        assert ("Psychiatry" in html) == sees, role
        assert ("Renal and Urinary" in html) == sees, role
        assert ("Vietnamese" in html) == sees, role
        assert ("MS3" in html) == sees, role
        assert "Sam Sato" in html  # the name is never hidden


def test_it_shows_accessibility_notes_to_the_owner_and_coordinators_only(client_for, people):
    fill_profile(people.ms3.profile, "everyone")
    for role in ROLES:
        html = client_for(role).get(f"/people/{people.ms3.pk}/").content.decode()
        assert ("Needs step-free access." in html) == (role in {"ms3", "coordinator"}), role


def test_it_audits_a_coordinator_reading_someone_elses_notes(client_for, people):
    fill_profile(people.ms3.profile, "everyone")
    client_for("ms3").get(f"/people/{people.ms3.pk}/")
    client_for("faculty").get(f"/people/{people.ms3.pk}/")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PROFILE_PRIVATE_READ).exists()
    client_for("coordinator").get(f"/people/{people.ms3.pk}/")
    event = AuditEvent.objects.get(action=AuditEvent.Action.PROFILE_PRIVATE_READ)
    assert event.actor == people.coordinator
    assert event.target == people.ms3.email
    assert event.detail == {"field": "accessibility_notes"}


def test_it_does_not_audit_when_there_are_no_notes(client_for, people):
    client_for("coordinator").get(f"/people/{people.ms3.pk}/")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PROFILE_PRIVATE_READ).exists()


def test_it_hides_a_deactivated_person_from_all_but_coordinators(client_for, people):
    people.ms3.is_active = False
    people.ms3.save()
    assert client_for("ms1").get(f"/people/{people.ms3.pk}/").status_code == 404
    response = client_for("coordinator").get(f"/people/{people.ms3.pk}/")
    assert response.status_code == 200
    assert "Deactivated" in response.content.decode()


def test_it_answers_404_for_an_unknown_person(client_for):
    assert client_for("ms1").get("/people/999999/").status_code == 404


def test_it_shows_a_person_without_a_profile(client_for):
    nobody = make_person("new@school.test", "Nia", "New", ["student"])
    Profile.objects.filter(user=nobody).delete()
    response = client_for("ms1").get(f"/people/{nobody.pk}/")
    assert response.status_code == 200
    assert "Nia New" in response.content.decode()


def test_it_sends_a_visitor_to_sign_in(client, people):
    assert client.get(f"/people/{people.ms3.pk}/").status_code == 302


def test_its_query_count_does_not_grow_with_the_profile(client_for, people, django_assert_max_num_queries):
    client = client_for("coordinator")
    fill_profile(people.ms3.profile, "everyone")
    client.get("/")  # the first request of a session checks two-factor set-up once
    with django_assert_max_num_queries(11) as small:
        client.get(f"/people/{people.ms3.pk}/")
    profile = people.ms3.profile
    profile.specialties.set(Specialty.objects.all())
    profile.topics.set(Topic.objects.all())
    profile.languages.set(Language.objects.all())
    for role in ("faculty", "coordinator", "wellbeing"):
        people.ms3.roles.get_or_create(role=role)
    with django_assert_max_num_queries(11) as large:
        response = client.get(f"/people/{people.ms3.pk}/")
    assert "Vietnamese" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
