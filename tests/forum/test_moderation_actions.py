"""Flagging, auto-hide, and every moderator action: logged, audited, the author told, nobody else."""

import pytest
from django.utils import timezone

from huddle.audit.models import AuditEvent
from huddle.forum.models import (
    Endorsement,
    Flag,
    Follow,
    ModerationAction,
    Post,
    Revision,
    Status,
    Suspension,
    Thread,
    ThreadVote,
)
from huddle.forum.moderation import items, services
from huddle.forum.moderation.screening import posting_check
from huddle.lib.errors import HuddleError
from huddle.notifications.models import Notification
from tests.forum.factories import make_post, make_space, make_thread
from tests.personas import make_person


@pytest.fixture
def space(people):
    return make_space(moderator=people.faculty)


@pytest.fixture
def search_calls(monkeypatch):
    """What moderation asked of search, in order."""
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(items, "index_thread", lambda *, thread_id: calls.append(("index", thread_id)))
    monkeypatch.setattr(items, "unindex_thread", lambda *, thread_id: calls.append(("unindex", thread_id)))
    return calls


def notes_for(user) -> list[Notification]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(user=user))


# Flagging --------------------------------------------------------------------


def test_a_flag_is_recorded_audited_and_sent_to_the_spaces_reviewers(people, space):
    thread = make_thread(space, people.ms1, anonymous=True)
    flag = services.flag_create(user=people.ms3, thread=thread, post=None, reason="harassment", note="Rude")
    assert (flag.flagged_by, flag.reason, flag.note, flag.space) == (people.ms3, "harassment", "Rude", space)
    assert AuditEvent.objects.get(action="forum.flag").actor == people.ms3
    for moderator in (people.faculty, people.coordinator):
        [note] = notes_for(moderator)
        assert note.kind == "forum.flag"
        assert "Alice" not in note.title and "Sam" not in note.title  # neither author nor flagger
    assert notes_for(people.ms1) == []  # the author is not told of a flag


def test_a_crisis_concern_also_reaches_the_wellbeing_staff(people, space):
    thread = make_thread(space, people.ms1)
    services.flag_create(user=people.ms3, thread=thread, post=None, reason="crisis")
    assert [n.kind for n in notes_for(people.wellbeing)] == ["forum.crisis"]
    assert [n.kind for n in notes_for(people.faculty)] == ["forum.crisis"]


def test_flagging_refuses_an_unknown_reason_and_a_long_note(people, space):
    thread = make_thread(space, people.ms1)
    with pytest.raises(HuddleError) as refused:
        services.flag_create(user=people.ms3, thread=thread, post=None, reason="boring")
    assert refused.value.field == "reason"
    with pytest.raises(HuddleError) as refused:
        services.flag_create(user=people.ms3, thread=thread, post=None, reason="inaccurate", note="x" * 501)
    assert refused.value.field == "note"
    assert not Flag.objects.exists()


def test_nobody_flags_what_they_cannot_read(people, space):
    thread = make_thread(space, people.ms1, status=Status.PENDING)
    with pytest.raises(HuddleError):
        services.flag_create(user=people.ms3, thread=thread, post=None, reason="inaccurate")


def test_auto_hide_counts_distinct_flaggers_not_flags(people, space, search_calls):
    space.auto_hide_flaggers = 2
    space.save()
    thread = make_thread(space, people.ms1)
    services.flag_create(user=people.ms3, thread=thread, post=None, reason="harassment")
    again = services.flag_create(user=people.ms3, thread=thread, post=None, reason="unprofessional")
    assert Flag.objects.count() == 1 and again.reason == "harassment"  # the same person twice is one flag
    thread.refresh_from_db()
    assert thread.status == Status.PUBLISHED
    services.flag_create(user=people.wellbeing, thread=thread, post=None, reason="harassment")
    thread.refresh_from_db()
    assert thread.status == Status.HIDDEN
    assert search_calls == [("unindex", thread.pk)]
    assert AuditEvent.objects.get(action="forum.auto_hide").actor is None
    assert [n.kind for n in notes_for(people.ms1)] == ["forum.moderation"]


