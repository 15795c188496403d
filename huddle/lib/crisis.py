"""The school's own crisis lines (``HUDDLE_CAMPUS_CRISIS_LINES``), read once at start-up.

A support product must never show an invented number as if someone would
answer it. So:

- set: ``Label|number`` pairs separated by commas; anything malformed, or a
  number from the 555-0100…0199 block that is reserved for fiction, stops
  start-up naming the variable. Set but empty says "the school has none".
- unset in development and tests: clearly fictional demo lines, which the
  pages label as demo and never make dialable.
- unset in production: no campus lines at all. The pages still show the
  national lines (988, 911), and ``check --deploy`` warns (``huddle.W001``)
  so staff notice. Refusing to start instead would take the crisis page
  itself offline over a missing optional line; a warning keeps every real
  number on screen and still stops a deploy that runs the check with
  ``--fail-level WARNING``.
"""

import os
import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

VARIABLE = "HUDDLE_CAMPUS_CRISIS_LINES"
# 555-0100 to 555-0199 are set aside for fiction: nobody can ever answer them.
DEMO_LINES = "Campus counseling (24/7)|555-0100,Campus safety|555-0199"
_NUMBER = re.compile(r"\+?[0-9(][0-9 ().-]*[0-9]")
_FICTIONAL = re.compile(r"(1?[0-9]{3})?55501[0-9]{2}")
_EXAMPLE = "e.g. 'Counseling center (24/7)|NNN-NNN-NNNN,Campus police|+1 NNN NNN NNNN'"


@dataclass(frozen=True)
class CrisisLine:
    label: str
    number: str  # as the school writes it; shown as is

    @property
    def dial(self) -> str:
        """The number for a ``tel:`` link: a leading + and digits only."""
        return ("+" if self.number.startswith("+") else "") + re.sub(r"\D", "", self.number)

    @property
    def fictional(self) -> bool:
        """A 555-01xx number (development only): pages label it as demo and never link it."""
        return bool(_FICTIONAL.fullmatch(self.dial.lstrip("+")))


@dataclass(frozen=True)
class CampusCrisisLines:
    lines: tuple[CrisisLine, ...]
    configured: bool  # False only in production with the variable unset

    @property
    def demo(self) -> bool:
        return any(line.fictional for line in self.lines)


def parse(raw: str, *, allow_fictional: bool) -> tuple[CrisisLine, ...]:
    lines = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        label, separator, number = (text.strip() for text in item.partition("|"))
        digits = re.sub(r"\D", "", number)
        if not separator or not label or not _NUMBER.fullmatch(number) or len(digits) < 3:
            raise ImproperlyConfigured(
                f"{VARIABLE} must be Label|number pairs separated by commas ({_EXAMPLE}); got {item!r}"
            )
        line = CrisisLine(label, number)
        if line.fictional and not allow_fictional:
            raise ImproperlyConfigured(
                f"{VARIABLE} has {number!r}, a fictional 555-01xx number that nobody answers; "
                "set your school's real lines, or set it empty if the school has none"
            )
        lines.append(line)
    return tuple(lines)


def campus_crisis_lines(*, demo_allowed: bool) -> CampusCrisisLines:
    """The lines for this process; ``demo_allowed`` in development and tests only."""
    raw = os.environ.get(VARIABLE)
    if raw is not None:
        return CampusCrisisLines(parse(raw, allow_fictional=demo_allowed), configured=True)
    if demo_allowed:
        return CampusCrisisLines(parse(DEMO_LINES, allow_fictional=True), configured=True)
    return CampusCrisisLines((), configured=False)
