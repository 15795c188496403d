"""The anonymity leak suite: an anonymous author's identity reaches no reader, by any channel.

One world is built for the module (in a transaction rolled back at its
end): Zebulon Quillfeather, a student shown as "Zeb Nightjar", asks an
anonymous question with a photo whose file name and EXIF carry his name,
answers another thread anonymously with such a photo, comments anonymously
(with a crisis word) in a third, and makes a named answer anonymous by an
edit after its followers were e-mailed about it and faculty verified it.
Classmates quote and @mention the anonymous question, flag his answer, and
one faculty member uses the audited reveal on one post.

Then every reader — two classmates, the spaces' faculty, a coordinator who
did not reveal, well-being staff — fetches every page, fragment, API
payload, export, attachment, notification and e-mail the forum gives them
(one test per reader and channel, so a failure names both), and
:mod:`tests.forum.leak_helpers` looks for the author's names, e-mail,
profile link and id. Positive tests check that the author sees "(you)" and
that the revealing staff member alone sees the name, on that post alone.
"""

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import NoReverseMatch, URLPattern, reverse
from PIL import Image

from huddle.accounts.models import Role, User
from huddle.forum.models import Attachment, Flag, Post, Revision, Space, SpaceStaff, Thread, WatchedWord
from huddle.forum.moderation import urls as moderation_urls
from huddle.forum.threads import services
from huddle.forum.verification.services import answer_endorse
from huddle.home import feed
from huddle.notifications.models import DigestSchedule, EmailMode, Notification
from huddle.notifications.services import preference_set
from huddle.notifications.tasks import send_digest
from tests.conftest import _ensure_taxonomies
from tests.forum.factories import make_space
from tests.forum.leak_helpers import (
    Identity,
    Received,
    email_text,
    image_metadata,
    jpeg_with_metadata,
    leaks_in,
)
from tests.personas import Personas, make_person, make_personas
from tests.smtp import SmtpSink, smtp_server

READERS = ("ms1", "ms3", "faculty", "coordinator", "wellbeing")

FIRST, LAST, DISPLAY = "Zebulon", "Quillfeather", "Zeb Nightjar"
EMAIL = "zquill.private@school.test"
PHOTO_NAMES = ("Zebulon_Quillfeather_kidney_notes.jpg", "IMG_Zeb_Nightjar_biochem.jpg")
CRISIS_WORD = "hopeless"

#: Words only the author's anonymous posts contain: a page about the author must show none of them.
MARKERS = ("ward-note-7731", "ward-note-7732", "ward-note-7733", "ward-note-7734", "ward-note-7735")
TITLE_A = "Why does furosemide drop potassium so much?"
TITLE_B = "How is the countercurrent multiplier set up?"
TITLE_C = "Which biochemistry resources for Step 1?"


