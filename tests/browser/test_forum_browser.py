"""The Q&A forum in a real browser, with several people each in their own signed-in tab.

Asking anonymously, a classmate's answer, faculty verification and the
asker's acceptance; an edited verified answer; flagging through the review
queue to hiding; a crisis word; similar questions while typing. Every page
is checked by axe and for Content Security Policy violations (``UI.audit``).
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from huddle.forum.models import Flag, Post, Space, Status, Thread, WatchedWord
from huddle.forum.threads import services
from huddle.forum.verification.services import answer_endorse
from huddle.notifications.models import Notification
from tests.browser.conftest import UI
from tests.forum.factories import make_space
from tests.personas import Personas

pytestmark = pytest.mark.browser

QUESTION = "How does the loop of Henle concentrate urine?"


@pytest.fixture
def renal(people: Personas) -> Space:
    """A course space whose faculty member is Fatima, and whose moderator is Fatima too."""
    return make_space("Renal physiology", faculty=people.faculty, moderator=people.faculty)


def _thread_path(thread: Thread) -> str:
    return f"/forum/threads/{thread.pk}/"


def _click_and_audit(tab: UI, action: Callable[[], None]) -> None:
    """Submit a form (a full page load) and audit the page it lands on."""
    with tab.page.expect_navigation():
        action()
    tab.audit()


def test_ask_anonymously_a_peer_answers_faculty_verify_and_the_asker_accepts(tab_for, people, renal):
    alice = tab_for("ms1")
    alice.visit(f"/forum/spaces/{renal.slug}/")
    _click_and_audit(alice, lambda: alice.page.get_by_role("link", name="Ask a question").click())
    ask = alice.page
    ask.get_by_label("Title").fill(QUESTION)
    ask.get_by_label("Text:", exact=True).fill("Countercurrent multiplication confuses me.")
    ask.get_by_label("Anonymous to classmates").check()
    _click_and_audit(alice, lambda: ask.get_by_role("button", name="Post", exact=True).click())
    expect(ask.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(ask.locator("article.thread .byline").first).to_have_text("Anonymous student 1 (you)")
    thread = Thread.objects.get(title=QUESTION)
    assert thread.anonymous and thread.author_id == people.ms1.pk

    sam = tab_for("ms3")
    sam.visit(_thread_path(thread))
    page = sam.page
    expect(page.locator("article.thread .byline").first).to_have_text("Anonymous student 1")
    expect(page.get_by_text("Alice")).to_have_count(0)
    answer_form = page.get_by_role("region", name="Your answer")
    answer_form.get_by_label("Text:", exact=True).fill("The thick ascending limb pumps NaCl without water.")
    _click_and_audit(sam, lambda: answer_form.get_by_role("button", name="Post answer").click())
    answer = Post.objects.get(thread=thread, kind=Post.Kind.ANSWER)
    expect(page.locator(f"#post-{answer.pk}")).to_contain_text("Sam")

    fatima = tab_for("faculty")
    fatima.visit(_thread_path(thread))
    expect(fatima.page.get_by_text("You see that it is anonymous, not who wrote it.")).to_be_visible()
    post = fatima.page.locator(f"#post-{answer.pk}")
    _click_and_audit(fatima, lambda: post.get_by_role("button", name="Verify as correct").click())
    expect(fatima.page.locator(f"#post-{answer.pk}")).to_contain_text("Verified by Fatima Farouk")

    alice.visit(_thread_path(thread))
    post = alice.page.locator(f"#post-{answer.pk}")
    expect(post).to_contain_text("Verified by Fatima Farouk")
    _click_and_audit(alice, lambda: post.get_by_role("button", name="Accept this answer").click())
    post = alice.page.locator(f"#post-{answer.pk}")
    expect(post).to_contain_text("Accepted by the asker")
    expect(post.get_by_role("button", name="Take back “accepted”")).to_be_visible()
    assert Thread.objects.get(pk=thread.pk).accepted_answer_id == answer.pk


def test_an_edited_verified_answer_says_verified_for_an_earlier_version(tab_for, people, renal):
    thread, _ = services.thread_create(author=people.ms1, space=renal, title=QUESTION, body="Countercurrent?")
    answer, _ = services.post_create(author=people.ms3, thread=thread, body="The thick limb pumps NaCl.")
    answer_endorse(user=people.faculty, post=answer)

    sam = tab_for("ms3")
    sam.visit(_thread_path(thread))
    post = sam.page.locator(f"#post-{answer.pk}")
    expect(post).to_contain_text("Verified by Fatima Farouk")
    _click_and_audit(sam, lambda: post.get_by_role("link", name="Edit", exact=True).click())
    expect(sam.page.get_by_text("Faculty verified this answer.")).to_be_visible()
    sam.page.get_by_label("Text:", exact=True).fill(
        "The thick ascending limb pumps NaCl; the descending limb loses water."
    )
    _click_and_audit(sam, lambda: sam.page.get_by_role("button", name="Save edit").click())
    post = sam.page.locator(f"#post-{answer.pk}")
    expect(post).to_contain_text("Verified by Fatima Farouk for an earlier version")
    expect(post).to_contain_text("the descending limb loses water")

    fatima = tab_for("faculty")
    fatima.visit(_thread_path(thread))
    post = fatima.page.locator(f"#post-{answer.pk}")
    expect(post).to_contain_text("for an earlier version")
    _click_and_audit(fatima, lambda: post.get_by_role("button", name="Verify this version").click())
    post = fatima.page.locator(f"#post-{answer.pk}")
    expect(post).not_to_contain_text("for an earlier version")
    expect(post).to_contain_text("Verified by Fatima Farouk")


def test_a_flag_reaches_the_review_queue_and_the_moderator_hides_the_post(tab_for, people, renal):
    thread, _ = services.thread_create(author=people.ms1, space=renal, title=QUESTION, body="Countercurrent?")
    answer, _ = services.post_create(
        author=people.ms3, thread=thread, body="Just memorise it, nobody understands this.", anonymous=True
    )

    alice = tab_for("ms1")
    alice.visit(_thread_path(thread))
    post = alice.page.locator(f"#post-{answer.pk}")
    post.get_by_text("Flag", exact=True).click()
    post.get_by_label("What is wrong?").select_option(label="Inaccurate")
    post.get_by_label(re.compile("Anything the moderators should know")).fill("Not how the loop works.")
    _click_and_audit(alice, lambda: post.get_by_role("button", name="Send to the moderators").click())
    expect(alice.page.get_by_text("Thanks — a moderator will look.")).to_be_visible()
    assert Flag.objects.filter(post=answer, flagged_by=people.ms1).exists()

    fatima = tab_for("faculty")
    fatima.visit(f"/forum/spaces/{renal.slug}/")
    _click_and_audit(fatima, lambda: fatima.page.get_by_role("link", name="Review queue").click())
    flagged = fatima.page.get_by_role("region", name=re.compile("^Flagged"))
    item = flagged.get_by_role("article").filter(has_text="Just memorise it")
    expect(item).to_contain_text("Inaccurate")
    expect(item).to_contain_text("Not how the loop works.")
    # The moderator sees that the answer is anonymous, not who wrote it.
    expect(item).to_contain_text("Anonymous student")
    expect(item).not_to_contain_text("Sam")
    item.get_by_label(re.compile("^Note")).fill("Inaccurate; see the faculty's answer.")
    _click_and_audit(fatima, lambda: item.get_by_role("button", name="Hide", exact=True).click())
    expect(fatima.page.get_by_text("The post is hidden, and its author is told.")).to_be_visible()
    hidden = fatima.page.get_by_role("region", name=re.compile("^Hidden"))
    expect(hidden.get_by_role("article").filter(has_text="Just memorise it")).to_have_count(1)
    assert Post.objects.get(pk=answer.pk).status == Status.HIDDEN

    alice.visit(_thread_path(thread))
    expect(alice.page.get_by_text("Just memorise it")).to_have_count(0)


def test_a_crisis_word_shows_the_resources_and_reaches_the_review_queue(tab_for, people, renal):
    WatchedWord.objects.create(phrase="hopeless", action=WatchedWord.Action.CRISIS, created_by=people.coordinator)

    sam = tab_for("ms3")
    sam.visit(f"/forum/spaces/{renal.slug}/ask/")
    ask = sam.page
    ask.get_by_label("Title").fill("Failing renal and feeling stuck")
    ask.get_by_label("Text:", exact=True).fill("I feel hopeless about this block.")
    ask.get_by_label("Anonymous to classmates").check()
    _click_and_audit(sam, lambda: ask.get_by_role("button", name="Post", exact=True).click())
    help_panel = ask.get_by_role("alert").filter(has_text="You are not alone")
    expect(help_panel).to_be_visible()
    expect(help_panel).to_contain_text("Call or text 988")
    expect(help_panel.get_by_role("link", name=re.compile("crisis resources"))).to_have_attribute(
        "href", "/wellbeing/crisis/"
    )
    thread = Thread.objects.get(title="Failing renal and feeling stuck")
    assert thread.status == Status.PUBLISHED, "a crisis word never holds a post back"

    # Once only: the resources were for the moment of posting.
    sam.visit(_thread_path(thread))
    expect(ask.get_by_text("You are not alone")).to_have_count(0)

    fatima = tab_for("faculty")
    fatima.visit(f"/forum/spaces/{renal.slug}/review/")
    item = fatima.page.get_by_role("article").filter(has_text="I feel hopeless about this block.")
    expect(item).to_contain_text("Possible crisis")
    expect(item).to_contain_text("hopeless")
    expect(item).not_to_contain_text("Sam")
    # Well-being staff are told too, and pointed at the post.
    told = Notification.objects.get(user=people.wellbeing, kind="forum.crisis")
    assert told.url.startswith(_thread_path(thread))


def test_similar_questions_appear_while_typing_a_title(tab_for, people, renal):
    services.thread_create(author=people.ms3, space=renal, title=QUESTION, body="Countercurrent?")

    alice = tab_for("ms1")
    alice.visit(f"/forum/spaces/{renal.slug}/ask/")
    page = alice.page
    similar = page.locator("#similar")
    expect(similar).to_be_empty()
    loads = len(alice.loaded)
    page.get_by_label("Title").press_sequentially("loop of Henle")
    expect(similar.get_by_role("heading", name=re.compile("Similar questions"))).to_be_visible()
    link = similar.get_by_role("link", name=QUESTION)
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", re.compile(r"^/forum/threads/\d+/$"))
    assert len(alice.loaded) == loads, "the list should appear in place, not by a page load"
    alice.audit()

    page.get_by_label("Title").fill("Something unrelated entirely")
    expect(similar.get_by_role("link", name=QUESTION)).to_have_count(0)
