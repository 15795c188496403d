"""A coordinator imports a roster: a bad row blocks the import until fixed."""

import re

import pytest
from playwright.sync_api import expect

from huddle.accounts.models import User

pytestmark = pytest.mark.browser

HEADER = "email,first_name,last_name,role,class_year,languages\n"
GOOD_ROWS = "jane.doe@school.test,Jane,Doe,student,MS1,Spanish\nomar.ali@school.test,Omar,Ali,faculty;coordinator,,\n"


def _upload(tab, name, text):
    tab.visit("/people/roster/")
    tab.page.get_by_label("Roster CSV file").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode()}
    )
    tab.page.get_by_role("button", name="Upload and preview").click()
    tab.page.wait_for_url(re.compile(r"/people/roster/\d+/$"))
    tab.audit()


def test_it_blocks_a_bad_row_then_imports_the_fixed_file(signed_in_page, people):
    tab = signed_in_page("coordinator")
    page = tab.page

    _upload(tab, "class-of-2029.csv", HEADER + GOOD_ROWS + "not-an-email,Pat,Lee,student,MS2,\n")
    bad = page.locator("tr.row-error")
    expect(bad).to_have_count(1)
    expect(bad).to_contain_text(re.compile(r"Row 4, e-?mail", re.IGNORECASE))
    expect(bad).to_contain_text("not-an-email")
    expect(page.get_by_role("button", name=re.compile(r"^Import \d+ (person|people)$"))).to_be_disabled()
    assert not User.objects.filter(email="jane.doe@school.test").exists()
    # The filter swaps the rows in place (htmx); the new rows are audited too.
    page.get_by_role("navigation", name="Show rows").get_by_role("link", name=re.compile(r"^Error")).click()
    expect(page.locator("#roster-rows tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"show=error"))
    tab.audit()

    _upload(tab, "class-of-2029.csv", HEADER + GOOD_ROWS + "pat.lee@school.test,Pat,Lee,student,MS2,\n")
    expect(page.locator("tr.row-error")).to_have_count(0)
    page.get_by_role("button", name="Import 3 people").click()
    expect(page.get_by_text(re.compile(r"Imported .*3 new"))).to_be_visible()
    tab.audit()

    imported = set(User.objects.filter(email__endswith="@school.test").values_list("email", flat=True))
    assert {"jane.doe@school.test", "omar.ali@school.test", "pat.lee@school.test"} <= imported