@dataclass
class World:
    people: Personas
    author: User
    revealer: User
    renal: Space
    step1: Space
    a: Thread
    b: Thread
    c: Thread
    b_answer: Post
    b_comment: Post
    c_answer: Post
    c_comment: Post
    alice_c_answer: Post
    quote: Post
    identity: Identity
    sink: SmtpSink
    emails_before_edit: list[str] = field(default_factory=list)

    def reader(self, role: str) -> User:
        return self.people.all()[role]

    def client(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    @property
    def threads(self) -> dict[str, Thread]:
        return {"A": self.a, "B": self.b, "C": self.c}

    @property
    def author_posts(self) -> list[Post]:
        return [self.b_answer, self.b_comment, self.c_answer, self.c_comment]


# Building the world ---------------------------------------------------------------


def _committed[T](action: Callable[[], T]) -> T:
    """Run ``action`` as if its transaction committed: its e-mails leave now, before the next step."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action()


def _post(client: Client, url: str, data: dict[str, object]) -> str:
    """POST a form through the real view; returns where it redirected."""
    response = _committed(lambda: client.post(url, data))
    assert response.status_code == 302, f"POST {url}: {response.status_code} {response.content[:3000]!r}"
    return str(response["Location"])


def _photo(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_with_metadata(f"{FIRST} {LAST}"), content_type="image/jpeg")


def _new_id(location: str, pattern: str) -> int:
    match = re.search(pattern, location)
    assert match, f"no id in {location}"
    return int(match.group(1))


def _build(sink: SmtpSink) -> World:
    _ensure_taxonomies()
    people = make_personas()
    alice, sam, fatima = people.ms1, people.ms3, people.faculty
    author = make_person(EMAIL, FIRST, LAST, [Role.STUDENT], 2)
    author.profile.display_name = DISPLAY
    # An avatar everyone may see: no forum page may show it beside an anonymous post.
    author.profile.photo.save("zeb.jpg", ContentFile(jpeg_with_metadata("avatar")), save=False)
    author.profile.save()
    revealer = make_person("rita@school.test", "Rita", "Reyes", [Role.FACULTY])
    # Well-being staff read their mail as a daily digest: that channel is covered too.
    preference_set(user=people.wellbeing, email_mode=EmailMode.DIGEST)

    renal = make_space("Renal physiology", faculty=fatima)
    SpaceStaff.objects.create(space=renal, user=revealer, duty=SpaceStaff.Duty.FACULTY)
    step1 = make_space("Step 1", faculty=fatima)
    WatchedWord.objects.create(phrase=CRISIS_WORD, action=WatchedWord.Action.CRISIS)
    readers = [people.all()[r] for r in READERS]
    for reader in readers:
        for space in (renal, step1):
            services.follow_set(user=reader, space=space, on=True)

    # Named threads by classmates, which every reader follows.
    b, _ = _committed(
        lambda: services.thread_create(author=alice, space=renal, title=TITLE_B, body="Walk me through it?")
    )
    c, _ = _committed(
        lambda: services.thread_create(author=sam, space=step1, title=TITLE_C, body="First Aid is not enough.")
    )
    alice_c_answer, _ = _committed(
        lambda: services.post_create(author=alice, thread=c, body="Pixorize for the pathways.")
    )
    for reader in readers:
        for thread in (b, c):
            services.follow_set(user=reader, thread=thread, on=True)

    zeb = Client()
    zeb.force_login(author)
    # A named answer: its followers are e-mailed now, before it is made anonymous.
    where = _post(
        zeb,
        reverse("forum:answer", args=[b.pk]),
        {"body": "The thick ascending limb pumps NaCl out. ward-note-7732", "sources": "https://example.org/loop"},
    )
    b_answer = Post.objects.get(pk=_new_id(where, r"#post-(\d+)"))
    emails_before_edit = [email_text(m) for m in sink.messages if TITLE_B in email_text(m)]
    _committed(lambda: answer_endorse(user=fatima, post=b_answer))
    _committed(lambda: services.answer_accept(user=alice, thread=b, post=b_answer))

    # The anonymous question, with a photo whose name and EXIF say who took it.
    where = _post(
        zeb,
        reverse("forum:ask", args=[renal.slug]),
        {
            "title": TITLE_A,
            "kind": Thread.Kind.QUESTION,
            "body": "My patient on furosemide is at 2.9. ward-note-7731",
            "image": _photo(PHOTO_NAMES[0]),
            "tags": "diuretics renal",
            "anonymous": "on",
        },
    )
    a = Thread.objects.get(pk=_new_id(where, r"/threads/(\d+)/"))
    # An anonymous answer with a photo, and an anonymous comment (with a crisis word) in another thread.
    where = _post(
        zeb,
        reverse("forum:answer", args=[c.pk]),
        {"body": "Sketchy biochem, then Anki. ward-note-7733", "image": _photo(PHOTO_NAMES[1]), "anonymous": "on"},
    )
    c_answer = Post.objects.get(pk=_new_id(where, r"#post-(\d+)"))
    where = _post(
        zeb,
        reverse("forum:comment", args=[c.pk]),
        {
            "body": f"Honestly I feel {CRISIS_WORD} about biochem. ward-note-7734",
            "parent": alice_c_answer.pk,
            "anonymous": "on",
        },
    )
    c_comment = Post.objects.get(pk=_new_id(where, r"#post-(\d+)"))
    # The named answer becomes anonymous; the anonymous question gets an edit history.
    _post(
        zeb,
        reverse("forum:post_edit", args=[b.pk, b_answer.pk]),
        {
            "body": "The thick ascending limb pumps NaCl out of the lumen. ward-note-7732",
            "sources": "https://example.org/loop",
            "anonymous": "on",
        },
    )
    where = _post(
        zeb,
        reverse("forum:comment", args=[b.pk]),
        {"body": "Also: the vasa recta keep the gradient. ward-note-7735", "parent": b_answer.pk, "anonymous": "on"},
    )
    b_comment = Post.objects.get(pk=_new_id(where, r"#post-(\d+)"))
    _post(
        zeb,
        reverse("forum:thread_edit", args=[a.pk]),
        {
            "title": TITLE_A,
            "body": "My patient on furosemide is at 2.9 mmol/L. ward-note-7731",
            "tags": "diuretics renal",
            "anonymous": "on",
        },
    )

    # Classmates quote and @mention the anonymous question, vote, say "me too", and flag.
    quote, _ = _committed(
        lambda: services.post_create(
            author=sam,
            thread=a,
            body="> My patient on furosemide is at 2.9 mmol/L\n\n@Anonymous student 1 more Na+ reaches the "
            "collecting duct, so more K+ is secreted.",
        )
    )
    _committed(lambda: services.post_vote(user=sam, post=c_answer, value=1))
    _committed(lambda: services.thread_vote(user=sam, thread=a, on=True))
    _flag(Client(), sam, c, c_answer)
    _flag(Client(), sam, a, None)

    # A coordinator warns and suspends "the author of this post" from the review queue, without learning who.
    cora = Client()
    cora.force_login(people.coordinator)
    act = reverse("forum:review_act", args=[step1.slug])
    ids = {"thread": c.pk, "post": c_answer.pk}
    _post(cora, act, {**ids, "action": "warn", "note": "Please cite sources for study advice."})
    _post(cora, act, {**ids, "action": "suspend", "days": 1, "note": "Cooling-off day after repeated warnings."})

    # One faculty member of the renal space asks who wrote the edited answer.
    rita = Client()
    rita.force_login(revealer)
    response = _committed(
        lambda: rita.post(
            reverse("forum:reveal", args=[b.pk]),
            {"post": b_answer.pk, "reason": "A patient's details may be identifiable here."},
        )
    )
    assert response.status_code == 200, response.content[:3000]
    assert DISPLAY in response.content.decode(), "the reveal shows the name to the one who asked"

    for schedule in DigestSchedule.objects.filter(sent_at__isnull=True):
        send_digest.call(schedule.user_id, schedule.day.isoformat())

    for item in (a, b, c, b_answer, b_comment, c_answer, c_comment, alice_c_answer):
        item.refresh_from_db()
    identity = Identity(
        user_id=author.pk,
        words=(FIRST, LAST, DISPLAY, "Nightjar", EMAIL, EMAIL.split("@")[0], *(n.rsplit(".")[0] for n in PHOTO_NAMES)),
        profile_paths=(reverse("accounts:profile", args=[author.pk]), reverse("accounts:photo", args=[author.pk])),
    )
    return World(
        people,
        author,
        revealer,
        renal,
        step1,
        a,
        b,
        c,
        b_answer,
        b_comment,
        c_answer,
        c_comment,
        alice_c_answer,
        quote,
        identity,
        sink,
        emails_before_edit,
    )


def _flag(client: Client, user: User, thread: Thread, post: Post | None) -> None:
    """A classmate flags an anonymous post: through the moderators' view when it exists."""
    try:
        url = reverse("forum:flag", args=[thread.pk])
    except NoReverseMatch:
        Flag.objects.create(
            space=thread.space, thread=thread, post=post, flagged_by=user, reason=Flag.Reason.INACCURATE
        )
        return
    client.force_login(user)
    data = {"reason": Flag.Reason.INACCURATE, **({"post": post.pk} if post else {})}
    response = _committed(lambda: client.post(url, data))
    assert response.status_code in (200, 302), response.content[:3000]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker, tmp_path_factory) -> Iterator[World]:  # type: ignore[no-untyped-def]
    """Built once for the module inside a transaction that is rolled back when the module ends.

    Each test then runs in a savepoint of it (pytest-django's ``db``), so
    what a test writes (sessions, audit rows) is undone before the next.
    E-mail goes to a real SMTP server on 127.0.0.1 for the whole module;
    uploads go to a temporary media folder.
    """
    sink = SmtpSink(port=0)
    with django_db_blocker.unblock(), smtp_server(sink) as port:
        mailers = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        media = tmp_path_factory.mktemp("leak-media")
        with override_settings(MAILERS=mailers, MEDIA_ROOT=media), transaction.atomic():
            sink.port = port
            yield _build(sink)
            transaction.set_rollback(True)


