"""``manage.py import_roster``: a preview by default, all or nothing with --commit."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from huddle.accounts.models import RosterImport, User
from huddle.audit.models import AuditEvent
from tests.accounts.roster_helpers import FILES


def _run(*args: str) -> str:
    out = StringIO()
    call_command("import_roster", *args, stdout=out)
    return out.getvalue()


def test_it_previews_without_importing(people):
    output = _run(str(FILES / "valid.csv"))
    assert "3 rows: 3 new, 0 updated, 0 unchanged, 0 with errors" in output
    assert "Run again with --commit to import." in output
    assert not User.objects.filter(email="jane.doe@school.test").exists()
    assert RosterImport.objects.get().uploaded_by is None


def test_it_fails_with_the_row_errors_and_imports_nothing(people):
    out = StringIO()
    with pytest.raises(CommandError, match=re.escape("1 rows have errors; nothing was imported.")):
        call_command("import_roster", str(FILES / "one_bad_row.csv"), "--commit", stdout=out)
    assert "Row 4, e-mail: “not-an-email” is not a valid e-mail address." in out.getvalue()
    assert not User.objects.filter(email="jane.doe@school.test").exists()


def test_it_commits_as_the_system(people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = _run(str(FILES / "valid.csv"), "--commit")
    assert "Imported: 3 new, 0 updated, 0 unchanged, 4 roles granted; 3 invitations queued." in output
    assert User.objects.filter(email="pat.lee@school.test").exists()
    assert AuditEvent.objects.get(action=AuditEvent.Action.ROSTER_IMPORTED).actor is None
    assert len(mailoutbox) == 3


def test_it_commits_as_a_named_coordinator(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _run(str(FILES / "valid.csv"), "--commit", "--by", "CORA@school.test")
    assert AuditEvent.objects.get(action=AuditEvent.Action.ROSTER_IMPORTED).actor == people.coordinator


def test_it_refuses_someone_who_is_not_a_coordinator(people):
    with pytest.raises(CommandError, match=re.escape("Only coordinators may import rosters.")):
        _run(str(FILES / "valid.csv"), "--commit", "--by", "alice@school.test")
    with pytest.raises(CommandError, match=re.escape("No person with e-mail 'nobody@school.test'")):
        _run(str(FILES / "valid.csv"), "--by", "nobody@school.test")


def test_it_explains_an_unusable_file(people, tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(CommandError, match=re.escape("No such file")):
        _run(str(missing))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match=re.escape("The file is empty.")):
        _run(str(empty))


def test_a_second_run_changes_nothing(people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _run(str(FILES / "valid.csv"), "--commit")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        output = _run(str(FILES / "valid.csv"), "--commit")
    assert "Imported: 0 new, 0 updated, 3 unchanged, 0 roles granted; 0 invitations queued." in output
    assert mailoutbox == []
