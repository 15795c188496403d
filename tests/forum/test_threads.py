"""Asking, answering, accepting, verifying, editing, voting, following and revealing."""

import uuid

import pytest

from huddle.audit.models import AuditEvent
from huddle.forum.authorship import author_of
from huddle.forum.models import Alias, Endorsement, Post, Revision, Status, Thread
from huddle.forum.reveal import author_reveal
from huddle.forum.threads import selectors, services
from huddle.forum.threads.ranking import wilson_lower_bound
from huddle.forum.verification.services import answer_endorse, review_request_create
from huddle.lib.errors import HuddleError
from huddle.notifications.models import Notification
from tests.forum.factories import make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(people):
    return make_space("Renal", faculty=people.faculty)


def ask(people, space, **kw):
    defaults = {"title": "How does the loop of Henle concentrate urine?", "body": "Countercurrent?"}
    thread, _crisis = services.thread_create(author=people.ms1, space=space, **{**defaults, **kw})
    return thread


def test_an_anonymous_question_shows_an_alias_to_peers_and_staff_but_the_author_sees_themself(people, space):
    thread = ask(people, space, anonymous=True)
    assert Alias.objects.get(thread=thread).number == 1
    for viewer in (people.ms3, people.faculty, people.coordinator):
        byline = author_of(viewer=viewer, item=thread)
        assert byline.anonymous and byline.name == "Anonymous student 1" and byline.profile_url == ""
    own = author_of(viewer=people.ms1, item=thread)
    assert own.is_you and "(you)" in own.name


def test_the_alias_is_stable_in_a_thread_and_each_anonymous_author_gets_their_own(people, space):
    thread = ask(people, space, anonymous=True)
    services.post_create(author=people.ms3, thread=thread, body="First", anonymous=True)
    services.post_create(author=people.ms1, thread=thread, body="Follow-up", anonymous=True)
    numbers = dict(Alias.objects.filter(thread=thread).values_list("user_id", "number"))
    assert numbers == {people.ms1.pk: 1, people.ms3.pk: 2}


def test_staff_cannot_post_anonymously(people, space):
    with pytest.raises(HuddleError) as refused:
        services.thread_create(
            author=people.faculty, space=space, title="A faculty question here", body="x", anonymous=True
        )
    assert refused.value.field == "anonymous"
    assert not Thread.objects.exists()


def test_one_submission_token_creates_one_thread(people, space):
    token = uuid.uuid4()
    first = ask(people, space, submission=token)
    second = ask(people, space, submission=token)
    assert first.pk == second.pk and Thread.objects.count() == 1


def test_a_bad_title_is_refused_naming_the_field_and_nothing_is_saved(people, space):
    with pytest.raises(HuddleError) as refused:
        ask(people, space, title="Why?")
    assert refused.value.field == "title"
    assert not Thread.objects.exists()


def test_the_asker_accepts_and_the_answerer_is_told(people, space):
    thread = ask(people, space)
    answer, _ = services.post_create(author=people.ms3, thread=thread, body="The thick ascending limb pumps NaCl.")
    services.answer_accept(user=people.ms1, thread=thread, post=answer)
    assert Thread.objects.get(pk=thread.pk).accepted_answer_id == answer.pk
    assert Notification.objects.filter(user=people.ms3, kind="forum.accepted").exists()
    with pytest.raises(HuddleError):
        services.answer_accept(user=people.ms3, thread=thread, post=answer)


def test_verified_answers_rank_first_then_by_wilson_then_age(people, space):
    thread = ask(people, space)
    old, _ = services.post_create(author=people.ms3, thread=thread, body="Oldest, no votes")
    voted, _ = services.post_create(author=people.ms3, thread=thread, body="Voted")
    verified, _ = services.post_create(author=people.ms3, thread=thread, body="Verified")
    services.post_vote(user=people.ms1, post=voted, value=1)
    answer_endorse(user=people.faculty, post=verified)
    page = selectors.thread_page(viewer=people.ms1, thread=thread)
    assert [a.post.pk for a in page.answers] == [verified.pk, voted.pk, old.pk]
    assert page.answers[0].endorsement_current


def test_wilson_prefers_many_good_votes_to_one():
    assert wilson_lower_bound(9, 1) > wilson_lower_bound(1, 0) > wilson_lower_bound(0, 0)


def test_editing_a_verified_answer_makes_the_verification_for_an_earlier_version(people, space):
    thread = ask(people, space)
    answer, _ = services.post_create(author=people.ms3, thread=thread, body="Version one")
    answer_endorse(user=people.faculty, post=answer)
    assert Thread.objects.get(pk=thread.pk).has_endorsed_answer
    services.post_edit(editor=people.ms3, post=answer, body="Version two", anonymous=False)
    page = selectors.thread_page(viewer=people.ms1, thread=thread)
    assert page.answers[0].endorsement is not None and not page.answers[0].endorsement_current
    assert not Thread.objects.get(pk=thread.pk).has_endorsed_answer
    assert Revision.objects.get(post=answer).body == "Version one"
    answer_endorse(user=people.faculty, post=Post.objects.get(pk=answer.pk))
    assert Endorsement.objects.get(post=answer).version == 2