# Fetching what a reader receives ------------------------------------------------------


def get(client: Client, url: str, *, ok: tuple[int, ...] = (200,), label: str = "", **headers: str) -> Received:
    """GET ``url`` as the reader; the status must be one of ``ok`` (so no check passes on an error page)."""
    response = client.get(url, headers=headers or None)
    status = response.status_code
    assert status in ok, f"GET {url} answered {status}, expected {ok}"
    raw = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    content_type = response.get("Content-Type", "")
    item = Received(label or url, status=status, headers=dict(response.items()))
    if "json" in content_type:
        item.data = json.loads(raw)
    elif "html" in content_type:
        item.html = raw.decode()
    elif content_type.startswith(("text/", "application/csv")):
        item.text = raw.decode()
    else:
        item.raw = raw
    return item


@dataclass(frozen=True)
class Channel:
    """One way the forum reaches a reader; ``about_author``: the page is the author's own (their name is fine)."""

    name: str
    fetch: Callable[[World, str, Client], list[Received]]
    about_author: bool = False


def _home(show: str) -> Callable[[World, str, Client], list[Received]]:
    return lambda w, role, c: [get(c, reverse("forum:home") + f"?show={show}")]


def _spaces(w: World, role: str, c: Client) -> list[Received]:
    return [
        get(c, reverse("forum:space", args=[space.slug]) + f"?show={show}")
        for space in (w.renal, w.step1)
        for show in ("all", "unanswered", "answered", "verified", "mine", "following")
    ]


