"""Post text to HTML: the shared safe renderer, with images allowed only from the forum's own uploads."""

from huddle.lib.markdown import render_markdown

#: Where attachments are served (see urls.py); the only image source a post may use.
ATTACHMENT_PREFIX = "/forum/attachments/"


def render_post(text: str) -> str:
    return render_markdown(text, image_prefix=ATTACHMENT_PREFIX)
