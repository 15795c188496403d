"""The roster import pages: coordinators only, clear errors, pinned query counts."""

import pytest
from django.urls import reverse

from huddle.accounts.models import Invitation, RosterImport, User
from huddle.accounts.roster import roster_preview_create
from tests.accounts.roster_helpers import big_roster, fixture_file, upload

UPLOAD = "/people/roster/"


def _preview_url(roster: RosterImport) -> str:
    return reverse("accounts:roster_preview", args=[roster.pk])


def _commit_url(roster: RosterImport) -> str:
    return reverse("accounts:roster_commit", args=[roster.pk])


@pytest.fixture
def roster(people) -> RosterImport:
    return roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_it_forbids_everyone_but_coordinators(client_for, roster, role):
    client = client_for(role)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"file": fixture_file("valid.csv")}).status_code == 403
    assert client.get(_preview_url(roster)).status_code == 403
    assert client.post(_preview_url(roster)).status_code == 403
    assert client.post(_commit_url(roster)).status_code == 403
    assert RosterImport.objects.count() == 1
    assert not User.objects.filter(email="jane.doe@school.test").exists()


def test_it_sends_a_visitor_to_sign_in(client, roster):
    for url in (UPLOAD, _preview_url(roster), _commit_url(roster)):
        response = client.get(url) if url != _commit_url(roster) else client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_its_urls_are_where_the_pages_link_to(roster):
    assert reverse("accounts:roster_import") == UPLOAD
    assert _preview_url(roster) == f"/people/roster/{roster.pk}/"


def test_it_shows_an_accessible_upload_form(client_for):
    response = client_for("coordinator").get(UPLOAD)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_file">Roster CSV file</label>' in html
    assert 'id="id_file"' in html
    assert "Upload and preview" in html
    assert "email,first_name,last_name,role,class_year,languages" in html


def test_it_uploads_a_file_and_shows_the_preview(client_for):
    client = client_for("coordinator")
    response = client.post(UPLOAD, {"file": fixture_file("one_bad_row.csv")})
    roster = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _preview_url(roster)
    html = client.get(_preview_url(roster)).content.decode()
    assert html.count('<tr class="row-error">') == 1
    error_row = html.split('<tr class="row-error">')[1].split("</tr>")[0]
    assert "Row 4, e-mail: “not-an-email” is not a valid e-mail address." in error_row
    assert "Import 2 people</button>" in html
    assert 'disabled aria-describedby="commit-blocked"' in html
    assert "Discard" in html


def test_it_shows_a_file_level_error_on_the_form(client_for):
    response = client_for("coordinator").post(UPLOAD, {"file": upload(b"PK\x03\x04zip", "roster.xlsx")})
    assert response.status_code == 400
    assert "This is an Excel workbook, not a CSV file." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not RosterImport.objects.exists()


