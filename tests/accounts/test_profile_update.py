"""The profile service refuses what the form cannot stop: other people's profiles, forged values."""

import pytest

from huddle.accounts.models import Profile
from huddle.accounts.services import ProfileChanges, availability_set, profile_update
from huddle.lib.errors import HuddleError


def changes(**overrides) -> ProfileChanges:
    values = {
        "display_name": "New", "pronouns": "", "time_zone": "America/Chicago", "modality": "either", "bio": "",
        "accessibility_notes": "", "specialties": [], "topics": [], "languages": [], "visibility": {},
    }
    values.update(overrides)
    return ProfileChanges(**values)


def test_it_refuses_to_edit_someone_elses_profile(people):
    with pytest.raises(HuddleError):
        profile_update(profile=people.ms3.profile, changes=changes(), by=people.coordinator)
    with pytest.raises(HuddleError):
        availability_set(profile=people.ms3.profile, week=bytes(42), by=people.ms1)
    assert Profile.objects.get(user=people.ms3).display_name == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"time_zone": "Mars/Base"}, "time_zone"),
        ({"modality": "hologram"}, "modality"),
        ({"visibility": {"bio": "world"}}, "visibility_bio"),
        ({"visibility": {"salary": "everyone"}}, "visibility"),
        ({"class_year": 5}, "class_year"),
        ({"graduation_year": 1980}, "graduation_year"),
        ({"display_name": "x" * 121}, "display_name"),
    ],
)
def test_it_names_the_field_of_a_forged_value(people, overrides, field):
    with pytest.raises(HuddleError) as caught:
        profile_update(profile=people.ms1.profile, changes=changes(**overrides), by=people.ms1)
    assert caught.value.field == field
    assert Profile.objects.get(user=people.ms1).display_name == ""


def test_it_gives_only_students_a_class_year(people):
    with pytest.raises(HuddleError) as caught:
        profile_update(profile=people.faculty.profile, changes=changes(class_year=2), by=people.faculty)
    assert caught.value.field == "class_year"


def test_it_refuses_a_week_of_the_wrong_size(people):
    with pytest.raises(HuddleError) as caught:
        availability_set(profile=people.ms1.profile, week=bytes(41), by=people.ms1)
    assert caught.value.field == "availability"
