"""roster_commit: all or nothing, once, audited, and a re-import changes nothing."""

import pytest
from allauth.account.models import EmailAddress

from huddle.accounts.models import Invitation, Profile, RoleAssignment, RosterImport, User
from huddle.accounts.roster import roster_commit, roster_discard, roster_preview_create
from huddle.audit.models import AuditEvent
from huddle.lib.errors import HuddleError
from tests.accounts.roster_helpers import HEADER, fixture_file, preview


def _commit(roster, by, capture):
    with capture(execute=True):
        return roster_commit(roster_import=roster, by=by)


def test_it_creates_people_with_roles_profiles_and_verified_addresses(people, django_capture_on_commit_callbacks):
    roster = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    result = _commit(roster, people.coordinator, django_capture_on_commit_callbacks)
    assert (result.created, result.updated, result.unchanged, result.roles_granted) == (3, 0, 0, 4)
    jane = User.objects.get(email="jane.doe@school.test")
    assert (jane.first_name, jane.last_name) == ("Jane", "Doe")
    assert not jane.has_usable_password()
    assert jane.profile.class_year == 1
    assert list(jane.profile.languages.values_list("code", flat=True)) == ["es"]
    assert EmailAddress.objects.filter(user=jane, email=jane.email, verified=True, primary=True).exists()
    omar = User.objects.get(email="omar.ali@school.test")
    assert omar.role_set == {"faculty", "coordinator"}
    assert RoleAssignment.objects.get(user=omar, role="coordinator").granted_by == people.coordinator
    roster.refresh_from_db()
    assert roster.status == RosterImport.Status.COMMITTED
    assert roster.committed_at is not None


def test_it_records_the_import_and_each_role_grant_in_the_audit_log(people, django_capture_on_commit_callbacks):
    roster = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    _commit(roster, people.coordinator, django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROSTER_IMPORTED)
    assert (event.actor, event.target) == (people.coordinator, "valid.csv")
    assert event.detail == {
        "import": roster.pk,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "roles_granted": 4,
        "invitations": 3,
    }
    grants = AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_GRANTED)
    assert sorted((e.target, e.detail["role"]) for e in grants) == [
        ("jane.doe@school.test", "student"),
        ("omar.ali@school.test", "coordinator"),
        ("omar.ali@school.test", "faculty"),
        ("pat.lee@school.test", "student"),
    ]


def test_it_sends_one_invitation_per_new_person_after_the_commit(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    roster = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        roster_commit(roster_import=roster, by=people.coordinator)
    assert mailoutbox == []  # Nothing leaves before the transaction commits.
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mailoutbox) == [
        "jane.doe@school.test",
        "omar.ali@school.test",
        "pat.lee@school.test",
    ]
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 3


