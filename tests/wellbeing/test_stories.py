"""Stories: reviewed before publication; anonymous authors never revealed to readers.

The leak test plants the author's unusual name and e-mail and looks for
them on every page, API answer, notification and e-mail a reader, faculty
member or coordinator could get.
"""

import pytest
from django.core import mail
from django.urls import reverse

from huddle.audit.models import AuditEvent
from huddle.lib.errors import HuddleError
from huddle.notifications.models import Notification
from huddle.wellbeing.models import Story, StoryReaction
from huddle.wellbeing.stories.services import (
    story_approve,
    story_author_view,
    story_edit,
    story_react,
    story_reject,
    story_submit,
)
from tests.wellbeing.factories import BODY, make_story

pytestmark = pytest.mark.django_db
SECRET = "Zenobia"


@pytest.fixture
def author(people):
    people.ms3.profile.display_name = SECRET
    people.ms3.profile.save()
    return people.ms3


def test_a_story_waits_for_review_then_is_published_as_anonymous(author, people, client_for):
    story = story_submit(author=author, title="After the renal exam", body=BODY, anonymous=True, themes=["exams"])
    assert story.status == Story.Status.PENDING
    assert client_for("ms1").get(reverse("wellbeing:story", args=[story.pk])).status_code == 404
    assert Notification.objects.filter(user=people.wellbeing, kind="wellbeing.story_waiting").exists()
    story_approve(reviewer=people.wellbeing, story=story)
    page = client_for("ms1").get(reverse("wellbeing:story", args=[story.pk])).content.decode()
    assert "After the renal exam" in page and "Anonymous student" in page and SECRET not in page
    assert Notification.objects.filter(user=author, kind="wellbeing.story_reviewed").exists()


def test_a_named_story_shows_its_author(author, people, client_for):
    story = make_story(author, anonymous=False)
    assert SECRET in client_for("ms1").get(reverse("wellbeing:story", args=[story.pk])).content.decode()


def test_rejection_needs_a_reason_and_the_author_reads_it(author, people, client_for):
    story = story_submit(author=author, title="A title", body=BODY, anonymous=True, themes=[])
    with pytest.raises(HuddleError) as error:
        story_reject(reviewer=people.wellbeing, story=story, reason=" ")
    assert error.value.field == "reason"
    story_reject(reviewer=people.wellbeing, story=story, reason="It names a classmate; could you leave that out?")
    page = client_for("ms3").get(reverse("wellbeing:my_stories")).content.decode()
    assert "names a classmate" in page
    with pytest.raises(HuddleError, match="already reviewed"):
        story_approve(reviewer=people.wellbeing, story=story)


def test_staff_fix_typos_before_publishing(author, people):
    story = story_submit(author=author, title="Teh exam", body=BODY, anonymous=True, themes=["exams"])
    story_edit(reviewer=people.wellbeing, story=story, title="The exam", body=BODY, themes=["exams", "leave"])
    assert story.title == "The exam" and set(story.themes.values_list("theme", flat=True)) == {"exams", "leave"}
    assert AuditEvent.objects.filter(action="wellbeing.story_edit").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"title": ""}, "title"), ({"body": "too short"}, "body"), ({"themes": ["astrology"]}, "themes")],
)
def test_bad_stories_are_refused_naming_the_field(author, change, field):
    with pytest.raises(HuddleError) as error:
        story_submit(author=author, **{"title": "T", "body": BODY, "anonymous": True, "themes": [], **change})
    assert error.value.field == field


def test_a_resent_form_makes_one_story(author):
    import uuid

    token = uuid.uuid4()
    first = story_submit(author=author, title="T", body=BODY, anonymous=True, themes=[], submission=token)
    again = story_submit(author=author, title="T", body=BODY, anonymous=True, themes=[], submission=token)
    assert first.pk == again.pk and Story.objects.count() == 1


def test_only_students_share_and_only_wellbeing_staff_review(people):
    with pytest.raises(HuddleError):
        story_submit(author=people.faculty, title="T", body=BODY, anonymous=True, themes=[])
    story = make_story(people.ms3, status=Story.Status.PENDING)
    for role in ("ms1", "faculty", "coordinator"):
        with pytest.raises(HuddleError):
            story_approve(reviewer=people.all()[role], story=story)


def test_reactions_are_one_per_reader_per_kind_and_counted(author, people, client_for):
    story = make_story(author)
    for _ in range(2):
        story_react(reader=people.ms1, story=story, kind="helped")
    story_react(reader=people.ms1, story=story, kind="thanks")
    story_react(reader=people.faculty, story=story, kind="helped")
    assert StoryReaction.objects.filter(story=story, kind="helped").count() == 2
    page = client_for("ms1").get(reverse("wellbeing:story", args=[story.pk])).content.decode()
    assert "This helped me (2)" in page and "Thank you for sharing (1)" in page
    story_react(reader=people.ms1, story=story, kind="helped", on=False)
    assert StoryReaction.objects.filter(story=story, kind="helped").count() == 1
    with pytest.raises(HuddleError):
        story_react(reader=people.ms1, story=story, kind="angry")


def test_seeing_who_wrote_a_waiting_story_is_audited_and_only_while_it_waits(author, people, client_for):
    story = story_submit(author=author, title="T", body=BODY, anonymous=True, themes=[])
    client = client_for("wellbeing")
    page = client.get(reverse("wellbeing:story_review", args=[story.pk])).content.decode()
    assert SECRET not in page and author.email not in page
    assert AuditEvent.objects.filter(action="wellbeing.story_read", target=f"story:{story.pk}").count() == 1
    page = client.post(reverse("wellbeing:story_review", args=[story.pk]), {"action": "author"}).content.decode()
    assert SECRET in page
    assert AuditEvent.objects.filter(action="wellbeing.story_author_seen", target=f"story:{story.pk}").count() == 1
    story_approve(reviewer=people.wellbeing, story=story)
    with pytest.raises(HuddleError):
        story_author_view(reviewer=people.wellbeing, story=story)


def test_an_anonymous_author_leaks_nowhere_a_reader_can_look(author, people, client_for, settings):
    story = story_submit(author=author, title="Leave of absence", body=BODY, anonymous=True, themes=["leave"])
    story_approve(reviewer=people.wellbeing, story=story)
    story_react(reader=people.ms1, story=story, kind="same")
    secrets = (SECRET, author.email, author.last_name)
    urls = [
        reverse("wellbeing:stories"),
        reverse("wellbeing:stories") + "?theme=leave",
        reverse("wellbeing:story", args=[story.pk]),
        reverse("api:wellbeing_stories"),
        reverse("home"),
        reverse("notifications:list") if _has("notifications:list") else reverse("home"),
    ]
    for role in ("ms1", "faculty", "coordinator", "wellbeing"):
        client = client_for(role)
        for url in urls:
            body = client.get(url).content.decode()
            assert not any(s in body for s in secrets), f"{role} sees the author at {url}"
    for note in Notification.objects.exclude(user=author):
        assert not any(s in note.title + note.body for s in secrets)
    for message in mail.outbox:
        if author.email not in message.to:
            assert not any(s in message.body for s in secrets)


def _has(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True
