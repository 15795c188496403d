"""Screening a post before it is published: watched words, first-post approval, rate limits, suspensions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.accounts.models import Profile, User
from huddle.audit.models import AuditEvent
from huddle.forum.models import Flag, ForumRules, Post, Status, Suspension, Thread, WatchedWord
from huddle.forum.moderation.rules import local_when
from huddle.forum.moderation.screening import posting_check, screen_text, screening_apply
from huddle.forum.moderation.watchwords import matches
from huddle.forum.threads.services import post_create, thread_create
from huddle.lib.errors import HuddleError
from huddle.notifications.models import Notification
from tests.forum.factories import make_post, make_space, make_thread

TITLE = "Renal physiology question"


def watch(phrase: str, action: str) -> WatchedWord:
    return WatchedWord.objects.create(phrase=phrase, action=action)


def ask(author: User, space, body: str, **kwargs):  # type: ignore[no-untyped-def]
    return thread_create(author=author, space=space, title=TITLE, body=body, **kwargs)


def joined_days_ago(user: User, days: int) -> None:
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))
    user.refresh_from_db()


def kinds_for(user: User) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.fixture
def space(people):
    return make_space(moderator=people.faculty)


# Matching ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("idiot", "What an IDIOT answer", True),
        ("ass", "Ask in class, not here", False),  # whole words only
        ("ass", "kick-ass notes", True),
        ("straße", "Die STRASSE ist lang", True),  # Unicode case folding
        ("café", "Meet at the CAFÉ", True),
        ("niño", "los niños", False),  # a word boundary after a non-ASCII letter
        ("kill myself", "I want to kill\n  myself", True),  # any whitespace inside a phrase
        ("ﬁle", "the file is attached", True),  # compatibility forms fold together
        ("c++", "learn C++ today", True),
    ],
)
def test_watched_words_match_whole_words_whatever_the_case(phrase, text, found):
    assert bool(matches(text, [(phrase, "flag")])) is found


# Watched-word actions ---------------------------------------------------------


def test_a_blocked_word_refuses_the_post_naming_the_word_and_saves_nothing(people, space):
    watch("Dumbass", WatchedWord.Action.BLOCK)
    with pytest.raises(HuddleError) as refused:
        ask(people.ms1, space, "Only a dumbass would ask this, but…")
    assert refused.value.field == "body"
    assert "“Dumbass”" in refused.value.message
    assert not Thread.objects.exists()
    assert not Flag.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_blocked_word_refuses_a_reply_too(people, space):
    thread = make_thread(space, people.ms3)
    watch("dumbass", WatchedWord.Action.BLOCK)
    with pytest.raises(HuddleError, match="dumbass"):
        post_create(author=people.ms1, thread=thread, body="You dumbass.")
    assert not Post.objects.exists()


def test_an_approval_word_holds_the_post_and_tells_the_moderators(people, space):
    watch("upperclassman notes", WatchedWord.Action.APPROVAL)
    thread, crisis = ask(people.ms1, space, "Selling my Upperclassman Notes, DM me")
    assert (thread.status, crisis) == (Status.PENDING, False)
    assert kinds_for(people.faculty) == ["forum.flag"]  # the space's moderator
    assert kinds_for(people.coordinator) == ["forum.flag"]  # coordinators moderate everywhere
    assert kinds_for(people.ms3) == kinds_for(people.wellbeing) == []


def test_a_flag_word_publishes_and_raises_a_flag_from_nobody(people, space):
    watch("stupid", WatchedWord.Action.FLAG)
    thread, _crisis = ask(people.ms1, space, "This stupid lecture")
    assert thread.status == Status.PUBLISHED
    flag = Flag.objects.get()
    assert (flag.flagged_by, flag.reason, flag.matched) == (None, Flag.Reason.UNPROFESSIONAL, "stupid")
    assert kinds_for(people.faculty) == ["forum.flag"]


def test_a_crisis_word_publishes_flags_and_reaches_moderators_and_wellbeing_staff(people, space):
    watch("kill myself", WatchedWord.Action.CRISIS)
    thread, crisis = ask(people.ms1, space, "Step 1 is close and I want to kill myself.", anonymous=True)
    assert crisis is True
    assert thread.status == Status.PUBLISHED
    flag = Flag.objects.get()
    assert (flag.reason, flag.flagged_by, flag.matched) == (Flag.Reason.CRISIS, None, "kill myself")
    for reviewer in (people.wellbeing, people.faculty, people.coordinator):
        assert kinds_for(reviewer) == ["forum.crisis"]
    assert kinds_for(people.ms3) == kinds_for(people.ms1) == []
    for note in Notification.objects.all():  # nobody is told who wrote it
        assert "Alice" not in note.title + note.body and people.ms1.email not in note.title + note.body
    assert AuditEvent.objects.get(action="forum.screened").actor is None


def test_crisis_words_never_block_even_beside_a_blocked_word(people, space):
    watch("kill myself", WatchedWord.Action.CRISIS)
    watch("dumbass", WatchedWord.Action.BLOCK)
    thread, crisis = ask(people.ms1, space, "I'm such a dumbass, I want to kill myself")
    assert crisis is True
    assert thread.status == Status.PENDING  # the blocked word still waits for a person
    assert set(Flag.objects.values_list("reason", flat=True)) == {Flag.Reason.CRISIS, Flag.Reason.UNPROFESSIONAL}
    assert kinds_for(people.wellbeing) == ["forum.crisis"]


def test_an_edit_with_the_same_crisis_words_keeps_one_open_flag(people, space):
    watch("hopeless", WatchedWord.Action.CRISIS)
    thread = make_thread(space, people.ms1)
    for _ in range(2):
        screening = screen_text(author=people.ms1, space=space, text="Feeling hopeless")
        screening_apply(screening=screening, thread=thread, post=None)
    assert Flag.objects.count() == 1


# First posts held for approval -------------------------------------------------


def test_first_posts_wait_until_enough_are_published(people, space):
    ForumRules.objects.create(approve_first_posts=1)
    first, _crisis = ask(people.ms1, space, "My first question")
    second, _crisis = ask(people.ms1, space, "My second question")
    assert [first.status, second.status] == [Status.PENDING, Status.PENDING]  # held posts earn nothing
    Thread.objects.filter(pk=first.pk).update(status=Status.PUBLISHED)
    third, _crisis = ask(people.ms1, space, "My third question")
    assert third.status == Status.PUBLISHED


def test_the_spaces_moderators_are_not_held(people, space):
    ForumRules.objects.create(approve_first_posts=3)
    assert screen_text(author=people.faculty, space=space, text="Welcome").status == Status.PUBLISHED


def test_a_crisis_post_is_not_held_as_a_first_post(people, space):
    ForumRules.objects.create(approve_first_posts=3)
    watch("hopeless", WatchedWord.Action.CRISIS)
    screening = screen_text(author=people.ms1, space=space, text="I feel hopeless")
    assert (screening.status, screening.crisis) == (Status.PUBLISHED, True)


# Rate limits -------------------------------------------------------------------


def test_a_new_account_gets_the_stricter_thread_limit_naming_the_rule_and_when_it_lifts(people, space):
    Profile.objects.filter(user=people.ms1).update(time_zone="America/Los_Angeles")
    people.ms1.refresh_from_db()
    threads = [make_thread(space, people.ms1) for _ in range(3)]
    oldest = timezone.now() - timedelta(hours=5)
    Thread.objects.filter(pk=threads[0].pk).update(created_at=oldest)
    with pytest.raises(HuddleError) as refused:
        posting_check(author=people.ms1, space=space, kind="thread")
    message = refused.value.message
    assert "New accounts may start 3 threads a day" in message
    assert local_when(oldest + timedelta(days=1), people.ms1) in message
    assert "PST" in message or "PDT" in message  # in the poster's own zone


def test_an_older_account_gets_everyones_limit(people, space):
    joined_days_ago(people.ms1, 30)
    for _ in range(9):
        make_thread(space, people.ms1)
    posting_check(author=people.ms1, space=space, kind="thread")  # the 10th is fine
    make_thread(space, people.ms1)
    with pytest.raises(HuddleError, match="You may start 10 threads a day"):
        posting_check(author=people.ms1, space=space, kind="thread")


def test_posts_outside_the_window_do_not_count(people, space):
    for _ in range(3):
        make_thread(space, people.ms1)
    Thread.objects.update(created_at=timezone.now() - timedelta(hours=25))
    posting_check(author=people.ms1, space=space, kind="thread")


def test_replies_have_their_own_hourly_limit(people, space):
    ForumRules.objects.create(new_replies_per_hour=2, replies_per_hour=5)
    thread = make_thread(space, people.ms3)
    posting_check(author=people.ms1, space=space, kind="thread")
    make_post(thread, people.ms1)
    make_post(thread, people.ms1, kind=Post.Kind.COMMENT)
    with pytest.raises(HuddleError, match="New accounts may post 2 answers and comments an hour"):
        post_create(author=people.ms1, thread=thread, body="A third reply")
    joined_days_ago(people.ms1, 30)
    posting_check(author=people.ms1, space=space, kind="reply")


def test_the_new_account_period_can_be_turned_off(people, space):
    ForumRules.objects.create(new_account_days=0, new_threads_per_day=1, threads_per_day=2)
    make_thread(space, people.ms1)
    posting_check(author=people.ms1, space=space, kind="thread")


def test_moderators_are_not_rate_limited(people, space):
    for _ in range(5):
        make_thread(space, people.faculty)
    posting_check(author=people.faculty, space=space, kind="thread")


# Suspensions -------------------------------------------------------------------


def suspend(user: User, by: User, *, space=None, days: float = 2) -> Suspension:  # type: ignore[no-untyped-def]
    return Suspension.objects.create(
        user=user, space=space, until=timezone.now() + timedelta(days=days), reason="Repeated insults", created_by=by
    )


def test_a_suspension_blocks_posting_in_its_space_until_its_end(people, space):
    suspension = suspend(people.ms1, people.faculty, space=space)
    with pytest.raises(HuddleError) as refused:
        ask(people.ms1, space, "Can I still post?")
    assert local_when(suspension.until, people.ms1) in refused.value.message
    assert "Repeated insults" in refused.value.message
    assert not Thread.objects.exists()
    posting_check(author=people.ms1, space=make_space(), kind="thread")  # other spaces are open
    Suspension.objects.update(until=timezone.now() - timedelta(seconds=1))
    posting_check(author=people.ms1, space=space, kind="thread")


def test_a_forum_wide_suspension_blocks_every_space(people, space):
    suspend(people.ms1, people.coordinator)
    with pytest.raises(HuddleError, match="in the forum until"):
        posting_check(author=people.ms1, space=make_space(), kind="reply")


def test_an_unknown_kind_is_a_programming_error(people, space):
    with pytest.raises(ValueError, match="kind"):
        posting_check(author=people.ms1, space=space, kind="poll")