def test_a_reimport_of_the_same_file_changes_nothing_and_sends_nothing(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    first = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    _commit(first, people.coordinator, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    users, roles, events = User.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count()

    again = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    assert {row["status"] for row in again.rows} == {"unchanged"}
    result = _commit(again, people.coordinator, django_capture_on_commit_callbacks)
    assert (result.created, result.updated, result.unchanged, result.roles_granted) == (0, 0, 3, 0)
    assert (User.objects.count(), RoleAssignment.objects.count()) == (users, roles)
    assert AuditEvent.objects.count() == events + 1  # Only the import itself.
    assert mailoutbox == []


def test_it_updates_existing_people_and_only_adds_roles_and_languages(people, django_capture_on_commit_callbacks):
    text = HEADER + "sam@school.test,Samuel,Sato,coordinator,MS4,es\n"
    roster = preview(text, people.coordinator)
    result = _commit(roster, people.coordinator, django_capture_on_commit_callbacks)
    assert (result.created, result.updated, result.invitations) == (0, 1, 0)
    sam = User.objects.get(pk=people.ms3.pk)
    assert sam.first_name == "Samuel"
    assert sam.role_set == {"student", "coordinator"}  # Student kept: imports never remove roles.
    assert sam.profile.class_year == 3  # Not a student row, so the class year is left alone.
    assert list(sam.profile.languages.values_list("code", flat=True)) == ["es"]


def test_it_moves_a_student_to_the_next_class_year(people, django_capture_on_commit_callbacks):
    roster = preview(HEADER + "alice@school.test,Alice,Ames,student,MS2,\n", people.coordinator)
    _commit(roster, people.coordinator, django_capture_on_commit_callbacks)
    assert Profile.objects.get(user=people.ms1).class_year == 2


def test_it_imports_nothing_when_a_new_person_appeared_since_the_preview(people, django_capture_on_commit_callbacks):
    text = (
        HEADER
        + "first@school.test,First,Person,student,MS1,es\n"
        + "second@school.test,Second,Person,coordinator,,\n"
        + "late@school.test,Late,Comer,faculty,,\n"
        + "sam@school.test,Samuel,Sato,student,MS4,\n"
    )
    roster = preview(text, people.coordinator)
    assert roster.summary["error"] == 0
    # Someone else creates row 4's person between the preview and the commit:
    # only the database's unique e-mail constraint can notice.
    User.objects.create_user("late@school.test", None, first_name="Late", last_name="Comer")
    users, events = User.objects.count(), AuditEvent.objects.count()

    with pytest.raises(HuddleError) as caught, django_capture_on_commit_callbacks(execute=True) as callbacks:
        roster_commit(roster_import=roster, by=people.coordinator)

    assert "Row 4, e-mail: late@school.test was added to Huddle after this preview was made." in caught.value.message
    assert "Nothing was imported" in caught.value.message
    assert callbacks == []
    assert User.objects.count() == users
    assert not User.objects.filter(email__in=["first@school.test", "second@school.test"]).exists()
    assert not EmailAddress.objects.filter(email="first@school.test").exists()
    assert User.objects.get(pk=people.ms3.pk).first_name == "Sam"
    assert AuditEvent.objects.count() == events
    assert not Invitation.objects.exists()
    roster.refresh_from_db()
    assert roster.status == RosterImport.Status.PREVIEW


def test_it_refuses_to_commit_the_same_import_twice(people, django_capture_on_commit_callbacks):
    roster = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    _commit(roster, people.coordinator, django_capture_on_commit_callbacks)
    with pytest.raises(HuddleError, match="already imported"):
        _commit(roster, people.coordinator, django_capture_on_commit_callbacks)
    assert User.objects.filter(email="jane.doe@school.test").count() == 1
    assert Invitation.objects.count() == 3


def test_it_refuses_a_file_with_errors(people):
    roster = roster_preview_create(file=fixture_file("one_bad_row.csv"), by=people.coordinator)
    with pytest.raises(HuddleError, match="1 rows have errors"):
        roster_commit(roster_import=roster, by=people.coordinator)
    assert not User.objects.filter(email="jane.doe@school.test").exists()


def test_it_refuses_a_discarded_import(people):
    roster = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    roster_discard(roster_import=roster, by=people.coordinator)
    with pytest.raises(HuddleError, match="discarded"):
        roster_commit(roster_import=roster, by=people.coordinator)


def test_it_refuses_people_who_may_not_import(people):
    roster = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    with pytest.raises(HuddleError, match="Only coordinators"):
        roster_commit(roster_import=roster, by=people.faculty)
    assert not User.objects.filter(email="jane.doe@school.test").exists()


def test_the_command_line_imports_as_the_system(people, django_capture_on_commit_callbacks):
    roster = roster_preview_create(file=fixture_file("valid.csv"), by=None)
    _commit(roster, None, django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROSTER_IMPORTED)
    assert (event.actor, event.actor_label) == (None, "system")
    assert RoleAssignment.objects.get(user__email="omar.ali@school.test", role="coordinator").granted_by is None