def test_only_the_spaces_faculty_verify(people, space):
    thread = ask(people, space)
    answer, _ = services.post_create(author=people.ms3, thread=thread, body="An answer")
    for outsider in (people.ms1, people.coordinator, people.wellbeing):
        with pytest.raises(HuddleError):
            answer_endorse(user=outsider, post=answer)


def test_possibly_outdated_marks_the_answer_and_tells_the_spaces_faculty(people, space):
    thread = ask(people, space)
    answer, _ = services.post_create(author=people.ms3, thread=thread, body="Guidelines from 2015")
    review_request_create(user=people.ms1, post=answer, note="The guideline changed in 2024")
    assert Post.objects.get(pk=answer.pk).needs_review
    assert Notification.objects.filter(user=people.faculty, kind="forum.review").count() == 1
    answer_endorse(user=people.faculty, post=answer)
    assert not Post.objects.get(pk=answer.pk).needs_review


def test_votes_are_counted_from_rows_and_one_per_person(people, space):
    thread = ask(people, space)
    answer, _ = services.post_create(author=people.ms3, thread=thread, body="An answer")
    services.post_vote(user=people.ms1, post=answer, value=1)
    services.post_vote(user=people.ms1, post=answer, value=1)
    services.post_vote(user=people.faculty, post=answer, value=-1)
    answer.refresh_from_db()
    assert (answer.upvotes, answer.downvotes) == (1, 1)
    with pytest.raises(HuddleError):
        services.post_vote(user=people.ms3, post=answer, value=1)


def test_followers_are_told_of_answers_without_any_name(people, space):
    thread = ask(people, space, anonymous=True)
    services.post_create(author=people.ms3, thread=thread, body="Here is how", anonymous=False)
    note = Notification.objects.get(user=people.ms1, kind="forum.answer")
    for name in (people.ms3.first_name, people.ms3.last_name, people.ms3.email):
        assert name not in note.title + note.body


def test_a_reveal_needs_a_reason_is_audited_and_the_author_is_told(people, space):
    thread = ask(people, space, anonymous=True)
    with pytest.raises(HuddleError) as refused:
        author_reveal(user=people.faculty, thread=thread, post=None, reason="why")
    assert refused.value.field == "reason"
    byline = author_reveal(user=people.faculty, thread=thread, post=None, reason="Safety concern in this post")
    assert people.ms1.last_name in byline.name
    assert AuditEvent.objects.filter(action="forum.reveal", actor=people.faculty).exists()
    assert Notification.objects.filter(user=people.ms1, kind="forum.revealed").exists()
    assert author_of(viewer=people.faculty, item=thread).revealed
    assert author_of(viewer=people.coordinator, item=thread).anonymous


def test_peers_cannot_reveal(people, space):
    thread = ask(people, space, anonymous=True)
    with pytest.raises(HuddleError):
        author_reveal(user=people.ms3, thread=thread, post=None, reason="I just want to know who")


def test_a_closed_thread_takes_no_answers(people, space):
    thread = ask(people, space)
    Thread.objects.filter(pk=thread.pk).update(state=Thread.State.CLOSED)
    with pytest.raises(HuddleError):
        services.post_create(author=people.ms3, thread=thread, body="Late")


def test_a_hidden_thread_is_readable_only_by_its_author_and_moderators(people, space, client_for):
    thread = ask(people, space)
    Thread.objects.filter(pk=thread.pk).update(status=Status.HIDDEN)
    url = f"/forum/threads/{thread.pk}/"
    assert client_for("ms3").get(url).status_code == 404
    assert client_for("ms1").get(url).status_code == 200
    assert client_for("coordinator").get(url).status_code == 200


def test_a_comment_on_the_question_is_a_comment_not_an_answer(people, space, client_for):
    thread = ask(people, space)
    response = client_for("ms3").post(f"/forum/threads/{thread.pk}/comment/", {"body": "Which textbook chapter?"})
    assert response.status_code == 302
    post = Post.objects.get(thread=thread)
    assert (post.kind, post.parent_id) == (Post.Kind.COMMENT, None)
    assert Thread.objects.get(pk=thread.pk).answer_count == 0


def test_the_audit_log_names_forum_actions_in_words(people, space, client_for):
    thread = ask(people, space, anonymous=True)
    author_reveal(user=people.faculty, thread=thread, post=None, reason="Safety concern in this post")
    page = client_for("coordinator").get("/audit/?action=forum.reveal").content.decode()
    assert "Forum: anonymous author revealed to staff" in page
    assert "Safety concern in this post" in page


@pytest.mark.parametrize(
    "query", ["?q=x&space=999999999999999999999999999", "?q=" + "x" * 201, "?q=x&space=-1", "?q=x&since=notadate"]
)
def test_the_search_api_refuses_bad_input_with_422_not_a_crash(people, client_for, query):
    assert client_for("ms1").get("/api/forum/search" + query).status_code == 422


@pytest.mark.parametrize(
    "query",
    [
        "?q=x&space=99999999999999999999999999",
        "?q=x&space=abc",
        "?q=x&since=2026-13-45",
        "?q=%00",
        "?page=999999999999",
    ],
)
def test_the_search_page_answers_bad_input_with_a_message_not_a_crash(people, client_for, query):
    assert client_for("ms1").get("/forum/search/" + query).status_code == 200
