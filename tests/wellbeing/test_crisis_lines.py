"""Campus crisis lines: parsed strictly, never an invented number shown as real.

The crisis page lists the lines well-being staff keep (``CrisisResource``
rows, see test_crisis_resources.py); until they add one, it lists these
deploy-time lines. The bar on every page reads no database, so it shows the
national lines and a link to the page, not the campus lines (changed on
purpose when the lines became editable: a bar drawn from the variable would
contradict the page after an edit). The page works signed out (these tests
use an anonymous client).
"""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from huddle.lib.crisis import VARIABLE, CampusCrisisLines, campus_crisis_lines, parse
from huddle.wellbeing.checks import campus_crisis_lines_set

REAL = "Counseling center (24/7)|+1 (312) 867-4000,Campus police|312.867.4911"


def _campus(lines: str) -> CampusCrisisLines:
    return CampusCrisisLines(parse(lines, allow_fictional=True), configured=True)


def test_it_reads_label_and_number_pairs():
    lines = parse(REAL, allow_fictional=False)
    assert [(line.label, line.number, line.dial) for line in lines] == [
        ("Counseling center (24/7)", "+1 (312) 867-4000", "+13128674000"),
        ("Campus police", "312.867.4911", "3128674911"),
    ]
    assert not any(line.fictional for line in lines)


@pytest.mark.parametrize(
    "raw",
    [
        "Counseling center 312-867-4000",  # no separator
        "|312-867-4000",  # no label
        "Counseling center|",  # no number
        "Counseling center|call us",  # not a number
        "Counseling center|12",  # too short to dial
        "Counseling center|312|867",  # two separators
        "Counseling center|312-867-4000;Police|911",  # wrong list separator
    ],
)
def test_it_refuses_a_malformed_value_naming_the_variable(raw):
    with pytest.raises(ImproperlyConfigured, match=f"^{VARIABLE} must be Label\\|number pairs"):
        parse(raw, allow_fictional=True)


@pytest.mark.parametrize("number", ["555-0100", "(312) 555-0199", "+1 312 555 0142", "1-312-555-0100"])
def test_it_refuses_a_fictional_number_in_production(number):
    with pytest.raises(ImproperlyConfigured, match=f"^{VARIABLE} has .*fictional 555-01xx"):
        parse(f"Counseling|{number}", allow_fictional=False)
    assert parse(f"Counseling|{number}", allow_fictional=True)[0].fictional


def test_unset_in_production_means_no_campus_lines(monkeypatch):
    monkeypatch.delenv(VARIABLE, raising=False)
    assert campus_crisis_lines(demo_allowed=False) == CampusCrisisLines((), configured=False)


def test_unset_in_development_means_the_labelled_demo_lines(monkeypatch):
    monkeypatch.delenv(VARIABLE, raising=False)
    lines = campus_crisis_lines(demo_allowed=True)
    assert lines.configured and lines.demo and all(line.fictional for line in lines.lines)


def test_set_empty_means_the_school_has_none(monkeypatch):
    monkeypatch.setenv(VARIABLE, " ")
    assert campus_crisis_lines(demo_allowed=False) == CampusCrisisLines((), configured=True)


def test_the_deploy_check_warns_only_when_production_has_no_lines(settings):
    settings.HUDDLE_CAMPUS_CRISIS_LINES = CampusCrisisLines((), configured=False)
    [warning] = campus_crisis_lines_set(None)
    assert warning.id == "huddle.W001" and VARIABLE in warning.msg
    settings.HUDDLE_CAMPUS_CRISIS_LINES = CampusCrisisLines((), configured=True)
    assert campus_crisis_lines_set(None) == []


def test_the_page_shows_the_schools_lines_as_dialable_links(client, settings, db):
    settings.HUDDLE_CAMPUS_CRISIS_LINES = _campus(REAL)
    page = client.get("/wellbeing/crisis/").content.decode()
    # In the page's list; the bar links to the page instead.
    assert page.count('<a href="tel:+13128674000">+1 (312) 867-4000</a>') == 1
    assert page.count('<a href="tel:3128674911">312.867.4911</a>') == 1
    assert "Campus lines and all crisis resources" in page
    assert "fictional" not in page


def test_demo_lines_are_labelled_and_never_dialable(client, settings, db):
    settings.HUDDLE_CAMPUS_CRISIS_LINES = _campus("Campus counseling (24/7)|555-0100")
    page = client.get("/wellbeing/crisis/").content.decode()
    assert "tel:5550100" not in page and "tel:555-0100" not in page
    assert page.count('555-0100 <em class="demo-tag">(demo school: fictional number)</em>') == 1
    assert "Demo school: the campus numbers on this page are fictional" in page


def test_without_campus_lines_only_the_national_lines_show(client, settings, db):
    settings.HUDDLE_CAMPUS_CRISIS_LINES = CampusCrisisLines((), configured=False)
    response = client.get("/wellbeing/crisis/")
    assert response.status_code == 200
    page = response.content.decode()
    assert set(re.findall(r'href="tel:([^"]*)"', page)) == {"988", "911", "18884090141"}
    assert "fictional" not in page
