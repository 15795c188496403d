"""Markdown that people write, rendered to HTML that is safe to show to everyone else.

Two layers, each made for its job: markdown-it-py in its ``js-default``
preset (raw HTML off, unsafe link schemes refused, tables on) writes the
HTML, and nh3 (Rust's ammonia) keeps only the tags and attributes below.
Images are kept only when they point at ``image_prefix`` (the app's own
uploads), so a post cannot load a tracking pixel from elsewhere that would
tell a third party who is reading.
"""

from functools import cache

import nh3
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a", "img",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
MAX_LENGTH = 20_000


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("js-default")


def render_markdown(text: str, *, image_prefix: str = "") -> str:
    """Safe HTML for ``text``; images outside ``image_prefix`` (none when empty) are dropped."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src" and not (image_prefix and value.startswith(image_prefix)):
            return None
        return value

    html = _parser().render(text[:MAX_LENGTH])
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=keep,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