def test_it_asks_for_a_file_when_none_is_sent(client_for):
    response = client_for("coordinator").post(UPLOAD, {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_it_commits_from_the_preview_and_says_what_happened(client_for, mailoutbox, django_capture_on_commit_callbacks):
    client = client_for("coordinator")
    client.post(UPLOAD, {"file": fixture_file("valid.csv")})
    roster = RosterImport.objects.get()
    assert "Import 3 people</button>" in client.get(_preview_url(roster)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_commit_url(roster), follow=True)
    html = response.content.decode()
    assert "Imported “valid.csv”: 3 new, 0 updated, 0 unchanged. 3 invitations are being sent." in html
    assert (
        User.objects.filter(email__in=["jane.doe@school.test", "omar.ali@school.test", "pat.lee@school.test"]).count()
        == 3
    )
    assert len(mailoutbox) == 3
    assert "Import 3 people" not in html


def test_it_refuses_a_commit_with_errors_and_says_why(client_for, people):
    roster = roster_preview_create(file=fixture_file("one_bad_row.csv"), by=people.coordinator)
    response = client_for("coordinator").post(_commit_url(roster), follow=True)
    assert "1 rows have errors" in response.content.decode()
    assert not User.objects.filter(email="jane.doe@school.test").exists()


def test_it_offers_no_import_when_nothing_would_change(client_for, people):
    text = "email,first_name,last_name,role,year\nalice@school.test,Alice,Ames,student,1\n"
    roster = roster_preview_create(file=upload(text), by=people.coordinator)
    html = client_for("coordinator").get(_preview_url(roster)).content.decode()
    assert "there is nothing to import" in html
    assert "Import 0" not in html


def test_it_discards_a_preview(client_for, roster):
    response = client_for("coordinator").post(_preview_url(roster), follow=True)
    assert "was discarded" in response.content.decode()
    roster.refresh_from_db()
    assert roster.status == RosterImport.Status.DISCARDED
    assert not Invitation.objects.exists()


def test_it_filters_rows_with_an_htmx_fragment(client_for, people):
    roster = roster_preview_create(file=fixture_file("every_error.csv"), by=people.coordinator)
    response = client_for("coordinator").get(_preview_url(roster), {"show": "new"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="roster-rows"')
    assert "ok@school.test" in html
    assert "bad-email" not in html
    assert "<h1>" not in html


def test_it_warns_when_the_same_file_was_already_imported(client_for, people, django_capture_on_commit_callbacks):
    from huddle.accounts.roster import roster_commit

    first = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        roster_commit(roster_import=first, by=people.coordinator)
    again = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    html = client_for("coordinator").get(_preview_url(again)).content.decode()
    assert "This exact file was already imported on" in html
    assert html.count(">Unchanged</span>") == 3


def test_the_preview_page_queries_do_not_grow_with_the_file(client_for, people, django_assert_max_num_queries):
    client = client_for("coordinator")
    client.get(UPLOAD)  # Sign-in checks happen once per session.
    small = roster_preview_create(file=upload(big_roster(20)), by=people.coordinator)
    large = roster_preview_create(file=upload(big_roster(2000)), by=people.coordinator)
    with django_assert_max_num_queries(6):
        assert client.get(_preview_url(small)).status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get(_preview_url(large))
    html = response.content.decode()
    assert html.count('<th scope="row">') == 500  # Rows come 500 to a page.
    assert "Page 1 of 4" in html


def test_it_opens_a_file_with_errors_on_its_errors(client_for, people):
    roster = roster_preview_create(file=fixture_file("every_error.csv"), by=people.coordinator)
    client = client_for("coordinator")
    html = client.get(_preview_url(roster)).content.decode()
    assert html.count('<tr class="row-error">') == 9
    assert "ok@school.test" not in html
    assert 'aria-current="true">Error (9)</a>' in html
    everything = client.get(_preview_url(roster), {"show": "all"}).content.decode()
    assert "ok@school.test" in everything
    assert everything.count('<tr class="row-error">') == 9


def test_the_upload_page_queries_do_not_grow_with_imports_or_rows(client_for, people, django_assert_max_num_queries):
    client = client_for("coordinator")
    client.get(UPLOAD)
    for start in range(0, 2000, 100):
        roster_preview_create(file=upload(big_roster(100, start=start)), by=people.coordinator)
    with django_assert_max_num_queries(5):
        response = client.get(UPLOAD)
    assert response.content.decode().count("roster.csv</a>") == 20
    with django_assert_max_num_queries(7):
        response = client.post(UPLOAD, {"file": upload(big_roster(2000))})
    assert response.status_code == 302


def test_it_refuses_a_file_over_2_mb_before_reading_it(client_for):
    response = client_for("coordinator").post(UPLOAD, {"file": upload(b"x" * (2 * 1024 * 1024 + 1))})
    assert response.status_code == 400
    assert "The file is 2.0 MB; the limit is 2 MB." in response.content.decode()
    assert not RosterImport.objects.exists()
