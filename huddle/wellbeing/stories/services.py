"""Students share experiences; well-being staff approve before anyone else reads them.

An anonymous story's author is known to this module and to the review queue
only. Notifications about a story go to its author alone and name no one.
"""

import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError, require
from huddle.lib.markdown import render_markdown
from huddle.notifications.services import notification_create, notify_many
from huddle.wellbeing import policy
from huddle.wellbeing.models import Reaction, Story, StoryReaction, StoryTheme, Theme

TITLE_MAX = 140
BODY_MIN = 80
BODY_MAX = 12_000


def _clean(title: str, body: str, themes: list[str]) -> tuple[str, str, list[str]]:
    title, body = title.strip(), body.strip()
    if not title:
        raise HuddleError(_("Give your story a title."), field="title")
    if len(title) > TITLE_MAX:
        raise HuddleError(_("Keep the title under %(n)d characters.") % {"n": TITLE_MAX}, field="title")
    if len(body) < BODY_MIN:
        raise HuddleError(_("Write at least a few sentences (%(n)d characters).") % {"n": BODY_MIN}, field="body")
    if len(body) > BODY_MAX:
        raise HuddleError(_("Keep the story under %(n)d characters.") % {"n": BODY_MAX}, field="body")
    unknown = [t for t in themes if t not in Theme.values]
    if unknown:
        raise HuddleError(_("Choose themes from the list."), field="themes")
    return title, body, sorted(set(themes))


def story_submit(
    *, author: Any, title: str, body: str, anonymous: bool, themes: list[str], submission: uuid.UUID | None = None
) -> Story:
    """Queue a story for review; a resent form (same ``submission``) returns the first story."""
    require(policy.can_share_story(author), _("Stories are shared by students."))
    title, body, themes = _clean(title, body, themes)
    if submission is not None:
        earlier = Story.objects.filter(submission=submission, author=author).first()
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic():
            story = Story.objects.create(
                author=author,
                anonymous=anonymous,
                title=title,
                body=body,
                body_html=render_markdown(body),
                submission=submission,
            )
            StoryTheme.objects.bulk_create(StoryTheme(story=story, theme=t) for t in themes)
            _tell_reviewers()
    except IntegrityError:
        return Story.objects.get(submission=submission, author=author)
    return story


def _tell_reviewers() -> None:
    """Well-being staff hear that a story waits; the notice names neither author nor story."""
    from huddle.accounts.models import Role, User

    staff = User.objects.filter(is_active=True, roles__role=Role.WELLBEING).distinct()
    notify_many(
        users=staff,
        kind="wellbeing.story_waiting",
        title=lambda: _("A story waits for review"),
        url=reverse("wellbeing:story_queue"),
    )


def story_edit(*, reviewer: Any, story: Story, title: str, body: str, themes: list[str]) -> Story:
    """Well-being staff fix typos before publishing (audited, the wording kept in the log)."""
    require(policy.can_review_stories(reviewer), _("Only well-being staff edit stories."))
    title, body, themes = _clean(title, body, themes)
    with transaction.atomic():
        Story.objects.filter(pk=story.pk).update(title=title, body=body, body_html=render_markdown(body))
        StoryTheme.objects.filter(story=story).delete()
        StoryTheme.objects.bulk_create(StoryTheme(story=story, theme=t) for t in themes)
        audit_record(actor=reviewer, action="wellbeing.story_edit", target=f"story:{story.pk}", detail={"title": title})
    story.refresh_from_db()
    return story


def story_approve(*, reviewer: Any, story: Story) -> Story:
    require(policy.can_review_stories(reviewer), _("Only well-being staff approve stories."))
    now = timezone.now()
    with transaction.atomic():
        changed = Story.objects.filter(pk=story.pk, status=Story.Status.PENDING).update(
            status=Story.Status.PUBLISHED, reviewed_at=now, reviewed_by=reviewer, published_at=now, reason=""
        )
        if not changed:
            raise HuddleError(_("This story was already reviewed."))
        audit_record(actor=reviewer, action="wellbeing.story_approve", target=f"story:{story.pk}")
        notification_create(
            user=story.author,
            kind="wellbeing.story_reviewed",
            title=lambda: _("Your story is published. Thank you for sharing it."),
            url=reverse("wellbeing:story", args=[story.pk]),
            once=f"wellbeing.story:{story.pk}:published",
        )
    story.refresh_from_db()
    return story


def story_reject(*, reviewer: Any, story: Story, reason: str) -> Story:
    """Not published, with a reason the author reads (and may act on by sharing again)."""
    require(policy.can_review_stories(reviewer), _("Only well-being staff review stories."))
    reason = reason.strip()
    if not reason:
        raise HuddleError(_("Tell the author why, kindly: they will read it."), field="reason")
    with transaction.atomic():
        changed = Story.objects.filter(pk=story.pk, status=Story.Status.PENDING).update(
            status=Story.Status.REJECTED, reviewed_at=timezone.now(), reviewed_by=reviewer, reason=reason
        )
        if not changed:
            raise HuddleError(_("This story was already reviewed."))
        audit_record(actor=reviewer, action="wellbeing.story_reject", target=f"story:{story.pk}")
        notification_create(
            user=story.author,
            kind="wellbeing.story_reviewed",
            title=lambda: _("Your story was not published; the well-being team left you a note."),
            url=reverse("wellbeing:my_stories"),
            once=f"wellbeing.story:{story.pk}:rejected",
        )
    story.refresh_from_db()
    return story


def story_react(*, reader: Any, story: Story, kind: str, on: bool = True) -> None:
    """Add (or take back) one reaction of a kind; a second click of the same kind changes nothing."""
    require(policy.can_react(reader, story), _("You can react to published stories."))
    if kind not in Reaction.values:
        raise HuddleError(_("Choose one of the reactions."), field="kind")
    if not on:
        StoryReaction.objects.filter(story=story, reader=reader, kind=kind).delete()
        return
    try:
        with transaction.atomic():
            StoryReaction.objects.create(story=story, reader=reader, kind=kind)
    except IntegrityError:
        pass


def story_review_open(*, reviewer: Any, story: Story) -> None:
    """A reviewer reads a waiting story (a student's own words, not yet public): recorded."""
    require(policy.can_review_stories(reviewer), _("Only well-being staff review stories."))
    audit_record(actor=reviewer, action="wellbeing.story_read", target=f"story:{story.pk}")


def story_author_view(*, reviewer: Any, story: Story) -> Any:
    """Who wrote a pending story, for a reviewer who may need to reach out; every look is audited."""
    require(policy.can_review_stories(reviewer), _("Only well-being staff review stories."))
    require(story.status == Story.Status.PENDING, _("Authors are shown only while a story waits for review."))
    audit_record(
        actor=reviewer,
        action="wellbeing.story_author_seen",
        target=f"story:{story.pk}",
        detail={"anonymous": story.anonymous},
    )
    return story.author