def _thread(key: str) -> Callable[[World, str, Client], list[Received]]:
    def fetch(w: World, role: str, c: Client) -> list[Received]:
        page = get(c, reverse("forum:thread", args=[w.threads[key].pk]))
        assert "Anonymous student 1" in page.html, "the thread page shows no anonymous byline at all"
        return [page]

    return fetch


def _similar(w: World, role: str, c: Client) -> list[Received]:
    url = reverse("forum:similar")
    typed = (("furosemide potassium", w.renal), ("countercurrent multiplier", w.renal), ("biochemistry", w.step1))
    found = [get(c, f"{url}?title={title}&space={space.pk}", HX_Request="true") for title, space in typed]
    assert TITLE_A in found[0].html, "typing the anonymous question's words suggests it"
    return found + [get(c, f"{url}?title={word}", HX_Request="true") for word in ("furosemide", FIRST, LAST)]


#: Words of each thread, and the author's own names (which must find nothing of theirs).
SEARCHES = ("furosemide", "countercurrent", "biochemistry", "Sketchy", "diuretics", FIRST, LAST, "Nightjar", "zquill")


NAME_SEARCHES = (FIRST, LAST, "Nightjar", "zquill")


def _search(w: World, role: str, c: Client) -> list[Received]:
    found = []
    for q in SEARCHES:
        page = get(c, reverse("forum:search") + f"?q={q}")
        if q in NAME_SEARCHES:
            # The search box shows what was typed; what was found must not answer to the name.
            results = re.search(r'<section aria-labelledby="results-h">.*?</section>', page.html, re.DOTALL)
            assert results, "no results section"
            assert "0 results" in results.group(0), f"searching {q!r} finds something: {results.group(0)}"
            page.html = results.group(0)
        found.append(page)
    return found


