"""Moderation pages: who may open them, what they refuse, what they reveal, and how many queries they cost."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huddle.accounts.models import Profile, Role, RoleAssignment, User
from huddle.audit.models import AuditEvent
from huddle.forum import policy
from huddle.forum.models import Flag, ForumRules, ModerationAction, Post, Status, Suspension, Thread, WatchedWord
from huddle.forum.moderation.selectors import review_queue
from tests.forum.factories import make_post, make_space, make_thread
from tests.personas import PASSWORD

#: An id no other number on the page could be mistaken for.
SECRET_ID = 987654321


@pytest.fixture
def space(people):
    return make_space(moderator=people.faculty)


@pytest.fixture
def zelda(people) -> User:
    """A student whose name, address and id the review queue must never show."""
    user = User.objects.create_user(
        "zelda.quixote@school.test", PASSWORD, first_name="Zelda", last_name="Quixote", id=SECRET_ID
    )
    RoleAssignment.objects.create(user=user, role=Role.STUDENT)
    Profile.objects.create(user=user, class_year=2, display_name="Zee Q")
    return user


def queue_url(space) -> str:  # type: ignore[no-untyped-def]
    return reverse("forum:review_queue", args=[space.slug])


def act_url(space) -> str:  # type: ignore[no-untyped-def]
    return reverse("forum:review_act", args=[space.slug])


# Flagging ------------------------------------------------------------------------


def test_flagging_redirects_to_the_thread_with_thanks(people, space, client_for):
    thread = make_thread(space, people.ms1)
    answer = make_post(thread, people.ms1)
    response = client_for("ms3").post(
        reverse("forum:flag", args=[thread.pk]), {"post": answer.pk, "reason": "inaccurate", "note": "Outdated"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/forum/threads/{thread.pk}/#post-{answer.pk}"
    assert Flag.objects.get().post == answer


def test_flagging_over_htmx_answers_with_a_small_fragment(people, space, client_for):
    thread = make_thread(space, people.ms1)
    response = client_for("ms3").post(
        reverse("forum:flag", args=[thread.pk]), {"reason": "harassment"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Thanks — a moderator will look" in response.content.decode()
    assert "<html" not in response.content.decode()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"reason": "boring"}, "What is wrong?"),
        ({}, "What is wrong?"),
        ({"reason": "inaccurate", "post": "abc"}, "post must be the id"),
        ({"reason": "inaccurate", "post": "99999999999999999999"}, "post must be the id"),
        ({"reason": "inaccurate", "note": "x" * 501}, "Anything the moderators should know"),
    ],
)
def test_flagging_refuses_bad_input_with_400_naming_the_field(people, space, client_for, data, says):
    thread = make_thread(space, people.ms1)
    response = client_for("ms3").post(reverse("forum:flag", args=[thread.pk]), data)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not Flag.objects.exists()


def test_a_post_of_another_thread_cannot_be_flagged_through_this_one(people, space, client_for):
    thread = make_thread(space, people.ms1)
    elsewhere = make_post(make_thread(space, people.ms3), people.ms3)
    response = client_for("ms3").post(
        reverse("forum:flag", args=[thread.pk]), {"post": elsewhere.pk, "reason": "inaccurate"}
    )
    assert response.status_code == 400
    assert not Flag.objects.exists()


def test_a_thread_you_cannot_read_is_not_found(people, space, client_for):
    thread = make_thread(space, people.ms1, status=Status.HIDDEN)
    response = client_for("ms3").post(reverse("forum:flag", args=[thread.pk]), {"reason": "inaccurate"})
    assert response.status_code == 404


# Access ----------------------------------------------------------------------------


def test_the_queue_is_for_the_spaces_moderators_and_coordinators(people, space, client_for):
    assert client_for("faculty").get(queue_url(space)).status_code == 200  # moderator of this space
    assert client_for("coordinator").get(queue_url(space)).status_code == 200
    for role in ("ms1", "ms3", "wellbeing"):
        assert client_for(role).get(queue_url(space)).status_code == 403
    assert client_for("faculty").get(queue_url(make_space())).status_code == 403  # not their space
    response = client_for("anonymous").get(queue_url(space))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("forum:flag", ["thread"], "get"),
        ("forum:thread_close", ["thread"], "get"),
        ("forum:review_act", ["space"], "get"),
        ("forum:review_queue", ["space"], "post"),
        ("forum:watched_word_delete", [1], "get"),
        ("forum:watched_words", [], "put"),
    ],
)
def test_wrong_methods_are_405(people, space, client_for, name, args, method):
    thread = make_thread(space, people.ms1)
    values = {"thread": thread.pk, "space": space.slug}
    url = reverse(name, args=[values.get(a, a) if isinstance(a, str) else a for a in args])
    assert getattr(client_for("coordinator"), method)(url).status_code == 405


# The review queue never names an anonymous author ----------------------------------


def test_the_queue_shows_an_anonymous_author_as_classmates_see_them(people, space, client_for, zelda):
    thread = make_thread(space, people.ms3)
    answer = make_post(thread, zelda, anonymous=True, body="Patient in bed 4 is my neighbour")
    Flag.objects.create(space=space, thread=thread, post=answer, flagged_by=people.ms1, reason="privacy")
    held = make_thread(space, zelda, anonymous=True, title="A held anonymous question", status=Status.PENDING)
    ModerationAction.objects.create(space=space, moderator=people.faculty, action="warn", thread=thread, post=answer)
    Suspension.objects.create(
        user=zelda, space=space, until=held.created_at, reason="Earlier", created_by=people.faculty
    )
    html = client_for("faculty").get(queue_url(space)).content.decode()
    assert "Patient in bed 4" in html and "A held anonymous question" in html
    assert "Anonymous student 1" in html
    for secret in ("Zelda", "Quixote", "Zee Q", "zelda.quixote", str(SECRET_ID), f"/people/{SECRET_ID}/"):
        assert secret not in html, secret


def test_the_queue_names_an_author_who_posted_under_their_name(people, space, client_for):
    thread = make_thread(space, people.ms3, status=Status.PENDING)
    html = client_for("faculty").get(queue_url(space)).content.decode()
    assert "Sam Sato" in html and thread.title in html


def test_opening_a_crisis_item_is_audited(people, space, client_for):
    thread = make_thread(space, people.ms1, anonymous=True)
    Flag.objects.create(space=space, thread=thread, reason="crisis", matched="hopeless")
    client_for("coordinator").get(queue_url(space))
    event = AuditEvent.objects.get(action="forum.crisis_read")
    assert (event.actor, event.target) == (people.coordinator, f"forum-thread:{thread.pk}")


def _flags(space, people, count: int) -> None:  # type: ignore[no-untyped-def]
    """``count`` open flags over distinct items, a third of them anonymous, plus held and hidden items."""
    thread = make_thread(space, people.ms3, anonymous=True)
    posts = Post.objects.bulk_create(
        Post(thread=thread, author=people.ms1, body=f"Answer {n}", body_html="", kind="answer", anonymous=n % 3 == 0)
        for n in range(count)
    )
    reasons = [r for r, _label in Flag.Reason.choices]
    Flag.objects.bulk_create(
        Flag(space=space, thread=thread, post=p, flagged_by=people.wellbeing, reason=reasons[n % len(reasons)])
        for n, p in enumerate(posts)
    )
    for n in range(count // 10):
        make_thread(space, people.ms1, status=Status.PENDING, anonymous=n % 2 == 0)
        make_post(thread, people.ms1, status=Status.HIDDEN)
        ModerationAction.objects.create(space=space, moderator=people.faculty, action="hide", thread=thread)


#: flags, threads, posts, aliases, reveals, watched words, recent actions.
QUEUE_QUERIES = 7


@pytest.mark.parametrize("count", [10, 100])
def test_the_queue_reads_a_fixed_number_of_queries(people, space, count, django_assert_num_queries):
    _flags(space, people, count)
    # What every forum request has read by the time the queue is drawn: roles and duties.
    assert people.faculty.role_set is not None and policy.duties(people.faculty) is not None
    with django_assert_num_queries(QUEUE_QUERIES):
        queue = review_queue(space=space, viewer=people.faculty)
        assert len(queue.flagged) == count
        [entry.byline for entry in queue.flagged + queue.pending + queue.hidden]


def test_the_queue_page_costs_the_same_for_10_or_100_flags(people, client_for):
    client = client_for("faculty")
    costs = []
    for count in (10, 100):
        space = make_space(moderator=people.faculty)
        _flags(space, people, count)
        client.get(queue_url(space))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(queue_url(space))
        assert response.status_code == 200
        costs.append(len(queries))
    assert costs[0] == costs[1]


# Acting from the queue -----------------------------------------------------------------


def test_hiding_from_the_queue_redirects_back_with_a_message(people, space, client_for):
    thread = make_thread(space, people.ms1)
    client = client_for("faculty")
    response = client.post(act_url(space), {"action": "hide", "thread": thread.pk, "note": "Off topic"})
    assert response.status_code == 302 and response["Location"] == queue_url(space)
    thread.refresh_from_db()
    assert thread.status == Status.HIDDEN
    assert "is hidden" in client.get(queue_url(space)).content.decode()


def test_suspending_from_the_queue(people, space, client_for):
    thread = make_thread(space, people.ms1, anonymous=True)
    data = {"action": "suspend", "thread": thread.pk, "days": "5", "note": "Insults"}
    assert client_for("faculty").post(act_url(space), data).status_code == 302
    assert Suspension.objects.get().user == people.ms1


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"action": "suspend", "note": "x"}, "Days: Say for how many days"),
        ({"action": "suspend", "note": "x", "days": "91"}, "Days:"),
        ({"action": "suspend", "days": "3"}, "Note to the author: Write a note"),
        ({"action": "warn"}, "Note to the author: Write a note"),
        ({"action": "edit", "body": "   "}, "Text: Write the post"),
        ({"action": "explode"}, "Action:"),
        ({"action": "approve"}, "not waiting for approval"),
        ({"action": "suspend", "days": "2", "note": "x", "everywhere": "on"}, "In the whole forum: Only coordinators"),
    ],
)
def test_a_refused_action_rerenders_the_queue_with_400_naming_the_field(people, space, client_for, data, says):
    thread = make_thread(space, people.ms1)
    response = client_for("faculty").post(act_url(space), {"thread": thread.pk, **data})
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not ModerationAction.objects.exists() and not Suspension.objects.exists()


@pytest.mark.parametrize(("data", "status"), [({}, 400), ({"thread": "x"}, 400), ({"thread": "1", "post": "-1"}, 400)])
def test_bad_ids_are_400(people, space, client_for, data, status):
    assert client_for("faculty").post(act_url(space), {"action": "hide", **data}).status_code == status


def test_an_item_of_another_space_is_not_found(people, space, client_for):
    elsewhere = make_thread(make_space(), people.ms1)
    response = client_for("faculty").post(act_url(space), {"action": "hide", "thread": elsewhere.pk})
    assert response.status_code == 404


def test_people_who_do_not_moderate_cannot_act(people, space, client_for):
    thread = make_thread(space, people.ms1)
    assert client_for("ms3").post(act_url(space), {"action": "hide", "thread": thread.pk}).status_code == 403
    thread.refresh_from_db()
    assert thread.status == Status.PUBLISHED


# Closing -------------------------------------------------------------------------------


def close(client: Client, thread: Thread, original: str = "") -> int:
    return client.post(reverse("forum:thread_close", args=[thread.pk]), {"original": original}).status_code


def test_closing_without_an_original_just_closes(people, space, client_for):
    thread = make_thread(space, people.ms1)
    assert close(client_for("faculty"), thread) == 302
    thread.refresh_from_db()
    assert thread.state == Thread.State.CLOSED


@pytest.mark.parametrize("form", ["number", "hash", "path", "url"])
def test_the_original_may_be_given_by_number_or_address(people, space, client_for, form):
    original = make_thread(space, people.ms3)
    duplicate = make_thread(space, people.ms1)
    path = reverse("forum:thread", args=[original.pk])
    given = {"number": str(original.pk), "hash": f"#{original.pk}", "path": path, "url": f"https://x.test{path}#a"}
    assert close(client_for("faculty"), duplicate, given[form]) == 302
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original


@pytest.mark.parametrize("given", ["/forum/spaces/x/", "banana", "424242"])
def test_a_bad_original_is_refused_with_a_message(people, space, client_for, given):
    duplicate = make_thread(space, people.ms1)
    client = client_for("faculty")
    assert close(client, duplicate, given) == 302
    duplicate.refresh_from_db()
    assert duplicate.state == Thread.State.OPEN
    page = client.get(reverse("forum:thread", args=[duplicate.pk])).content.decode()
    assert "Duplicate of:" in page


def test_only_moderators_close(people, space, client_for):
    thread = make_thread(space, people.ms1)
    assert close(client_for("ms1"), thread) == 403
    assert close(client_for("anonymous"), thread) == 302
    thread.refresh_from_db()
    assert thread.state == Thread.State.OPEN


# Watched words and posting limits ------------------------------------------------------------


def test_coordinators_manage_watched_words(people, client_for):
    client = client_for("coordinator")
    url = reverse("forum:watched_words")
    assert client.get(url).status_code == 200
    assert client.post(url, {"phrase": "  Kill   Myself ", "action": "crisis"}).status_code == 302
    word = WatchedWord.objects.get()
    assert (word.phrase, word.action, word.created_by) == ("Kill Myself", "crisis", people.coordinator)
    again = client.post(url, {"phrase": "kill myself", "action": "block"})
    assert again.status_code == 400 and "already on the list" in again.content.decode()
    assert client.post(url, {}).status_code == 400
    assert client.post(reverse("forum:watched_word_delete", args=[word.pk])).status_code == 302
    assert not WatchedWord.objects.exists()
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("pk")) == [
        "forum.watched_word_added",
        "forum.watched_word_removed",
    ]


@pytest.mark.parametrize("role", ["ms1", "faculty", "wellbeing"])
def test_only_coordinators_see_the_settings(people, client_for, role):
    client = client_for(role)
    word = WatchedWord.objects.create(phrase="idiot", action="flag")
    assert client.get(reverse("forum:watched_words")).status_code == 403
    assert client.post(reverse("forum:watched_word_delete", args=[word.pk])).status_code == 403
    assert client.get(reverse("forum:forum_rules")).status_code == 403
    assert client.post(reverse("forum:forum_rules"), {}).status_code == 403


RULES = {
    "new_account_days": "5",
    "threads_per_day": "8",
    "new_threads_per_day": "2",
    "replies_per_hour": "20",
    "new_replies_per_hour": "5",
    "approve_first_posts": "1",
}


def test_coordinators_set_the_posting_limits(people, client_for):
    client = client_for("coordinator")
    assert 'value="10"' in client.get(reverse("forum:forum_rules")).content.decode()  # the defaults
    assert client.post(reverse("forum:forum_rules"), RULES).status_code == 302
    rules = ForumRules.objects.get()
    assert (rules.new_account_days, rules.new_threads_per_day, rules.approve_first_posts) == (5, 2, 1)
    event = AuditEvent.objects.get(action="forum.rules_changed")
    assert event.detail["before"]["threads_per_day"] == 10 and event.detail["after"]["threads_per_day"] == 8


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"new_threads_per_day": "9"}, "New accounts&#x27; limit cannot be above everyone&#x27;s (8)"),
        ({"threads_per_day": "0"}, "greater than or equal to 1"),
        ({"replies_per_hour": ""}, "This field is required"),
    ],
)
def test_bad_limits_are_refused_naming_the_field(people, client_for, change, says):
    response = client_for("coordinator").post(reverse("forum:forum_rules"), {**RULES, **change})
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not ForumRules.objects.exists()
