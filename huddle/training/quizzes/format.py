"""The quiz as coordinators write it: plain text, one question per block.

    ? What does the R in OARS stand for?
    - Reassurance
    * Reflective listening
    - Referral

A line starting with ``?`` opens a question, ``*`` is a correct option and
``-`` a wrong one; a question may have several correct options. Plain text
beats a form per option (authors paste from their notes, and a diff of two
versions reads like the quiz), and every mistake names its line.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from huddle.lib.errors import HuddleError

MAX_QUESTIONS = 30
MAX_OPTIONS = 8


@dataclass(frozen=True)
class Question:
    text: str
    options: tuple[str, ...]
    correct: frozenset[int]

    def as_json(self) -> dict[str, object]:
        return {"text": self.text, "options": list(self.options), "correct": sorted(self.correct)}


def question_from_json(data: dict[str, object]) -> Question:
    return Question(
        text=str(data["text"]),
        options=tuple(str(o) for o in data["options"]),  # type: ignore[attr-defined]
        correct=frozenset(int(i) for i in data["correct"]),  # type: ignore[attr-defined]
    )


def _refuse(message: str, line: int) -> HuddleError:
    return HuddleError(_("Line %(n)d: %(message)s") % {"n": line, "message": message}, field="questions")


def quiz_parse(source: str) -> list[Question]:
    """The questions in ``source``, or a ``HuddleError`` naming the first line at fault."""
    blocks: list[tuple[int, str, list[tuple[str, bool]]]] = []
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        marker, text = line[:1], line[1:].strip()
        if marker == "?":
            if not text:
                raise _refuse(_("the question has no text."), number)
            blocks.append((number, text, []))
        elif marker in "*-":
            if not blocks:
                raise _refuse(_("an option comes before any question (start questions with “?”)."), number)
            if not text:
                raise _refuse(_("the option has no text."), number)
            blocks[-1][2].append((text, marker == "*"))
        else:
            raise _refuse(_("start the line with “?” (question), “*” (correct option) or “-” (wrong option)."), number)
    if not blocks:
        raise HuddleError(_("Write at least one question."), field="questions")
    if len(blocks) > MAX_QUESTIONS:
        raise HuddleError(_("A quiz has at most %(n)d questions.") % {"n": MAX_QUESTIONS}, field="questions")
    questions = []
    for number, text, options in blocks:
        if not 2 <= len(options) <= MAX_OPTIONS:
            raise _refuse(_("a question needs 2 to %(n)d options.") % {"n": MAX_OPTIONS}, number)
        if not any(correct for _text, correct in options):
            raise _refuse(_("mark at least one option correct with “*”."), number)
        questions.append(
            Question(
                text=text,
                options=tuple(o for o, _c in options),
                correct=frozenset(i for i, (_o, c) in enumerate(options) if c),
            )
        )
    return questions


def quiz_source(questions: list[Question]) -> str:
    """The text form of ``questions`` (the inverse of :func:`quiz_parse`)."""
    blocks = []
    for q in questions:
        lines = [f"? {q.text}"] + [f"{'*' if i in q.correct else '-'} {o}" for i, o in enumerate(q.options)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def score(questions: list[Question], answers: list[frozenset[int]]) -> tuple[int, list[bool]]:
    """Percent right (rounded down) and which questions were right.

    A question counts only when exactly its correct options are chosen: with
    several right options, ticking everything must not score.
    """
    right = [q.correct == a for q, a in zip(questions, answers, strict=True)]
    return (100 * sum(right)) // len(questions), right
