"""Well-being staff see totals of at least ten students, through ``suppress_counts`` only.

The world: 9 MS2 students answer "4", so their cell is hidden, and enough
others that only the complement hidden with it keeps the 9 from being the
row total minus the rest.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from huddle.wellbeing.reports.selectors import burned_out_by_week, burnout_by_class_year
from huddle.wellbeing.weeks import this_week
from tests.wellbeing.factories import bulk_checkins, make_students

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(people):
    ms1 = make_students(20, 1)
    ms2_ok, ms2_bad = make_students(25, 2, "ok"), make_students(9, 2, "bad")
    ms3 = make_students(12, 3)
    bulk_checkins(ms1, burnout=2)
    bulk_checkins(ms2_ok, burnout=2)
    bulk_checkins(ms2_bad, burnout=4)
    bulk_checkins(ms3, burnout=2)
    # Last week MS1 answered differently: each student counts once, with their latest answer.
    bulk_checkins(ms1, burnout=5, week=this_week() - timedelta(weeks=1))
    return ms2_bad


def test_nine_students_are_hidden_and_so_is_their_complement(school):
    report = burnout_by_class_year(weeks=4)
    table = report.table
    assert table.cells[1][3] is None and (1, 3) in table.primary
    assert table.complementary
    # Row MS2 cannot give the 9 back: a second entry of the row is hidden too.
    assert sum(v is None for v in [*table.cells[1], table.row_totals[1]]) >= 2
    assert table.cells[0][1] == 20 and table.cells[0][4] == 0  # latest answer only
    assert table.grand_total == 66


def test_the_weekly_share_goes_through_the_same_function(school):
    _report, shares = burned_out_by_week(weeks=13)
    this = shares[-1]
    assert this.burned_out is None and this.respondents is None  # 9 burned out: hidden, with the total
    # The 9 is alone in its column but for last week's 20, which hides with it (and its row total with that).
    last = shares[-2]
    assert (last.burned_out, last.respondents, last.percent) == (None, None, None)
    assert all(s.burned_out == 0 and s.percent is None for s in shares[:-2])


def test_the_staff_page_shows_hidden_cells_and_no_person(school, client_for):
    page = client_for("wellbeing").get(reverse("wellbeing:aggregates")).content.decode()
    assert page.count(">hidden<") >= 4
    assert ">9<" not in page
    assert "@school.test" not in page and "bad2-0" not in page


@pytest.mark.parametrize("role", ["ms1", "faculty", "coordinator"])
def test_nobody_else_sees_totals(school, client_for, role):
    assert client_for(role).get(reverse("wellbeing:aggregates")).status_code == 403
    assert client_for(role).get(reverse("api:wellbeing_burnout_totals")).status_code == 403


def test_the_api_gives_the_suppressed_table(school, client_for):
    data = client_for("wellbeing").get(reverse("api:wellbeing_burnout_totals")).json()
    assert data["cells"][1][3] is None and data["minimum"] == 10
    assert sum(v is None for v in [*data["cells"][1], data["row_totals"][1]]) >= 2
