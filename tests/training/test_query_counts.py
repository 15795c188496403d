"""The training page and the coordinators' report read a pinned number of queries, however much data there is."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from huddle.lib.qualification import PeerRole
from huddle.training.models import Attempt, Completion, Rsvp, SignOff
from tests.personas import make_person
from tests.training.factories import make_module, make_workshop, require_modules

pytestmark = pytest.mark.django_db

#: Every page reads the session, the person, their roles and the unread badge (4).
#: The training page then reads the published modules, the person's latest
#: completions, their attempts summed per module, the requirements with their
#: required modules joined to their modules (2), the person's sign-offs, their
#: certificates, and the upcoming workshops with counts and the person's own
#: RSVP (2): 4 + 9 = 13.
#: The report reads modules, every latest completion, the requirements (2) and
#: the sign-offs: 4 + 5 = 9.
PAGES = {"home": ("ms3", "/training/", 13), "report": ("coordinator", "/training/manage/report/", 9)}


def _grow(modules, people, n_people: int) -> None:
    """``n_people`` more people, each with attempts, completions, an RSVP and some sign-offs (bulk)."""
    now = timezone.now()
    others = [make_person(f"p{i}@school.test", "P", str(i), ["student"], 3) for i in range(n_people)]
    for person in [*others, people.ms3]:
        for module in modules:
            attempt = Attempt.objects.create(
                person=person, quiz=module.current_quiz, answers=[], score=100, passed=True, submitted_at=now
            )
            Completion.objects.create(
                person=person,
                module=module,
                quiz=module.current_quiz,
                attempt=attempt,
                completed_at=now - timedelta(days=400),
            )
            Completion.objects.create(person=person, module=module, quiz=module.current_quiz, completed_at=now)
    SignOff.objects.bulk_create(SignOff(person=p, role="listener", given_at=now) for p in others[::2])
    for module in modules:
        workshop = make_workshop(module, capacity=n_people + 5)
        Rsvp.objects.bulk_create(
            Rsvp(workshop=workshop, person=p, status="going", seat=i) for i, p in enumerate([*others, people.ms3], 1)
        )


def _count(client, url: str) -> int:
    client.get(url)  # the first request of a session checks two-factor once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_training_page_and_the_report_read_a_pinned_number_of_queries(people, client_for):
    modules = [make_module(t, valid_for_days=365) for t in ("Active listening", "Crisis response", "Mentoring basics")]
    require_modules(PeerRole.LISTENER, modules[0], modules[1], sign_off_by="wellbeing")
    require_modules(PeerRole.MENTOR, modules[2])
    make_workshop(modules[0])
    counts = {page: _count(client_for(who), url) for page, (who, url, _n) in PAGES.items()}
    assert counts == {page: n for page, (_who, _url, n) in PAGES.items()}
    _grow(modules, people, 30)
    counts = {page: _count(client_for(who), url) for page, (who, url, _n) in PAGES.items()}
    assert counts == {page: n for page, (_who, _url, n) in PAGES.items()}


#: A module page reads the module with its quiz version, the person's latest
#: completion of it, their attempts at it (count and best) and its workshops
#: with the person's own RSVPs (2); the quiz reads the module with its version;
#: the workshops list reads the workshops with counts and the person's RSVPs.
MORE_PAGES = {"module": 9, "quiz": 5, "workshops": 6}


def test_a_module_its_quiz_and_the_workshops_read_a_pinned_number_of_queries(people, client_for):
    modules = [make_module(t, valid_for_days=365) for t in ("Active listening", "Crisis response", "Mentoring basics")]
    make_workshop(modules[0])
    urls = {
        "module": f"/training/modules/{modules[0].slug}/",
        "quiz": f"/training/modules/{modules[0].slug}/quiz/",
        "workshops": "/training/workshops/",
    }
    counts = {page: _count(client_for("ms3"), url) for page, url in urls.items()}
    assert counts == MORE_PAGES
    _grow(modules, people, 30)
    counts = {page: _count(client_for("ms3"), url) for page, url in urls.items()}
    assert counts == MORE_PAGES
