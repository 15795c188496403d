"""Two coordinators press "Import" at the same moment: the roster is applied once."""

import threading

import pytest
from django.db import connections

from huddle.accounts.models import Invitation, RosterImport, User
from huddle.accounts.roster import roster_commit, roster_preview_create
from huddle.audit.models import AuditEvent
from huddle.lib.errors import HuddleError
from tests.accounts.roster_helpers import fixture_file


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_commits_apply_the_roster_once(people):
    roster = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def commit() -> None:
        try:
            start.wait()
            roster_commit(roster_import=RosterImport.objects.get(pk=roster.pk), by=people.coordinator)
            outcomes.append("imported")
        except HuddleError as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=commit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["This roster was already imported; nothing was changed.", "imported"]
    assert User.objects.filter(email="jane.doe@school.test").count() == 1
    assert Invitation.objects.count() == 3
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROSTER_IMPORTED).count() == 1
