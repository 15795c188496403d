"""Asking for a rematch at any time: private to coordinators, once until resolved."""


import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.mentoring.models import RematchRequest
from huddle.mentoring.pairs import services as pairs_services
from huddle.notifications.models import Notification
from tests.mentoring.pair_fixtures import make_student, standard_pair, without_tokens

REASON = "I would rather have a mentor interested in surgery"


@pytest.fixture
def pair(people):
    return standard_pair(people)


def url(pair):
    return reverse("mentoring:pair_rematch", args=[pair.pk])


def page(pair):
    return reverse("mentoring:pair_detail", args=[pair.pk])


def test_it_records_the_request_and_tells_coordinators_only(client_for, people, pair):
    partner_before = without_tokens(client_for("ms1").get(page(pair)).content.decode())
    html = client_for("ms3").post(url(pair), {"rematch-reason": REASON}, HTTP_HX_REQUEST="true").content.decode()
    assert "a coordinator will find you a new match" in html
    request = RematchRequest.objects.get()
    assert (request.kind, request.requested_by, request.reason) == ("asked", people.ms3, REASON)
    pair.refresh_from_db()
    assert pair.needs_rematch
    note = Notification.objects.get(kind="mentoring.rematch")
    assert note.user == people.coordinator
    assert REASON not in note.body
    partner_after = without_tokens(client_for("ms1").get(page(pair)).content.decode())
    assert partner_after == partner_before


def test_it_shows_the_asker_that_the_request_is_open(client_for, pair):
    client = client_for("ms1")
    client.post(url(pair), {"rematch-reason": ""})
    assert "You asked for a new match on" in client.get(page(pair)).content.decode()


def test_it_refuses_a_second_open_request_from_the_same_person(client_for, pair):
    client = client_for("ms1")
    client.post(url(pair), {"rematch-reason": ""})
    response = client.post(url(pair), {"rematch-reason": "again"}, HTTP_HX_REQUEST="true")
    assert "You asked for a new match on" in response.content.decode()
    assert RematchRequest.objects.count() == 1


def test_the_service_refuses_a_second_open_request(people, pair):
    from huddle.lib.errors import HuddleError

    pairs_services.rematch_request_create(mentorship=pair, by=people.ms1)
    with pytest.raises(HuddleError, match="already asked"):
        pairs_services.rematch_request_create(mentorship=pair, by=people.ms1, reason="again")


def test_it_allows_a_new_request_once_the_last_was_resolved(client_for, people, pair):
    client = client_for("ms1")
    client.post(url(pair), {"rematch-reason": ""})
    RematchRequest.objects.update(resolved_at=timezone.now(), resolved_by=people.coordinator)
    client.post(url(pair), {"rematch-reason": "still not working"})
    assert RematchRequest.objects.count() == 2


def test_it_records_reading_requests_in_the_audit_log(client_for, people, pair):
    from huddle.audit.models import AuditEvent

    client_for("ms1").post(url(pair), {"rematch-reason": REASON})
    html = client_for("coordinator").get(page(pair)).content.decode()
    assert REASON in html
    event = AuditEvent.objects.get(action=AuditEvent.Action.REMATCH_REQUEST_READ)
    assert event.actor == people.coordinator
    assert event.target == f"mentorship:{pair.pk}"


def test_it_refuses_someone_outside_the_pair(client, pair):
    client.force_login(make_student())
    assert client.post(url(pair), {"rematch-reason": "x"}).status_code == 404
    assert not RematchRequest.objects.exists()
