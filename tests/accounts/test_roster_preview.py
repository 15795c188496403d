"""roster_preview_create: every problem named by row and field, nothing written but the preview."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huddle.accounts import roster_csv
from huddle.accounts.models import Language, Profile, RosterImport, User
from huddle.accounts.roster import roster_preview_create
from huddle.lib.errors import HuddleError
from tests.accounts.roster_helpers import HEADER, big_roster, fixture_file, messages_of, preview, upload


def test_it_previews_a_valid_file_without_creating_anyone(people):
    before = User.objects.count()
    roster = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    assert roster.status == RosterImport.Status.PREVIEW
    assert roster.filename == "valid.csv"
    assert len(roster.sha256) == 64
    assert roster.summary | {"file_warnings": [], "columns": []} == {
        "new": 3,
        "update": 0,
        "unchanged": 0,
        "error": 0,
        "total": 3,
        "warnings": 0,
        "file_warnings": [],
        "columns": [],
    }
    assert [r["roles"] for r in roster.rows] == [["student"], ["faculty", "coordinator"], ["student"]]
    assert roster.rows[2]["class_year"] == 2
    assert roster.rows[2]["languages"] == ["es", "fr"]
    assert User.objects.count() == before


def test_it_reports_each_bad_row_with_its_number_and_field(people):
    roster = roster_preview_create(file=fixture_file("every_error.csv"), by=people.coordinator)
    assert roster.summary["error"] == 9
    assert roster.summary["new"] == 1
    assert messages_of(roster, 3) == ["Row 3, e-mail: “bad-email” is not a valid e-mail address."]
    assert "Row 4, e-mail: dup@school.test is also on row 11" in messages_of(roster, 4)[0]
    assert "Row 11, e-mail: dup@school.test is also on row 4" in messages_of(roster, 11)[0]
    assert messages_of(roster, 5) == ["Row 5, e-mail: this value is missing."]
    assert messages_of(roster, 6) == ["Row 6, last name: this value is missing."]
    assert messages_of(roster, 7)[0].startswith("Row 7, role: “janitor” is not a role Huddle knows.")
    assert messages_of(roster, 8)[0].startswith("Row 8, class year: students need a class year")
    assert messages_of(roster, 9)[0].startswith("Row 9, class year: “MS7” is not a class year.")
    assert messages_of(roster, 10)[0].startswith("Row 10, languages: “Klingon” is not a language Huddle knows.")
    assert messages_of(roster, 2) == []


def test_it_understands_excel_style_headers_bom_and_semicolons(people):
    roster = roster_preview_create(file=fixture_file("excel_semicolons_bom.csv"), by=people.coordinator)
    assert roster.summary["error"] == 0, roster.rows
    jane, omar = roster.rows
    assert jane["email"] == "jane.doe@school.test"
    assert (jane["roles"], jane["class_year"], jane["languages"]) == (["student"], 1, ["es"])
    assert omar["roles"] == ["faculty", "coordinator"]
    assert roster.summary["file_warnings"] == ["The column “Notes” is not used and was ignored."]


@pytest.mark.parametrize(
    ("value", "class_year", "graduation_year"),
    [
        ("MS3", 3, None),
        ("ms 2", 2, None),
        ("M4", 4, None),
        ("1", 1, None),
        ("2030", 1, 2030),
        ("Class of 2027", 4, 2027),
    ],
)
def test_it_reads_class_years_in_several_forms(value, class_year, graduation_year):
    parsed = roster_csv.parse(
        (HEADER + f"a@school.test,A,B,student,{value},\n").encode(), languages={}, today=date(2026, 11, 25)
    )
    row = parsed.rows[0]
    assert (row.errors, row.class_year, row.graduation_year) == ([], class_year, graduation_year)


def test_it_warns_when_a_graduation_year_is_out_of_range():
    parsed = roster_csv.parse(
        (HEADER + "a@school.test,A,B,student,2035,\n").encode(), languages={}, today=date(2026, 11, 25)
    )
    row = parsed.rows[0]
    assert row.errors == []
    assert (row.class_year, row.graduation_year) == (None, 2035)
    assert row.warnings[0].startswith("Row 2, class year: graduation year 2035 is outside MS1 to MS4")


def test_it_accepts_role_spellings_and_warns_about_a_class_year_for_staff():
    text = HEADER + "a@school.test,A,B,Well-being staff; Faculty member,MS2,\n"
    row = roster_csv.parse(text.encode(), languages={}, today=date(2026, 11, 25)).rows[0]
    assert row.roles == ["wellbeing", "faculty"]
    assert row.class_year is None
    assert row.warnings == ["Row 2, class year: “MS2” is ignored: only students have a class year."]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"  \n", "The file is empty."),
        (HEADER.encode(), "The file has a header row but no people."),
        (b"PK\x03\x04rest-of-a-zip", "This is an Excel workbook, not a CSV file."),
        (b"\x00\x01\x02binary", "This is not a text CSV file."),
        (
            HEADER.encode() + b"a@school.test,Jos\xe9,B,faculty,,\n",
            "The file is not UTF-8 text (the first unreadable character is on row 2).",
        ),
        (b"email,first_name,role\na@school.test,A,faculty\n", "The file has no column for: last name."),
        (b"email,e-mail,first_name,last_name,role\n", "Two columns mean the same thing: “email” and “e-mail”"),
    ],
)
def test_it_refuses_an_unusable_file_with_a_clear_message(people, content, message):
    with pytest.raises(HuddleError) as caught:
        preview(content, people.coordinator)
    assert caught.value.field == "file"
    assert message in caught.value.message
    assert not RosterImport.objects.exists()


def test_it_names_every_missing_column_and_shows_the_header_it_found(people):
    with pytest.raises(HuddleError) as caught:
        preview("Mail,Name\na@school.test,A B\n", people.coordinator)
    assert "no column for: first name, last name, role" in caught.value.message
    assert "this file's first row reads “Mail,Name”" in caught.value.message


def test_it_refuses_a_file_over_the_size_limit(people):
    content = HEADER + "x" * (roster_csv.MAX_BYTES + 10)
    with pytest.raises(HuddleError, match="the limit is 2 MB"):
        preview(content, people.coordinator)


def test_it_refuses_more_rows_than_the_limit(people, monkeypatch):
    monkeypatch.setattr(roster_csv, "MAX_ROWS", 10)
    with pytest.raises(HuddleError, match="more than 10 people"):
        preview(big_roster(11), people.coordinator)


def test_it_skips_blank_lines_but_keeps_spreadsheet_row_numbers(people):
    roster = preview(HEADER + "\n,,,,,\nnope,A,B,faculty,,\n", people.coordinator)
    assert [r["row"] for r in roster.rows] == [4]
    assert messages_of(roster, 4) == ["Row 4, e-mail: “nope” is not a valid e-mail address."]


def test_it_marks_existing_people_unchanged_or_updated_with_a_warning(people):
    text = (
        HEADER
        + "alice@school.test,Alice,Ames,student,MS1,\n"  # exactly as Alice is
        + "SAM@school.test,Samuel,Sato,student;coordinator,MS4,es\n"  # changes
    )
    roster = preview(text, people.coordinator)
    alice, sam = roster.rows
    assert (alice["status"], alice["user_id"], alice["warnings"]) == ("unchanged", people.ms1.pk, [])
    assert sam["status"] == "update"
    assert sam["warnings"] == [
        "Row 3, name: name changes from “Sam Sato” to “Samuel Sato”.",
        "Row 3, class year: class year changes from MS3 to MS4.",
        "Row 3, role: adds Coordinator.",
        "Row 3, languages: adds Spanish.",
    ]
    assert roster.summary | {"file_warnings": [], "columns": []} == {
        "new": 0,
        "update": 1,
        "unchanged": 1,
        "error": 0,
        "total": 2,
        "warnings": 1,
        "file_warnings": [],
        "columns": [],
    }


def test_it_refuses_an_address_that_another_account_has_added(people):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=people.faculty, email="fatima.farouk@school.test", verified=True)
    roster = preview(HEADER + "fatima.farouk@school.test,Fatima,F,faculty,,\n", people.coordinator)
    assert messages_of(roster, 2) == [
        "Row 2, e-mail: this address belongs to another Huddle account (fatima@school.test)."
    ]


def test_it_refuses_people_who_may_not_import(people):
    for persona in (people.ms1, people.faculty, people.wellbeing):
        with pytest.raises(HuddleError, match="Only coordinators"):
            roster_preview_create(file=fixture_file("valid.csv"), by=persona)
    assert not RosterImport.objects.exists()


def _preview_queries(people, text: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        roster_preview_create(file=upload(text), by=people.coordinator)
    return len(queries)


def test_its_query_count_does_not_grow_with_the_file(people):
    # A fifth of the big file are people Huddle already has, with roles and languages.
    existing = User.objects.bulk_create(
        [User(email=f"student{i}@school.test", first_name=f"First{i}", last_name=f"Last{i}") for i in range(400)]
    )
    from huddle.accounts.models import RoleAssignment

    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role="student") for u in existing])
    profiles = Profile.objects.bulk_create([Profile(user=u, class_year=2) for u in existing])
    spanish = Language.objects.get(code="es")
    Profile.languages.through.objects.bulk_create(
        [Profile.languages.through(profile_id=p.pk, language_id=spanish.pk) for p in profiles]
    )
    _preview_queries(people, big_roster(1))  # The coordinator's roles are read once, then cached.
    small = _preview_queries(people, big_roster(20))
    large = _preview_queries(people, big_roster(2000))
    assert large == small
    assert large <= 6


def test_it_warns_that_a_deactivated_account_stays_deactivated(people):
    people.faculty.is_active = False
    people.faculty.save()
    roster = preview(HEADER + "fatima@school.test,Fatima,Farouk,faculty,,\n", people.coordinator)
    assert roster.rows[0]["status"] == "unchanged"
    assert messages_of(roster, 2) == ["Row 2, e-mail: this account is deactivated; the import does not reactivate it."]


def test_it_refuses_a_control_character_anywhere_in_the_file(people):
    # Past the first 8 kB, where the binary-file check stops looking.
    text = big_roster(200) + "late@school.test,Ali\x00ce,Nul,student,MS1,es\n"
    assert len(text.encode()) > 8192
    roster = preview(text, people.coordinator)
    row = max(r["row"] for r in roster.rows)
    assert messages_of(roster, row) == [
        f"Row {row}, first name: this value holds a control character (such as a NUL byte); retype it."
    ]
    assert roster.summary["error"] == 1
