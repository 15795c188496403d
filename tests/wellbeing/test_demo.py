"""The demo school's well-being: built once, the same from the same seed, and removed on reset."""

from io import StringIO

import pytest
from django.core.management import call_command

from huddle.wellbeing.models import CheckIn, CrisisResource, Story

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    published = Story.objects.filter(status=Story.Status.PUBLISHED).count()
    return CheckIn.objects.count(), CrisisResource.objects.count(), published, Story.objects.count() - published


def test_the_demo_builds_a_year_of_check_ins_stories_and_resources_once(taxonomies):
    call_command("seed_demo", students=40, faculty=4, stdout=StringIO())
    checkins, resources, published, pending = _counts()
    assert checkins > 200 and resources == 5 and 6 <= published <= 10 and pending == 2
    assert Story.objects.filter(anonymous=True, status=Story.Status.PUBLISHED).exists()
    assert CheckIn.objects.values("week").distinct().count() > 40
    call_command("seed_demo", students=40, faculty=4, stdout=StringIO())
    assert _counts() == (checkins, resources, published, pending)


def test_a_tiny_school_still_builds(taxonomies):
    call_command("seed_demo", students=8, faculty=2, stdout=StringIO())
    assert Story.objects.count() == 10