def _history(w: World, role: str, c: Client) -> list[Received]:
    url = reverse("forum:history", args=[w.b.pk])
    return [
        get(c, reverse("forum:history", args=[w.a.pk])),
        get(c, f"{url}?post={w.b_answer.pk}"),
        get(c, reverse("forum:history", args=[w.c.pk]) + f"?post={w.c_answer.pk}"),
        get(c, reverse("forum:history", args=[w.c.pk]) + f"?post={w.c_comment.pk}"),
    ]


def _edit_refused(w: World, role: str, c: Client) -> list[Received]:
    """No reader but the author may open the edit forms (which would hold the author's choices)."""
    urls = [reverse("forum:thread_edit", args=[w.a.pk])] + [
        reverse("forum:post_edit", args=[p.thread_id, p.pk]) for p in w.author_posts
    ]
    return [get(c, url, ok=(403,)) for url in urls]


def _reveal_form(w: World, role: str, c: Client) -> list[Received]:
    """The reveal page before submitting: staff of the space get the form, not the name; others are refused."""
    ok = (200,) if role in ("faculty", "coordinator") else (403,)
    return [
        get(c, reverse("forum:reveal", args=[w.a.pk]), ok=ok),
        get(c, reverse("forum:reveal", args=[w.b.pk]) + f"?post={w.b_answer.pk}", ok=ok),
        get(c, reverse("forum:reveal", args=[w.c.pk]) + f"?post={w.c_answer.pk}", ok=ok),
        get(c, reverse("forum:reveal", args=[w.c.pk]) + f"?post={w.c_comment.pk}", ok=ok),
    ]


def _moderation_urls(w: World) -> list[str]:
    """Every GET-able address of the moderation views, filled in with this world's spaces and threads."""
    urls = []
    for pattern in moderation_urls.urlpatterns:
        if not isinstance(pattern, URLPattern) or not pattern.name:
            continue
        params = set(pattern.pattern.converters)
        if not params:
            urls.append(reverse(f"forum:{pattern.name}"))
        elif params == {"slug"}:
            urls += [reverse(f"forum:{pattern.name}", kwargs={"slug": s.slug}) for s in (w.renal, w.step1)]
        elif params == {"thread_id"}:
            urls += [reverse(f"forum:{pattern.name}", kwargs={"thread_id": t.pk}) for t in w.threads.values()]
    return urls


def _moderation(w: World, role: str, c: Client) -> list[Received]:
    """The review queue and its log, watched words, spaces and staff: whatever moderation answers to GET."""
    found = [get(c, url, ok=(200, 302, 403, 404, 405)) for url in _moderation_urls(w)]
    if role == "coordinator":
        queue = get(c, reverse("forum:review_queue", args=[w.step1.slug]))
        assert "Possible crisis" in queue.html and "Suspended posting" in queue.html, "no crisis item or log"
        found.append(queue)
    return [*found, get(c, reverse("forum:spaces_manage"), ok=(200,) if role == "coordinator" else (403,))]


def _export(w: World, role: str, c: Client) -> list[Received]:
    ok = (200,) if role == "coordinator" else (403,)
    return [get(c, reverse("forum:space_export", args=[s.slug]), ok=ok) for s in (w.renal, w.step1)]


def _api(w: World, role: str, c: Client) -> list[Received]:
    found = [get(c, "/api/forum/spaces")]
    for space in (w.renal, w.step1):
        for show in ("all", "unanswered", "answered", "verified", "mine", "following"):
            found.append(get(c, f"/api/forum/spaces/{space.slug}/threads?show={show}"))
    for thread in w.threads.values():
        item = get(c, f"/api/forum/threads/{thread.pk}")
        assert "Anonymous student 1" in json.dumps(item.data), "the API shows no anonymous author at all"
        found.append(item)
    return found


