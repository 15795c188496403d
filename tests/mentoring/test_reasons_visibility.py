""""Why you were paired" says *when* two people are both free only to a reader
allowed to see both weeks; everyone else learns that the times overlap, and by
how much (a probe found partners' hidden hours in the reasons)."""

import pytest
from django.urls import reverse

from huddle.accounts.models import Visibility
from huddle.mentoring.models import ProposedPair
from tests.mentoring.pair_fixtures import standard_pair
from tests.mentoring.proposal_helpers import small_cycle

WHEN = "Tuesday 18:00–20:00"


def _hide(user, level: str) -> None:
    profile = user.profile
    profile.visibility = {**profile.visibility, "availability": level}
    profile.save()


@pytest.fixture
def pair(people):
    return standard_pair(people)


def test_the_pair_sees_when_they_are_both_free_when_the_partner_shows_it(client_for, pair):
    html = client_for("ms1").get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    assert f"3.5 hours a week ({WHEN})" in html


@pytest.mark.parametrize("level", [Visibility.ONLY_ME, Visibility.STAFF])
def test_a_mentee_is_not_told_the_hours_a_mentor_hides(client_for, people, pair, level):
    _hide(people.ms3, level)
    for path in (reverse("mentoring:pair_detail", args=[pair.pk]), reverse("mentoring:home")):
        html = client_for("ms1").get(path).content.decode()
        assert "You are both free at the same times, 3.5 hours a week." in html
        assert "Tuesday 18:00" not in html


def test_hiding_works_both_ways(client_for, people, pair):
    _hide(people.ms1, Visibility.ONLY_ME)
    html = client_for("ms3").get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    assert "Tuesday 18:00" not in html
    # Alice's own page still says it: she may see her own week and Sam shows his.
    assert WHEN in client_for("ms1").get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()


@pytest.mark.parametrize(("level", "shown"), [(Visibility.STAFF, True), (Visibility.ONLY_ME, False)])
def test_the_coordinators_proposal_follows_the_owners_choice(
    client_for, people, django_capture_on_commit_callbacks, level, shown
):
    small = small_cycle(people, django_capture_on_commit_callbacks)
    pair = ProposedPair.objects.get(cycle=small.cycle, mentee=small.ana)
    _hide(pair.mentor.user, level)
    html = client_for("coordinator").get(reverse("mentoring:proposal", args=[small.cycle.pk])).content.decode()
    assert "8 h a week free at the same time" in html  # Ana and Eve both paint the default evenings
    assert ("Monday 18:00–21:00, Wednesday 18:00–21:00, Saturday 10:00–12:00" in html) is shown
