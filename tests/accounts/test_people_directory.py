"""The people directory: search and filters that never reveal hidden fields."""

import pytest

from huddle.accounts.models import Language, Profile, Role
from tests.personas import make_person

URL = "/people/"


def add_people(count: int, *, language: str = "es", visibility: str = "everyone") -> None:
    spanish = Language.objects.get(code=language)
    for i in range(count):
        person = make_person(f"student{i:03d}@school.test", f"Student{i:03d}", "Zed", [Role.STUDENT], 1 + i % 4)
        profile = Profile.objects.get(user=person)
        profile.visibility = {**profile.visibility, "class_year": visibility, "languages": visibility}
        profile.save()
        profile.languages.add(spanish)


def names(response) -> list[str]:
    return [row.name for row in response.context["rows"]]


def test_it_lists_everyone_for_any_signed_in_person(client_for):
    response = client_for("ms1").get(URL)
    assert response.status_code == 200
    assert names(response) == ["Alice Ames", "Cora Cruz", "Fatima Farouk", "Sam Sato", "Will Wong"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "sato"}, ["Sam Sato"]),
        ({"q": "CORA@school"}, ["Cora Cruz"]),
        ({"q": "fatima farouk"}, ["Fatima Farouk"]),
        ({"role": "coordinator"}, ["Cora Cruz"]),
        ({"role": "faculty"}, ["Cora Cruz", "Fatima Farouk"]),
        ({"class_year": "3"}, ["Sam Sato"]),
    ],
)
def test_it_searches_by_name_email_role_and_class_year(client_for, query, expected):
    assert names(client_for("ms1").get(URL, query)) == expected


def test_it_searches_by_display_name(client_for, people):
    Profile.objects.filter(user=people.ms3).update(display_name="Sammy")
    assert names(client_for("ms1").get(URL, {"q": "sammy"})) == ["Sammy"]


def test_it_filters_by_language(client_for, people):
    people.ms3.profile.languages.add(Language.objects.get(code="ko"))
    assert names(client_for("ms1").get(URL, {"language": "ko"})) == ["Sam Sato"]


def test_it_never_matches_a_field_hidden_from_the_viewer(client_for, people):
    profile = people.ms3.profile
    profile.languages.add(Language.objects.get(code="ko"))
    profile.visibility = {**profile.visibility, "class_year": "staff", "languages": "only_me"}
    profile.save()
    for role in ("ms1", "wellbeing"):
        assert names(client_for(role).get(URL, {"class_year": "3"})) == [], role
        assert names(client_for(role).get(URL, {"language": "ko"})) == [], role
        row = next(r for r in client_for(role).get(URL).context["rows"] if r.pk == people.ms3.pk)
        assert row.class_label == "" and row.languages == []
    assert names(client_for("faculty").get(URL, {"class_year": "3"})) == ["Sam Sato"]
    assert names(client_for("faculty").get(URL, {"language": "ko"})) == []
    assert names(client_for("ms3").get(URL, {"language": "ko"})) == ["Sam Sato"]


def test_it_hides_deactivated_people_except_from_coordinators(client_for, people):
    people.ms3.is_active = False
    people.ms3.save()
    assert "Sam Sato" not in names(client_for("ms1").get(URL))
    assert "Sam Sato" in names(client_for("coordinator").get(URL))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"class_year": "7"}, "Class year: Select a valid choice."),
        ({"role": "wizard"}, "Role: Select a valid choice."),
        ({"language": "xx"}, "Language: Select a valid choice."),
    ],
)
def test_it_names_the_filter_it_cannot_use(client_for, query, message):
    response = client_for("ms1").get(URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_it_pages_25_at_a_time(client_for, people):
    add_people(30)
    client = client_for("ms1")
    first = client.get(URL, {"q": "zed"})
    assert len(first.context["rows"]) == 25
    assert first.context["page"].paginator.count == 30
    assert "page=2" in first.content.decode() and "q=zed" in first.content.decode()
    second = client.get(URL, {"q": "zed", "page": "2"})
    assert len(second.context["rows"]) == 5
    assert client.get(URL, {"page": "abc"}).status_code == 200


def test_it_answers_htmx_with_the_results_only(client_for):
    response = client_for("ms1").get(URL, {"q": "sam"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "Sam Sato" in html and "<html" not in html


def test_it_sends_a_visitor_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_its_query_count_does_not_grow_with_people(client_for, people, django_assert_max_num_queries):
    client = client_for("coordinator")
    client.get("/")  # the first request of a session checks two-factor set-up once
    with django_assert_max_num_queries(9) as small:
        client.get(URL)
    add_people(50)  # ten times the personas, each with roles, a profile and a language
    with django_assert_max_num_queries(9) as large:
        response = client.get(URL, {"language": "es"})
    assert len(response.context["rows"]) == 25
    assert len(large.captured_queries) == len(small.captured_queries)