def _api_search(w: World, role: str, c: Client) -> list[Received]:
    found = [get(c, f"/api/forum/search?q={q}") for q in SEARCHES]
    hits = {q: [t["id"] for t in item.data] for q, item in zip(SEARCHES, found, strict=True)}
    assert w.a.pk in hits["furosemide"] and w.c.pk in hits["Sketchy"], f"search finds the anonymous posts: {hits}"
    # The author's names find nothing they wrote anonymously.
    by_name = [item for item, q in zip(found, SEARCHES, strict=True) if q in NAME_SEARCHES]
    for item in by_name:
        assert item.data == [], f"{item.label} finds threads by the anonymous author's name: {item.data}"
    return found


def _attachments(w: World, role: str, c: Client) -> list[Received]:
    """The uploaded photos as downloaded: no name in the bytes, no EXIF, no telling file name."""
    keys = list(Attachment.objects.filter(uploaded_by=w.author).values_list("key", flat=True))
    assert len(keys) == 2, keys
    found = []
    for key in keys:
        item = get(c, reverse("forum:attachment", args=[key]))
        assert item.raw[:2] == b"\xff\xd8", "not the JPEG that was uploaded"
        found.append(item)
    return found


def _notifications(w: World, role: str, c: Client) -> list[Received]:
    reader = w.reader(role)
    rows = [
        Received(f"notification {n.kind}", text=f"{n.title}\n{n.body}\n{n.url}\n{n.once}")
        for n in Notification.objects.filter(user=reader)
    ]
    assert rows, f"{role} was told of nothing: the world should have notified every reader"
    return [*rows, get(c, reverse("notifications:list")), get(c, "/api/notifications/")]


def _emails(w: World, role: str, c: Client) -> list[Received]:
    reader = w.reader(role)
    mails = [
        Received(f"e-mail {m['Subject']!r}", text=email_text(m))
        for m, to in zip(w.sink.messages, w.sink.recipients, strict=True)
        if reader.email in to
    ]
    assert mails, f"no e-mail reached {role}"
    return mails


def _dashboard(w: World, role: str, c: Client) -> list[Received]:
    return [get(c, "/")]


def _calendar(w: World, role: str, c: Client) -> list[Received]:
    token = feed.feed_for(user_id=w.reader(role).pk).token
    return [get(c, reverse("calendar_feed", args=[token]))]


def _audit(w: World, role: str, c: Client) -> list[Received]:
    return [get(c, reverse("audit:log"), ok=(200,) if role == "coordinator" else (403,))]


def _directory(w: World, role: str, c: Client) -> list[Received]:
    url = reverse("accounts:directory")
    return [get(c, url), get(c, f"{url}?q={LAST}"), get(c, f"{url}?q={LAST}", HX_Request="true")]


def _profile(w: World, role: str, c: Client) -> list[Received]:
    return [get(c, reverse("accounts:profile", args=[w.author.pk]))]


CHANNELS = [
    *(Channel(f"home?show={show}", _home(show)) for show in ("all", "unanswered", "answered", "verified")),
    Channel("home?show=mine", _home("mine")),
    Channel("home?show=following", _home("following")),
    Channel("space pages, every filter", _spaces),
    Channel("thread A (anonymous question, quoted and @mentioned)", _thread("A")),
    Channel("thread B (answer made anonymous by an edit, revealed to someone else)", _thread("B")),
    Channel("thread C (anonymous answer and comment)", _thread("C")),
    Channel("similar questions (htmx)", _similar),
    Channel("search page", _search),
    Channel("edit history", _history),
    Channel("edit pages refused", _edit_refused),
    Channel("reveal form, not submitted", _reveal_form),
    Channel("review queue and moderation pages", _moderation),
    Channel("CSV export", _export),
    Channel("API threads and spaces", _api),
    Channel("API search", _api_search),
    Channel("attachments (bytes, EXIF, headers)", _attachments),
    Channel("notifications", _notifications),
    Channel("e-mails", _emails),
    Channel("dashboard", _dashboard),
    Channel("calendar feed", _calendar),
    Channel("audit log", _audit),
    Channel("people directory", _directory, about_author=True),
    Channel("author's profile page", _profile, about_author=True),
]