def test_auto_hide_of_an_answer_refreshes_its_thread(people, space, search_calls):
    space.auto_hide_flaggers = 1
    space.save()
    thread = make_thread(space, people.ms3)
    answer = make_post(thread, people.ms1)
    services.flag_create(user=people.ms3, thread=thread, post=answer, reason="inaccurate")
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert (answer.status, thread.answer_count) == (Status.HIDDEN, 0)
    assert search_calls == [("index", thread.pk)]


def test_crisis_concerns_never_hide_a_post(people, space):
    space.auto_hide_flaggers = 1
    space.save()
    thread = make_thread(space, people.ms1)
    services.flag_create(user=people.ms3, thread=thread, post=None, reason="crisis")
    thread.refresh_from_db()
    assert thread.status == Status.PUBLISHED


# Every action: a ModerationAction, an audit event, and the author told ------------


def _flagged(people, space):  # type: ignore[no-untyped-def]
    thread = make_thread(space, people.ms3)
    post = make_post(thread, people.ms1, anonymous=True)
    Flag.objects.create(space=space, thread=thread, post=post, flagged_by=people.wellbeing, reason="privacy")
    return thread, post


ACTIONS = {
    "dismiss": lambda m, t, p: services.flags_dismiss(moderator=m, thread=t, post=p),
    "hide": lambda m, t, p: services.post_hide(moderator=m, thread=t, post=p, note="Shares a patient's name"),
    "edit": lambda m, t, p: services.post_edit_by_moderator(moderator=m, thread=t, post=p, body="[removed]"),
    "warn": lambda m, t, p: services.author_warn(moderator=m, thread=t, post=p, note="Keep patients anonymous"),
    "suspend": lambda m, t, p: services.author_suspend(moderator=m, thread=t, post=p, days=3, note="Again"),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_is_logged_audited_and_told_to_the_author_alone(people, space, action):
    thread, post = _flagged(people, space)
    ACTIONS[action](people.faculty, thread, post)
    logged = ModerationAction.objects.get()
    assert (logged.action, logged.moderator, logged.thread, logged.post) == (action, people.faculty, thread, post)
    event = AuditEvent.objects.get(action=f"forum.{action}")
    assert event.actor == people.faculty
    assert event.target == f"forum-thread:{thread.pk}/post:{post.pk}"
    assert "alice" not in str(event.detail).lower() and "author" not in str(event.detail)
    assert not Flag.objects.filter(resolution=Flag.Resolution.OPEN).exists()
    told = [n.kind for n in notes_for(people.ms1)]
    assert told == ([] if action == "dismiss" else ["forum.moderation"])  # a dismissal changes nothing of theirs
    assert notes_for(people.ms3) == notes_for(people.wellbeing) == []


def test_hide_then_restore_keeps_counts_and_search_true(people, space, search_calls):
    thread = make_thread(space, people.ms3)
    answer = make_post(thread, people.ms1)
    services.post_hide(moderator=people.faculty, thread=thread, post=answer)
    thread.refresh_from_db()
    assert thread.answer_count == 0
    Flag.objects.create(space=space, thread=thread, post=answer, flagged_by=people.ms3, reason="inaccurate")
    services.post_restore(moderator=people.faculty, thread=thread, post=answer)
    thread.refresh_from_db()
    answer.refresh_from_db()
    assert (answer.status, thread.answer_count) == (Status.PUBLISHED, 1)
    assert Flag.objects.get().resolution == Flag.Resolution.DISMISSED  # the flags that hid it were wrong
    assert search_calls == [("index", thread.pk), ("index", thread.pk)]
    assert list(ModerationAction.objects.values_list("action", flat=True)) == ["restore", "hide"]
    assert AuditEvent.objects.filter(action="forum.restore").exists()


def test_hiding_a_thread_takes_it_out_of_search(people, space, search_calls):
    thread = make_thread(space, people.ms1)
    services.post_hide(moderator=people.coordinator, thread=thread, post=None)
    assert search_calls == [("unindex", thread.pk)]


def test_approving_a_held_item_publishes_it(people, space, search_calls):
    thread = make_thread(space, people.ms1, status=Status.PENDING)
    services.item_approve(moderator=people.faculty, thread=thread, post=None)
    thread.refresh_from_db()
    assert thread.status == Status.PUBLISHED
    assert search_calls == [("index", thread.pk)]
    assert ModerationAction.objects.get().action == "approve"
    assert AuditEvent.objects.filter(action="forum.approve").exists()
    assert [n.kind for n in notes_for(people.ms1)] == ["forum.moderation"]
    with pytest.raises(HuddleError, match="not waiting"):
        services.item_approve(moderator=people.faculty, thread=thread, post=None)


def test_a_moderators_edit_keeps_a_revision_and_bumps_the_version(people, space):
    thread = make_thread(space, people.ms3)
    answer = make_post(thread, people.ms1, body="Patient J.D. in room 4 had…")
    Endorsement.objects.create(post=answer, endorsed_by=people.faculty, version=1)
    Thread.objects.filter(pk=thread.pk).update(has_endorsed_answer=True)
    services.post_edit_by_moderator(
        moderator=people.coordinator, thread=thread, post=answer, body="A patient had…", note="Removed a name"
    )
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert (answer.body, answer.version, answer.body_html.strip()) == ("A patient had…", 2, "<p>A patient had…</p>")
    revision = Revision.objects.get()
    assert (revision.post, revision.version, revision.body) == (answer, 1, "Patient J.D. in room 4 had…")
    assert thread.has_endorsed_answer is False  # the verification was of the earlier text
    with pytest.raises(HuddleError) as refused:
        services.post_edit_by_moderator(moderator=people.coordinator, thread=thread, post=answer, body="  ")
    assert refused.value.field == "body"


def test_suspension_stops_the_author_posting_until_its_end(people, space):
    thread, post = _flagged(people, space)
    suspension = services.author_suspend(moderator=people.faculty, thread=thread, post=post, days=7, note="Again")
    assert (suspension.user, suspension.space) == (people.ms1, space)
    assert abs((suspension.until - timezone.now()).days - 7) <= 1
    with pytest.raises(HuddleError, match="suspended your posting"):
        posting_check(author=people.ms1, space=space, kind="reply")
    [told] = notes_for(people.ms1)
    assert "Again" in told.body


@pytest.mark.parametrize(("days", "field"), [(0, "days"), (91, "days")])
def test_suspension_days_are_1_to_90_and_nothing_is_half_saved(people, space, days, field):
    thread, post = _flagged(people, space)
    with pytest.raises(HuddleError) as refused:
        services.author_suspend(moderator=people.faculty, thread=thread, post=post, days=days, note="x")
    assert refused.value.field == field
    assert not Suspension.objects.exists() and not ModerationAction.objects.exists()
    assert Flag.objects.get().resolution == Flag.Resolution.OPEN


def test_only_coordinators_suspend_in_the_whole_forum(people, space):
    thread, post = _flagged(people, space)
    with pytest.raises(HuddleError) as refused:
        services.author_suspend(moderator=people.faculty, thread=thread, post=post, days=1, note="x", everywhere=True)
    assert refused.value.field == "everywhere"
    everywhere = services.author_suspend(
        moderator=people.coordinator, thread=thread, post=post, days=1, note="x", everywhere=True
    )
    assert everywhere.space is None


def test_warning_needs_a_note_and_is_not_for_your_own_post(people, space):
    thread, post = _flagged(people, space)
    with pytest.raises(HuddleError) as refused:
        services.author_warn(moderator=people.faculty, thread=thread, post=post, note=" ")
    assert refused.value.field == "note"
    own = make_post(thread, people.faculty)
    with pytest.raises(HuddleError, match="your own"):
        services.author_warn(moderator=people.faculty, thread=thread, post=own, note="Hm")


def test_people_who_do_not_moderate_the_space_are_refused_and_nothing_changes(people, space):
    thread, post = _flagged(people, space)
    other_moderator = make_person("mo@school.test", "Mo", "Mod", ["faculty"])
    make_space(moderator=other_moderator)
    for user in (people.ms3, people.wellbeing, other_moderator):
        with pytest.raises(HuddleError):
            services.post_hide(moderator=user, thread=thread, post=post)
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert not ModerationAction.objects.exists() and not AuditEvent.objects.exists()


# Closing ------------------------------------------------------------------------


def test_closing_a_thread_is_logged_and_the_asker_told(people, space, search_calls):
    thread = make_thread(space, people.ms1)
    services.thread_close(moderator=people.faculty, thread=thread)
    thread.refresh_from_db()
    assert thread.state == Thread.State.CLOSED
    assert search_calls == []  # a closed thread stays findable
    assert ModerationAction.objects.get().action == "close"
    assert AuditEvent.objects.filter(action="forum.close").exists()
    assert [n.kind for n in notes_for(people.ms1)] == ["forum.moderation"]
    with pytest.raises(HuddleError, match="already closed"):
        services.thread_close(moderator=people.faculty, thread=thread)


def test_a_duplicate_merges_followers_and_votes_without_duplicates(people, space, search_calls):
    original = make_thread(space, people.ms3, title="How do loop diuretics work?")
    duplicate = make_thread(space, people.ms1, title="Loop diuretics mechanism?")
    maya = make_person("maya@school.test", "Maya", "Moreno", ["student"], 4)
    for user in (people.ms1, people.wellbeing, maya):  # the asker, someone following both, someone new
        Follow.objects.create(user=user, thread=duplicate)
    for user in (people.ms3, people.wellbeing):
        Follow.objects.create(user=user, thread=original)
    ThreadVote.objects.create(user=maya, thread=duplicate)
    ThreadVote.objects.create(user=people.wellbeing, thread=duplicate)
    ThreadVote.objects.create(user=people.wellbeing, thread=original)

    services.thread_close_as_duplicate(moderator=people.faculty, thread=duplicate, original=original)

    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.duplicate_of) == (Thread.State.DUPLICATE, original)
    followers = list(Follow.objects.filter(thread=original).values_list("user_id", flat=True))
    assert sorted(followers) == sorted([people.ms1.pk, people.ms3.pk, people.wellbeing.pk, maya.pk])
    voters = list(ThreadVote.objects.filter(thread=original).values_list("user_id", flat=True))
    assert sorted(voters) == sorted([people.wellbeing.pk, maya.pk])
    assert not Follow.objects.filter(thread=duplicate).exists()
    assert not ThreadVote.objects.filter(thread=duplicate).exists()
    assert search_calls == [("unindex", duplicate.pk)]
    logged = ModerationAction.objects.get()
    assert logged.action == "duplicate"
    event = AuditEvent.objects.get(action="forum.duplicate")
    assert event.detail["original"] == original.pk and event.detail["followers"] == 2
    [told] = notes_for(people.ms1)
    assert told.kind == "forum.moderation" and told.url == f"/forum/threads/{original.pk}/"


