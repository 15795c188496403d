"""The forum's pages read a fixed number of queries, with 10 threads or 10,000.

Pinned exactly, so a change that adds a query per row (or per page) fails
here, and the count is the same after the forum grows a thousandfold.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from huddle.forum.models import Alias, Follow, Post, Status, Tag, Thread
from huddle.forum.search import index_thread, reindex_threads
from tests.forum.factories import make_post, make_space, make_thread

pytestmark = pytest.mark.django_db

#: Every page reads the session, the person and their roles; full pages add the
#: unread badge and the person's forum duties (space faculty or moderator).
#: Lists then read a count, the page of threads (with space, author and
#: profile joined), their tags, aliases and the viewer's reveals; the home
#: page adds the spaces with their counts, a space page whether the viewer
#: follows it. The thread page reads the thread, its posts, their citations
#: and endorsements, aliases, reveals, the viewer's votes, the "me too"
#: counts, whether the viewer follows, and the tags. Search runs the
#: full-text search (three statements: bounded candidates, their title and
#: tag matches, a final check against the thread table), then the threads
#: found, their tags, aliases and reveals, and the spaces of its filter;
#: "similar" the same without a page around it.
#: A student has no duties, so no reveals are looked up; the space's faculty
#: member's lists also read their reveals (one query; on search pages, their
#: duties too).
PAGES = {
    "ms1": {"home": 10, "space": 11, "thread": 14, "search": 12, "similar": 10},
    "faculty": {"home": 11, "space": 12, "thread": 15, "search": 13, "similar": 11},
}


def _grow(space, authors, n: int) -> None:
    """``n`` more threads, a third anonymous, with answers, tags and aliases (bulk, no services)."""
    now = timezone.now()
    tag = Tag.objects.get_or_create(name="renal")[0]
    threads = Thread.objects.bulk_create(
        Thread(
            space=space,
            author=authors[i % len(authors)],
            title=f"Question {i} about the loop of Henle in the nephron",
            body="Why?",
            body_html="<p>Why?</p>",
            anonymous=i % 3 == 0,
            created_at=now,
            last_activity_at=now,
            answer_count=i % 2,
        )
        for i in range(n)
    )
    Thread.tags.through.objects.bulk_create(Thread.tags.through(thread=t, tag=tag) for t in threads)
    Alias.objects.bulk_create(Alias(thread=t, user=t.author, number=1) for t in threads if t.anonymous)
    Post.objects.bulk_create(
        Post(thread=t, author=authors[0], kind=Post.Kind.ANSWER, body="x", body_html="x") for t in threads[::2]
    )
    reindex_threads([t.pk for t in threads])


@pytest.fixture
def forum(people):
    space = make_space("Renal", faculty=people.faculty, moderator=people.ms3)
    thread = make_thread(space, people.ms1, anonymous=True)
    for body in ("First answer", "Second answer"):
        answer = make_post(thread, people.ms3, body=body)
        make_post(thread, people.ms1, body="A comment", kind=Post.Kind.COMMENT, parent=answer, anonymous=True)
    Follow.objects.create(user=people.ms1, space=space)
    index_thread(thread_id=thread.pk)
    return space, thread


def _urls(space, thread) -> dict[str, str]:
    return {
        "home": reverse("forum:home"),
        "space": reverse("forum:space", args=[space.slug]),
        "thread": reverse("forum:thread", args=[thread.pk]),
        "search": reverse("forum:search") + "?q=henle+loop",
        "similar": reverse("forum:similar") + "?title=loop+of+henle",
    }


def _counts(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for page, url in urls.items():
        client.get(url)  # the first request of a session checks two-factor once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[page] = len(captured.captured_queries)
    return counts


@pytest.mark.parametrize("role", ["ms1", "faculty"])
def test_forum_pages_read_a_pinned_number_of_queries_with_10_or_10000_threads(people, forum, client_for, role):
    space, thread = forum
    client = client_for(role)
    urls = _urls(space, thread)
    assert _counts(client, urls) == PAGES[role]
    _grow(space, [people.ms1, people.ms3, people.faculty], 10_000)
    assert _counts(client, urls) == PAGES[role]


def test_held_threads_stay_out_of_lists_for_peers(people, forum, client_for):
    space, _thread = forum
    make_thread(space, people.ms3, title="Held for approval here", status=Status.PENDING)
    assert (
        "Held for approval here"
        not in client_for("faculty").get(reverse("forum:space", args=[space.slug])).content.decode()
    )
    assert "Held for approval here" in client_for("ms3").get(reverse("forum:space", args=[space.slug])).content.decode()