def _activity_leaks(items: list[Received], w: World) -> list[str]:
    """On a page about the author: nothing of what they wrote anonymously (titles, words, thread links)."""
    tells = (*MARKERS, TITLE_A, "/forum/threads/", "Anonymous student")
    found = []
    for item in items:
        text = item.text + item.html + (json.dumps(item.data) if item.data is not None else "")
        found += [f"{item.label}: shows {tell!r}" for tell in tells if tell in text]
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("channel", CHANNELS, ids=[c.name for c in CHANNELS])
@pytest.mark.parametrize("role", READERS)
def test_the_anonymous_author_reaches_no_reader(world: World, role: str, channel: Channel) -> None:
    received = channel.fetch(world, role, world.client(world.reader(role)))
    found = _activity_leaks(received, world) if channel.about_author else leaks_in(received, world.identity)
    assert not found, f"{channel.name}, read by {role}, points at the anonymous author:\n  " + "\n  ".join(found)


# What the world must be, or the leak tests prove nothing ---------------------------------------


@pytest.mark.django_db
def test_the_world_is_the_one_the_leak_tests_need(world: World) -> None:
    author = world.author
    assert world.a.anonymous and world.a.author_id == author.pk
    assert all(p.anonymous and p.author_id == author.pk for p in world.author_posts)
    assert not Thread.objects.filter(author=author, anonymous=False).exists()
    assert not Post.objects.filter(author=author, anonymous=False).exists()
    assert Revision.objects.filter(post=world.b_answer, anonymous=False).exists(), "the answer was once named"
    assert world.emails_before_edit, "followers were e-mailed about the named answer before the edit"
    before = [Received("e-mail sent before the edit", text=text) for text in world.emails_before_edit]
    assert not leaks_in(before, world.identity), "a notification e-mail named the author while the post was named"
    # The photos were sent with the author's name in their metadata, and stored under random names.
    assert image_metadata(jpeg_with_metadata(DISPLAY))
    for attachment in Attachment.objects.filter(uploaded_by=author):
        stored = str(attachment.image.name)
        assert FIRST not in stored and LAST not in stored and attachment.key in stored
    assert Flag.objects.filter(post=world.c_answer).exists()
    assert world.b_answer.endorsement.version < world.b_answer.version


# The author sees themself; the staff member who revealed sees the name on that post only -------


@pytest.mark.django_db
def test_the_author_sees_you_on_each_of_their_anonymous_posts(world: World) -> None:
    client = world.client(world.author)
    for key, thread in world.threads.items():
        html = get(client, reverse("forum:thread", args=[thread.pk])).html
        assert "Anonymous student 1 (you)" in html, f"thread {key}"
        data = get(client, f"/api/forum/threads/{thread.pk}").data
        assert "Anonymous student 1 (you)" in json.dumps(data), f"API thread {key}"
    mine = get(client, reverse("forum:home") + "?show=mine").html
    assert TITLE_A in mine and "Anonymous student 1 (you)" in mine


@pytest.mark.django_db
def test_the_staff_member_who_revealed_sees_the_name_on_that_post_only(world: World) -> None:
    client = world.client(world.revealer)
    profile = reverse("accounts:profile", args=[world.author.pk])
    html = get(client, reverse("forum:thread", args=[world.b.pk])).html
    assert html.count(DISPLAY) == 1, "the name appears once, on the revealed answer"
    # The author's comment under that answer, which was not revealed, keeps its alias.
    comment = re.search(rf'id="post-{world.b_comment.pk}".*?</div>\s*<p class="muted">(.*?)</p>', html, re.DOTALL)
    assert comment and "Anonymous student 1" in comment.group(1) and DISPLAY not in comment.group(1)
    assert f'<a href="{profile}" class="byline">{DISPLAY}</a> <span class="status status-warn">revealed to you' in html
    answers = get(client, f"/api/forum/threads/{world.b.pk}").data["answers"]
    assert [a["author"]["name"] for a in answers] == [DISPLAY]
    # The anonymous question in the same space, which they did not reveal, stays anonymous to them.
    other = [
        get(client, reverse("forum:thread", args=[world.a.pk])),
        get(client, f"/api/forum/threads/{world.a.pk}"),
        get(client, reverse("forum:space", args=[world.renal.slug])),
        get(client, reverse("forum:home")),
    ]
    assert not leaks_in(other, world.identity)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["faculty", "coordinator"])