def test_threads_that_pointed_at_the_duplicate_follow_it_to_the_original(people, space):
    original = make_thread(space, people.ms3)
    middle = make_thread(space, people.ms1)
    older_duplicate = make_thread(space, people.ms1)
    services.thread_close_as_duplicate(moderator=people.faculty, thread=older_duplicate, original=middle)
    services.thread_close_as_duplicate(moderator=people.faculty, thread=middle, original=original)
    older_duplicate.refresh_from_db()
    assert older_duplicate.duplicate_of == original


@pytest.mark.parametrize("problem", ["itself", "pending", "duplicate"])
def test_a_duplicate_needs_a_published_original_and_nothing_is_half_saved(people, space, problem):
    duplicate = make_thread(space, people.ms1)
    Follow.objects.create(user=people.ms1, thread=duplicate)
    if problem == "itself":
        original = duplicate
    else:
        original = make_thread(space, people.ms3, status=Status.PENDING if problem == "pending" else Status.PUBLISHED)
        if problem == "duplicate":
            Thread.objects.filter(pk=original.pk).update(state=Thread.State.DUPLICATE)
    with pytest.raises(HuddleError) as refused:
        services.thread_close_as_duplicate(moderator=people.faculty, thread=duplicate, original=original)
    assert refused.value.field == "original"
    duplicate.refresh_from_db()
    assert duplicate.state == Thread.State.OPEN
    assert Follow.objects.get().thread == duplicate
    assert not ModerationAction.objects.exists()


def test_an_answer_in_a_closed_thread_is_not_the_thread(people, space):
    """Acting on a post checks it belongs to the thread named with it."""
    thread = make_thread(space, people.ms1)
    elsewhere = make_post(make_thread(space, people.ms3), people.ms3)
    with pytest.raises(HuddleError) as refused:
        services.post_hide(moderator=people.faculty, thread=thread, post=elsewhere)
    assert refused.value.field == "post"
    assert Post.objects.get().status == Status.PUBLISHED
