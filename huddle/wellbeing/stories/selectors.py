"""Stories as readers see them: a byline that is "Anonymous student" or the author's name, never both.

Every page and API object gets a ``StoryRow``; it carries the byline, not
the author, so no template or serializer can reach an anonymous author.
Reaction counts come in the same query (conditional counts), and the
viewer's own reactions in one more: the list costs the same with 10 stories
or 10,000.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from huddle.wellbeing.models import Reaction, Story, StoryReaction, StoryTheme, Theme

PAGE_SIZE = 20


@dataclass(frozen=True)
class StoryRow:
    pk: int
    title: str
    body_html: str
    byline: str
    anonymous: bool
    published_at: datetime | None
    themes: list[tuple[str, str]]
    counts: dict[str, int]
    mine: set[str] = field(default_factory=set)

    @property
    def reactions(self) -> list[tuple[str, str, int, bool]]:
        return [(kind, str(label), self.counts.get(kind, 0), kind in self.mine) for kind, label in Reaction.choices]


def byline(story: Story) -> str:
    """What any reader sees as the author: the only place that decides it."""
    if story.anonymous:
        return _("Anonymous student")
    profile = getattr(story.author, "profile", None)
    return (getattr(profile, "display_name", "") or story.author.get_full_name() or _("A student")).strip()


def _published() -> QuerySet[Story]:
    counts = {f"n_{kind}": Count("reactions", filter=Q(reactions__kind=kind)) for kind in Reaction.values}
    return (
        Story.objects.filter(status=Story.Status.PUBLISHED)
        .select_related("author__profile")
        .annotate(**counts)
        .order_by("-published_at", "-pk")
    )


def _rows(stories: list[Story], viewer: Any) -> list[StoryRow]:
    ids = [s.pk for s in stories]
    themes: dict[int, list[tuple[str, str]]] = {}
    for story_id, theme in StoryTheme.objects.filter(story_id__in=ids).values_list("story_id", "theme"):
        themes.setdefault(story_id, []).append((theme, str(Theme(theme).label)))
    mine: dict[int, set[str]] = {}
    if getattr(viewer, "is_authenticated", False):
        for story_id, kind in StoryReaction.objects.filter(story_id__in=ids, reader=viewer).values_list(
            "story_id", "kind"
        ):
            mine.setdefault(story_id, set()).add(kind)
    return [
        StoryRow(
            pk=s.pk,
            title=s.title,
            body_html=s.body_html,
            byline=byline(s),
            anonymous=s.anonymous,
            published_at=s.published_at,
            themes=sorted(themes.get(s.pk, [])),
            counts={kind: getattr(s, f"n_{kind}", 0) for kind in Reaction.values},
            mine=mine.get(s.pk, set()),
        )
        for s in stories
    ]


def published_stories(*, viewer: Any, theme: str = "", limit: int = PAGE_SIZE) -> list[StoryRow]:
    stories = _published()
    if theme:
        stories = stories.filter(themes__theme=theme)
    return _rows(list(stories[:limit]), viewer)


def published_story(*, viewer: Any, pk: int) -> StoryRow | None:
    story = _published().filter(pk=pk).first()
    return _rows([story], viewer)[0] if story else None


def review_queue() -> list[Story]:
    """Pending stories, oldest first; the author is loaded so a reviewer may ask to see it (audited)."""
    return list(Story.objects.filter(status=Story.Status.PENDING).order_by("submitted_at", "pk"))


def stories_waiting() -> int:
    return Story.objects.filter(status=Story.Status.PENDING).count()


def stories_of(*, author: Any) -> list[Story]:
    """The author's own stories with their status and any reviewer's note."""
    return list(Story.objects.filter(author=author).order_by("-submitted_at", "-pk"))
