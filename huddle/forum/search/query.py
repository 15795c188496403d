"""A reader's search text reduced to plain words, so no engine ever parses user syntax.

Whatever was typed (quotes, ``NEAR(``, ``title:``, ``*``, ``AND OR NOT``,
emoji, 10,000 characters), only runs of letters and digits survive, each
later quoted by the engine's own builder; the engines' operators are written
by our code alone. Stop words are dropped here for both engines so that
"the heart" means "heart" on SQLite as it does in PostgreSQL's ``english``
configuration, and a stop-word-only query finds nothing instead of everything.
"""

import re
import unicodedata
from dataclasses import dataclass

#: Longer input is cut: a search box is not a document.
MAX_QUERY_CHARS = 300
#: More words than this add little to relevance and a lot to the query plan.
MAX_TERMS = 12
#: A longer "word" is cut (PostgreSQL refuses lexemes over 2047 bytes).
MAX_TERM_CHARS = 60
#: "Similar while typing": a shorter last word would expand to too many words to be useful.
MIN_PREFIX_CHARS = 3

# Letters and digits (any script); the underscore is a separator, as in both tokenizers.
_WORD = re.compile(r"[^\W_]+")

#: PostgreSQL's ``english.stop`` (Snowball), the list its ``english`` configuration drops.
_ENGLISH_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
    herself it its itself they them their theirs themselves what which who whom this that these those am is are
    was were be been being have has had having do does did doing a an the and but if or because as until while
    of at by for with about against between into through during before after above below to from up down in out
    on off over under again further then once here there when where why how all any both each few more most
    other some such no nor not only own same so than too very s t can will just don should now
"""
STOPWORDS = frozenset(_ENGLISH_STOP.split())


def fold(text: str) -> str:
    """Compatibility forms unified and accents dropped ("Ménière" → "Meniere"), for documents and queries.

    Done here rather than by the engines: FTS5 can remove diacritics but
    PostgreSQL's ``english`` configuration cannot without the ``unaccent``
    extension, and both must find the same threads.
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


@dataclass(frozen=True)
class Terms:
    """Words to match: all of them, or (``any_word``) any of them with the last one as a prefix."""

    words: tuple[str, ...]
    any_word: bool = False
    prefix_last: bool = False


def parse(text: str, *, any_word: bool = False) -> Terms | None:
    """The words of ``text`` worth searching for, or ``None`` when there are none."""
    cleaned = fold(text[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS].lower()
    words: list[str] = []
    typing = ""  # the word the text ends in, if it ends in a word: it may be unfinished
    for match in _WORD.finditer(cleaned):
        word = match.group()[:MAX_TERM_CHARS]
        typing = word if match.end() == len(cleaned) else ""
        if word not in STOPWORDS and word not in words:
            words.append(word)
    if not words:
        return None
    words = words[:MAX_TERMS]
    prefix_last = any_word and words[-1] == typing and len(typing) >= MIN_PREFIX_CHARS
    return Terms(words=tuple(words), any_word=any_word, prefix_last=prefix_last)
