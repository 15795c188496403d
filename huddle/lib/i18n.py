"""Speaking to a person in their own language, wherever the request is not theirs.

A notification or an e-mail is written while someone else's request (or a
task) runs; its words must be in the recipient's language, not the sender's.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation


def language_of(person: object) -> str:
    """The person's chosen language, else the school's."""
    chosen = getattr(person, "language", "") or ""
    available = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in available else settings.LANGUAGE_CODE


@contextmanager
def speaking(person: object) -> Iterator[None]:
    """Translate what is written inside the block for ``person``."""
    with translation.override(language_of(person)):
        yield
