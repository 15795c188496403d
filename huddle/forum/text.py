"""What a title or a post's text must be, checked the same way for authors and moderators."""

from django.utils.translation import gettext as _

from huddle.lib.errors import HuddleError

MAX_BODY = 20000


def clean_title(title: str) -> str:
    """One line of 8 to 200 characters that says what is asked."""
    title = " ".join(title.replace("\x00", "").split())
    if len(title) < 8:
        raise HuddleError(_("Write a title of at least 8 characters that says what you are asking."), field="title")
    if len(title) > 200:
        raise HuddleError(_("Keep the title under 200 characters."), field="title")
    return title


def clean_body(body: str, *, field: str = "body") -> str:
    """The text of a post: not empty, not over 20,000 characters, no NUL bytes."""
    body = body.replace("\x00", "").strip()
    if not body:
        raise HuddleError(_("Write the text of your post."), field=field)
    if len(body) > MAX_BODY:
        raise HuddleError(_("Keep the text under 20,000 characters."), field=field)
    return body
