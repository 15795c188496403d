"""Access rows: the Q&A forum (spaces, threads, answers, verification, reveal) and its API.

Statuses in the order anonymous, ms1 (Alice, who asked anonymously), ms3
(Sam, who answered), mentor (Maya), faculty (Fatima, the space's faculty),
coordinator, well-being. The world has no forum, so each row builds one
the first time it is asked, from the same people.
"""

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from huddle.forum.attachments.services import attachment_store
from huddle.forum.models import Attachment, Post, Space, Thread
from tests.access.matrix import Row
from tests.access.world import World
from tests.forum.factories import make_post, make_space, make_thread

ASKER_SECRET_NAME = "Zebulon"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "teal").save(out, "PNG")
    return out.getvalue()


@dataclass
class Forum:
    space: Space
    thread: Thread
    answer: Post
    attachment: Attachment


def forum(w: World) -> Forum:
    """The forum part of the access world, built once per world."""
    built = getattr(w, "_forum", None)
    if built is None:
        asker = w.people.ms1
        asker.profile.display_name = ASKER_SECRET_NAME
        asker.profile.save()
        space = make_space("Renal access", faculty=w.people.faculty)
        thread = make_thread(space, asker, anonymous=True)
        answer = make_post(thread, w.people.ms3)
        attachment = attachment_store(user=w.people.ms3, upload=SimpleUploadedFile("p.png", _png(), "image/png"))
        built = Forum(space, thread, answer, attachment)
        w._forum = built  # type: ignore[attr-defined]
    return built


def at(name: str, *parts: str, query: str = "") -> "object":
    """``reverse("forum:<name>")`` with arguments taken from the forum world (thread, space, answer)."""

    def fill(w: World) -> str:
        f = forum(w)
        values = {"thread": f.thread.pk, "space": f.space.slug, "answer": f.answer.pk, "key": f.attachment.key}
        return reverse(f"forum:{name}", args=[values[p] for p in parts]) + query

    return fill


SIGNED_IN_GET = "302 200 200 200 200 200 200"
NOT_POST = "302 405 405 405 405 405 405"
NOT_GET = "302 405 405 405 405 405 405"

ROWS = {
    "forum:home": Row(at("home"), get=SIGNED_IN_GET, post=NOT_POST),
    "forum:search": Row(at("search", query="?q=loop"), get=SIGNED_IN_GET, post=NOT_POST),
    "forum:similar": Row(at("similar", query="?title=loop+of+henle"), get=SIGNED_IN_GET, post=NOT_POST),
    "forum:attachment": Row(at("attachment", "key"), get=SIGNED_IN_GET, post=NOT_POST),
    "forum:spaces_manage": Row(
        at("spaces_manage"), get="302 403 403 403 403 200 403", post="302 403 403 403 403 400 403"
    ),
    "forum:space": Row(at("space", "space"), get=SIGNED_IN_GET, post=NOT_POST),
    "forum:ask": Row(at("ask", "space"), get=SIGNED_IN_GET, post="302 400 400 400 400 400 400"),
    "forum:space_follow": Row(at("space_follow", "space"), get=NOT_GET, post="302 302 302 302 302 302 302"),
    "forum:space_staff": Row(at("space_staff", "space"), get=NOT_GET, post="302 403 403 403 403 302 403"),
    "forum:space_archive": Row(at("space_archive", "space"), get=NOT_GET, post="302 403 403 403 403 302 403"),
    "forum:space_export": Row(at("space_export", "space"), get="302 403 403 403 403 200 403", post=NOT_POST),
    "forum:thread": Row(at("thread", "thread"), get=SIGNED_IN_GET, post=NOT_POST),
    # Who asked is anonymous: nobody sees the asker's name on the thread page, the asker included.
    "forum:thread#asker": Row(
        at("thread", "thread"), get=SIGNED_IN_GET, post=NOT_POST, marker=lambda w: ASKER_SECRET_NAME, sees="......."
    ),
    "forum:answer": Row(at("answer", "thread"), get=NOT_GET, post="302 400 400 400 400 400 400"),
    "forum:comment": Row(at("comment", "thread"), get=NOT_GET, post="302 400 400 400 400 400 400"),
    "forum:thread_edit": Row(
        at("thread_edit", "thread"), get="302 200 403 403 403 403 403", post="302 400 403 403 403 403 403"
    ),
    "forum:post_edit": Row(
        at("post_edit", "thread", "answer"), get="302 403 200 403 403 403 403", post="302 403 400 403 403 403 403"
    ),
    "forum:accept": Row(at("accept", "thread"), get=NOT_GET, post="302 302 400 400 400 400 400"),
    "forum:vote": Row(at("vote", "thread"), get=NOT_GET, post="302 400 400 400 400 400 400"),
    "forum:me_too": Row(at("me_too", "thread"), get=NOT_GET, post="302 302 302 302 302 302 302"),
    "forum:follow": Row(at("follow", "thread"), get=NOT_GET, post="302 302 302 302 302 302 302"),
    "forum:verify": Row(at("verify", "thread", query=""), get=NOT_GET, post="302 400 400 400 400 400 400"),
    "forum:review": Row(at("review", "thread"), get=NOT_GET, post="302 400 400 400 400 400 400"),
    "forum:history": Row(at("history", "thread"), get=SIGNED_IN_GET, post=NOT_POST),
    "forum:reveal": Row(at("reveal", "thread"), get="302 403 403 403 200 200 403", post="302 403 403 403 400 400 403"),
    "api:forum_spaces": Row(
        lambda w: reverse("api:forum_spaces"), get="401 200 200 200 200 200 200", post="405 405 405 405 405 405 405"
    ),
    "api:forum_space_threads": Row(
        lambda w: reverse("api:forum_space_threads", kwargs={"slug": forum(w).space.slug}),
        get="401 200 200 200 200 200 200",
        post="405 405 405 405 405 405 405",
    ),
    "api:forum_thread": Row(
        lambda w: reverse("api:forum_thread", kwargs={"thread_id": forum(w).thread.pk}),
        get="401 200 200 200 200 200 200",
        post="405 405 405 405 405 405 405",
    ),
    "api:forum_thread#asker": Row(
        lambda w: reverse("api:forum_thread", kwargs={"thread_id": forum(w).thread.pk}),
        get="401 200 200 200 200 200 200",
        post="405 405 405 405 405 405 405",
        marker=lambda w: ASKER_SECRET_NAME,
        sees=".......",
    ),
    "api:forum_search_threads": Row(
        lambda w: reverse("api:forum_search_threads") + "?q=loop",
        get="401 200 200 200 200 200 200",
        post="405 405 405 405 405 405 405",
    ),
}
