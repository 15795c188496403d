"""The API's filters by taxonomy: a topic id or a language code that must exist, else a 400 naming what is missing.

Tutoring's and study groups' APIs filter by the same taxonomies, so they ask here.
"""

from ninja.errors import HttpError

from huddle.accounts.models import Language, Topic


def active_topic(topic_id: int | None, *, missing: str = "No such topic.") -> Topic | None:
    """The active topic ``topic_id``, or None when none was asked for; ``missing`` words the 400 (e.g. "subject")."""
    if topic_id is None:
        return None
    topic = Topic.objects.filter(pk=topic_id, is_active=True).first()
    if topic is None:
        raise HttpError(400, missing)
    return topic


def language_by_code(code: str | None) -> Language | None:
    """The language with this ISO code, or None when none was asked for."""
    if not code:
        return None
    language = Language.objects.filter(code=code).first()
    if language is None:
        raise HttpError(400, "No such language.")
    return language
