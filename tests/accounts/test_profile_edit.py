"""Editing your own profile: every field saves together, bad input saves nothing."""

from typing import Any

import pytest

from huddle.accounts.models import VISIBLE_FIELDS, Language, Profile, Specialty, Topic

URL = "/people/me/"


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "display_name": "Ally A.",
        "pronouns": "she/her",
        "class_year": "1",
        "graduation_year": "",
        "specialties": [Specialty.objects.get(name="Pediatrics").pk],
        "topics": [Topic.objects.get(name="Cardiovascular").pk, Topic.objects.get(name="Anatomy").pk],
        "languages": [Language.objects.get(code="es").pk],
        "time_zone": "America/Chicago",
        "modality": "virtual",
        "bio": "First-year, loves anatomy.",
        "accessibility_notes": "Captions help me.",
    }
    data.update({f"visibility_{name}": "everyone" for name in VISIBLE_FIELDS if name != "availability"})
    data.update(overrides)
    return data


def test_it_shows_the_form_with_its_labels(client_for):
    response = client_for("ms1").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Display name", "Pronouns", "Short bio", "Class year", "Graduation year", "Time zone",
                  "Accessibility notes", "Who sees your pronouns", "Save profile"):
        assert label in html
    assert "Organ system" in html and "Discipline" in html  # topics grouped by kind
    assert '<option value="America/Los_Angeles">Pacific (America/Los_Angeles)</option>' in html
    assert '<option value="America/New_York" selected>' in html


def test_it_saves_every_field_at_once(client_for, people):
    client = client_for("ms1")
    data = form_data(visibility_bio="staff", visibility_languages="only_me", graduation_year="2029")
    response = client.post(URL, data, follow=True)
    assert response.status_code == 200
    assert "Your profile is saved." in response.content.decode()
    profile = Profile.objects.get(user=people.ms1)
    assert profile.display_name == "Ally A."
    assert profile.pronouns == "she/her"
    assert profile.class_year == 1
    assert profile.graduation_year == 2029
    assert profile.time_zone == "America/Chicago"
    assert profile.modality == "virtual"
    assert profile.accessibility_notes == "Captions help me."
    assert [s.name for s in profile.specialties.all()] == ["Pediatrics"]
    assert sorted(t.name for t in profile.topics.all()) == ["Anatomy", "Cardiovascular"]
    assert [lang.code for lang in profile.languages.all()] == ["es"]
    assert profile.visibility_of("bio") == "staff"
    assert profile.visibility_of("languages") == "only_me"
    assert profile.visibility_of("availability") == "everyone"  # untouched here


def test_it_moves_the_session_to_the_new_time_zone(client_for):
    client = client_for("ms1")
    client.post(URL, form_data(time_zone="America/Denver"))
    assert client.session["tz"] == "America/Denver"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"display_name": "x" * 121}, "Display name: Ensure this value has at most 120 characters"),
        ({"pronouns": "x" * 41}, "Pronouns: Ensure this value has at most 40 characters"),
        ({"bio": "x" * 1001}, "Short bio: Ensure this value has at most 1000 characters"),
        ({"accessibility_notes": "x" * 1001}, "Accessibility notes: Ensure this value has at most 1000"),
        ({"time_zone": "Mars/Olympus_Mons"}, "Time zone: “Mars/Olympus_Mons” is not a known time zone."),
        ({"modality": "teleport"}, "Modality preference: Select a valid choice."),
        ({"class_year": "9"}, "Class year: Select a valid choice."),
        ({"graduation_year": "1999"}, "Graduation year must be between"),
        ({"graduation_year": "20x9"}, "Graduation year: Enter a four-digit year."),
        ({"visibility_bio": "public"}, "Who sees your bio: Choose everyone, program staff or only me."),
        ({"specialties": ["999999"]}, "Specialty interests: Select a valid choice."),
        ({"languages": ["abc"]}, "Languages spoken: “abc” is not a valid value."),
    ],
)
def test_it_refuses_bad_input_naming_the_field_and_saves_nothing(client_for, people, overrides, message):
    before = Profile.objects.get(user=people.ms1)
    response = client_for("ms1").post(URL, form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    after = Profile.objects.get(user=people.ms1)
    # The valid fields in the same submission were not saved either.
    assert after.display_name == before.display_name == ""
    assert after.time_zone == before.time_zone
    assert not after.topics.exists()
    assert after.updated_at == before.updated_at


def test_it_offers_students_only_the_class_year(client_for, people):
    response = client_for("faculty").get(URL)
    assert "Graduation year" not in response.content.decode()
    # A crafted class year from a non-student is ignored, not saved.
    data = form_data(class_year="2", graduation_year="2030")
    del data["visibility_class_year"]
    client_for("faculty").post(URL, data)
    profile = Profile.objects.get(user=people.faculty)
    assert profile.display_name == "Ally A."
    assert profile.class_year is None
    assert profile.graduation_year is None


def test_it_keeps_a_deactivated_topic_the_person_already_chose(client_for, people):
    topic = Topic.objects.get(name="Anatomy")
    people.ms1.profile.topics.add(topic)
    Topic.objects.filter(pk=topic.pk).update(is_active=False)
    response = client_for("ms1").post(URL, form_data())
    assert response.status_code == 302
    assert people.ms1.profile.topics.filter(pk=topic.pk).exists()


def test_it_refuses_a_deactivated_topic_as_a_new_choice(client_for, people):
    topic = Topic.objects.get(name="Anatomy")
    Topic.objects.filter(pk=topic.pk).update(is_active=False)
    response = client_for("ms1").post(URL, form_data())
    assert response.status_code == 400
    assert "Courses and topics: Select a valid choice." in response.content.decode()
    assert not people.ms1.profile.topics.exists()


def test_it_sends_a_visitor_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_its_query_count_does_not_grow_with_the_taxonomy(client_for, people, django_assert_max_num_queries):
    client = client_for("ms1")
    client.get(URL)
    with django_assert_max_num_queries(13) as small:
        client.get(URL)
    Topic.objects.bulk_create([Topic(name=f"Elective {i}", kind="course") for i in range(300)])
    profile = people.ms1.profile
    profile.topics.set(Topic.objects.all())
    profile.specialties.set(Specialty.objects.all())
    profile.languages.set(Language.objects.all())
    with django_assert_max_num_queries(13) as large:
        assert "Elective 299" in client.get(URL).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
