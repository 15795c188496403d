"""Access rows: forum moderation (flagging, the review queue, closing, watched words, posting limits).

Statuses in the order anonymous, ms1 (Alice, who posted anonymously), ms3
(Sam, who asked), mentor (Maya), faculty (Fatima, the space's moderator
here), coordinator, well-being. The world has no forum, so each row builds
its own space from the world's people; every row's test has a fresh world.
POSTs carry an empty body: a moderator's empty action is a 400, an empty
close simply closes the thread.
"""

from dataclasses import dataclass

from django.urls import reverse

from huddle.forum.models import Flag, Post, Space, Thread, WatchedWord
from tests.access.matrix import Fill, Row
from tests.access.world import World
from tests.forum.factories import make_post, make_space, make_thread

#: Text of the flagged anonymous answer: the space's moderators see it, nobody else here.
FLAGGED_TEXT = "My patient in bed 12 keeps calling me at home"


@dataclass
class Moderated:
    space: Space
    thread: Thread
    answer: Post
    word: WatchedWord


def moderated(w: World) -> Moderated:
    """A space moderated by the faculty persona, with a flagged anonymous answer and a watched word."""
    built: Moderated | None = getattr(w, "_moderated", None)
    if built is None:
        space = make_space("Clinical skills", moderator=w.people.faculty)
        thread = make_thread(space, w.people.ms3)
        answer = make_post(thread, w.people.ms1, body=FLAGGED_TEXT, anonymous=True)
        Flag.objects.create(space=space, thread=thread, post=answer, flagged_by=w.people.ms3, reason="privacy")
        word = WatchedWord.objects.create(phrase="dumbass", action=WatchedWord.Action.BLOCK)
        built = Moderated(space, thread, answer, word)
        w._moderated = built  # type: ignore[attr-defined]
    return built


def at(name: str, part: str = "") -> Fill:
    """``reverse("forum:<name>")`` with the thread id, space slug or watched word's id."""

    def fill(w: World) -> str:
        m = moderated(w)
        values = {"thread": m.thread.pk, "space": m.space.slug, "word": m.word.pk}
        return reverse(f"forum:{name}", args=[values[part]] if part else [])

    return fill


NOT_GET = "302 405 405 405 405 405 405"
NOT_POST = "302 405 405 405 405 405 405"
MODERATORS_GET = "302 403 403 403 200 200 403"
COORDINATORS_GET = "302 403 403 403 403 200 403"
#: An empty form re-rendered with what is missing.
COORDINATORS_EMPTY_POST = "302 403 403 403 403 400 403"

ROWS = {
    # Anyone signed in flags what they can read; an empty flag names no reason.
    "forum:flag": Row(at("flag", "thread"), get=NOT_GET, post="302 400 400 400 400 400 400"),
    "forum:thread_close": Row(at("thread_close", "thread"), get=NOT_GET, post="302 403 403 403 302 302 403"),
    "forum:review_queue": Row(at("review_queue", "space"), get=MODERATORS_GET, post=NOT_POST),
    # Who sees the flagged post in the queue: its moderators only.
    "forum:review_queue#item": Row(
        at("review_queue", "space"),
        get=MODERATORS_GET,
        post=NOT_POST,
        marker=lambda w: FLAGGED_TEXT,
        sees="....xx.",
    ),
    # …and nobody, moderators included, learns who wrote it.
    "forum:review_queue#author": Row(
        at("review_queue", "space"),
        get=MODERATORS_GET,
        post=NOT_POST,
        marker=lambda w: w.people.ms1.email,
        sees=".......",
    ),
    "forum:review_act": Row(at("review_act", "space"), get=NOT_GET, post="302 403 403 403 400 400 403"),
    "forum:watched_words": Row(at("watched_words"), get=COORDINATORS_GET, post=COORDINATORS_EMPTY_POST),
    "forum:watched_word_delete": Row(
        at("watched_word_delete", "word"), get=NOT_GET, post="302 403 403 403 403 302 403"
    ),
    "forum:forum_rules": Row(at("forum_rules"), get=COORDINATORS_GET, post=COORDINATORS_EMPTY_POST),
}
