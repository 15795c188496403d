"""Writing quizzes as text, taking them (fail, retake, pass), and versions that keep past completions valid."""

import pytest

from huddle.lib.errors import HuddleError
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.notifications.models import Notification
from huddle.training.models import Attempt, Completion, Module
from huddle.training.modules.services import module_publish, module_quiz_save, module_save, videos_parse
from huddle.training.quizzes.format import quiz_parse, quiz_source, score
from huddle.training.quizzes.services import attempt_submit
from tests.training.factories import HALF_RIGHT, QUIZ, RIGHT, make_module, require_modules

pytestmark = pytest.mark.django_db


def test_the_text_format_round_trips_and_allows_several_right_options():
    questions = quiz_parse(QUIZ)
    assert [q.correct for q in questions] == [frozenset({1}), frozenset({0, 2})]
    assert quiz_parse(quiz_source(questions)) == questions


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "Write at least one question."),
        ("- lonely option", "Line 1: an option comes before any question"),
        ("? Q\n* only one", "Line 1: a question needs 2 to 8 options."),
        ("? Q\n- a\n- b", "Line 1: mark at least one option correct"),
        ("? Q\n* a\n- b\nstray", "Line 4: start the line with"),
    ],
)
def test_a_badly_written_quiz_names_its_line(source, message):
    with pytest.raises(HuddleError, match=message) as caught:
        quiz_parse(source)
    assert caught.value.field == "questions"


def test_a_question_counts_only_when_exactly_its_right_options_are_chosen():
    questions = quiz_parse(QUIZ)
    assert score(questions, [frozenset(a) for a in RIGHT]) == (100, [True, True])
    assert score(questions, [frozenset(a) for a in HALF_RIGHT]) == (50, [True, False])
    assert score(questions, [frozenset({0, 1, 2}), frozenset({0, 1, 2})]) == (0, [False, False])


def test_failing_keeps_the_attempt_and_passing_completes_the_module_with_a_notification(
    people, django_capture_on_commit_callbacks
):
    module = make_module(pass_mark=100)
    failed = attempt_submit(user=people.ms1, quiz=module.current_quiz, answers=HALF_RIGHT)
    assert (failed.score, failed.passed) == (50, False)
    assert not Completion.objects.exists()
    passed = attempt_submit(user=people.ms1, quiz=module.current_quiz, answers=RIGHT)
    completion = Completion.objects.get()
    assert (passed.passed, completion.attempt_id, completion.person_id) == (True, passed.pk, people.ms1.pk)
    assert len(completion.code) == 12
    assert Notification.objects.filter(user=people.ms1, kind="training.completed").count() == 1


def test_an_unanswered_question_or_unknown_option_is_refused_by_name(people):
    module = make_module()
    with pytest.raises(HuddleError, match="Answer question 2") as caught:
        attempt_submit(user=people.ms1, quiz=module.current_quiz, answers=[[1], []])
    assert caught.value.field == "q2"
    with pytest.raises(HuddleError, match="no such option"):
        attempt_submit(user=people.ms1, quiz=module.current_quiz, answers=[[1], [9]])
    assert not Attempt.objects.exists()


def test_a_draft_quiz_cannot_be_taken(people):
    module = make_module(status=Module.Status.DRAFT)
    with pytest.raises(HuddleError, match="not open"):
        attempt_submit(user=people.ms1, quiz=module.current_quiz, answers=RIGHT)


def test_editing_a_published_quiz_makes_a_new_version_and_past_completions_stay_valid(people):
    module = make_module("Mentoring basics")
    require_modules(PeerRole.MENTOR, module)
    attempt_submit(user=people.ms3, quiz=module.current_quiz, answers=RIGHT)
    first = module.current_quiz
    new = module_quiz_save(user=people.coordinator, module=module, source=QUIZ + "\n? New?\n* yes\n- no", pass_mark=60)
    module.refresh_from_db()
    assert (new.number, module.current_quiz_id) == (2, new.pk)
    first.refresh_from_db()
    assert len(first.questions) == 2  # the old version is untouched
    assert Completion.objects.get(person=people.ms3).quiz_id == first.pk
    assert qualification_for(person=people.ms3, role=PeerRole.MENTOR).qualified


def test_a_draft_quiz_nobody_took_is_edited_in_place(people):
    module = module_save(
        user=people.coordinator,
        module=None,
        title="Crisis response",
        summary="",
        body="# Hi",
        videos="988 | https://988lifeline.org/",
        valid_for_days=365,
        requires_workshop=False,
    )
    assert module.slug == "crisis-response" and module.body_html == "<h1>Hi</h1>\n"
    v1 = module_quiz_save(user=people.coordinator, module=module, source=QUIZ, pass_mark=80)
    v1b = module_quiz_save(user=people.coordinator, module=module, source=QUIZ, pass_mark=50)
    assert v1.pk == v1b.pk and v1b.pass_mark == 50


def test_publishing_needs_a_quiz_and_only_coordinators_author(people):
    module = module_save(
        user=people.coordinator,
        module=None,
        title="X",
        summary="",
        body="",
        videos="",
        valid_for_days=None,
        requires_workshop=False,
    )
    with pytest.raises(HuddleError, match="Write the quiz"):
        module_publish(user=people.coordinator, module=module, status="published")
    with pytest.raises(HuddleError, match="Only coordinators"):
        module_save(
            user=people.faculty,
            module=module,
            title="X",
            summary="",
            body="",
            videos="",
            valid_for_days=None,
            requires_workshop=False,
        )


def test_video_links_are_https_links_only():
    assert videos_parse("Intro | https://example.org/v\nhttps://example.org/w") == [
        {"title": "Intro", "url": "https://example.org/v"},
        {"title": "https://example.org/w", "url": "https://example.org/w"},
    ]
    with pytest.raises(HuddleError, match="Line 1"):
        videos_parse("javascript:alert(1)")


def test_the_quiz_page_fails_then_passes_and_links_the_certificate(client_for, people):
    module = make_module(pass_mark=100)
    client = client_for("ms1")
    page = client.get(f"/training/modules/{module.slug}/quiz/")
    assert page.status_code == 200
    version = module.current_quiz_id
    wrong = client.post(f"/training/modules/{module.slug}/quiz/", {"version": version, "q1": "0", "q2": "1"})
    assert wrong.status_code == 302
    assert "You scored 0 %" in client.get(wrong["Location"]).content.decode()
    right = client.post(f"/training/modules/{module.slug}/quiz/", {"version": version, "q1": "1", "q2": ["0", "2"]})
    result = client.get(right["Location"]).content.decode()
    completion = Completion.objects.get(person=people.ms1)
    assert "You passed with 100 %" in result and f"/training/certificates/{completion.pk}/" in result
    certificate = client.get(f"/training/certificates/{completion.pk}/").content.decode()
    assert "Alice Ames" in certificate and completion.code in certificate
    # Nobody else opens the certificate page; with the code, anyone signed in can verify it.
    assert client_for("coordinator").get(f"/training/certificates/{completion.pk}/").status_code == 404
    verify = client_for("faculty").get(f"/training/verify/?code={completion.code}").content.decode()
    assert "Alice Ames completed" in verify


def test_a_skipped_question_is_named_on_the_form(client_for, people):
    module = make_module()
    response = client_for("ms1").post(
        f"/training/modules/{module.slug}/quiz/", {"version": module.current_quiz_id, "q1": "1"}
    )
    assert response.status_code == 400
    assert "Answer question 2" in response.content.decode()