def test_a_different_staff_member_still_sees_the_revealed_post_as_anonymous(world: World, role: str) -> None:
    client = world.client(world.reader(role))
    page = get(client, reverse("forum:thread", args=[world.b.pk]))
    assert "Ask who wrote it" in page.html, "they could reveal it, and have not"
    assert "revealed to you" not in page.html
    assert not leaks_in([page, get(client, f"/api/forum/threads/{world.b.pk}")], world.identity)


# The leak finder finds what it must, and not what it must not -----------------------------------

FAKE = Identity(user_id=7, words=("Zebulon",), profile_paths=("/people/7/",))


@pytest.mark.parametrize(
    ("html", "leaks"),
    [
        ('<li data-user-id="7">x</li>', True),
        ('<div class="author-7">x</div>', True),
        ('<a href="/people/7/">someone</a>', True),
        ('<img alt="Photo of zebulon">', True),
        ('<li id="post-7" data-thread="7">x</li>', False),
        ('<a href="/people/77/">someone</a>', False),
    ],
)
def test_the_finder_reads_html_attributes(html: str, leaks: bool) -> None:
    assert bool(leaks_in([Received("page", html=html)], FAKE)) is leaks


@pytest.mark.parametrize(
    ("data", "leaks"),
    [
        ({"author": {"id": 7, "name": "Anonymous student 1"}}, True),
        ([{"authorId": 7}], True),
        ({"items": [{"user_id": "7"}]}, True),
        ({"uploaded_by": 7}, True),
        ({"id": 7, "post_id": 7, "thread": 7, "upvotes": 7}, False),
        ({"author": {"name": "Anonymous student 1", "anonymous": True, "profile_url": ""}}, False),
    ],
)
def test_the_finder_reads_json_keys(data: object, leaks: bool) -> None:
    assert bool(leaks_in([Received("api", data=data)], FAKE)) is leaks


@pytest.mark.parametrize(
    ("text", "leaks"),
    [("actor: cora; user: 7", True), ("author_id=7", True), ("space: 7; note: 7 days", False), ("7 answers", False)],
)
def test_the_finder_reads_ids_written_as_key_and_value(text: str, leaks: bool) -> None:
    assert bool(leaks_in([Received("text", text=text)], FAKE)) is leaks


def test_the_finder_sees_image_metadata_and_only_it() -> None:
    tagged = jpeg_with_metadata("Zebulon Quillfeather")
    assert {"exif:0x013b", "exif:0x010e", "info:comment"} <= set(image_metadata(tagged))
    assert leaks_in([Received("photo", raw=tagged)], FAKE)
    with Image.open(io.BytesIO(tagged)) as image:
        clean = io.BytesIO()
        Image.frombytes(image.mode, image.size, image.tobytes()).save(clean, format="JPEG")
    assert image_metadata(clean.getvalue()) == {}
    assert not leaks_in([Received("photo", raw=clean.getvalue())], FAKE)


def test_the_finder_reads_e_mails_decoded() -> None:
    message = EmailMessage()
    message["Subject"] = "New answer"
    message.set_content(("word " * 30) + "Zebulon " + "é" * 10, cte="quoted-printable")
    parsed = message_from_bytes(message.as_bytes(), policy=email_policy.default)
    assert leaks_in([Received("mail", text=email_text(parsed))], FAKE)  # type: ignore[arg-type]
