"""Taking a quiz: score the answers against the version the person was shown, and complete the module."""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.lib.errors import HuddleError, require
from huddle.training import policy
from huddle.training.certificates.services import completion_grant_if_due
from huddle.training.models import Attempt, QuizVersion
from huddle.training.quizzes.format import question_from_json, score


def attempt_submit(
    *, user: User, quiz: QuizVersion, answers: list[list[int]], submission: uuid.UUID | None = None
) -> Attempt:
    """Score and keep an attempt; a pass completes the module when nothing else is missing.

    People may retake as often as they like (learning, not gatekeeping);
    every attempt is kept. A double-clicked submit (same ``submission``) is
    one attempt.
    """
    module = quiz.module
    require(policy.can_take_quiz(user, module), _("This quiz is not open."))
    questions = [question_from_json(q) for q in quiz.questions]
    if len(answers) != len(questions):
        raise HuddleError(_("Answer every question."), field="answers")
    chosen = []
    for number, (question, picked) in enumerate(zip(questions, answers, strict=True), start=1):
        options = frozenset(picked)
        if not options:
            raise HuddleError(_("Answer question %(n)d.") % {"n": number}, field=f"q{number}")
        if any(not 0 <= i < len(question.options) for i in options):
            raise HuddleError(_("Question %(n)d has no such option.") % {"n": number}, field=f"q{number}")
        chosen.append(options)
    if submission is not None:
        earlier = Attempt.objects.filter(person=user, submission=submission).first()
        if earlier is not None:
            return earlier
    percent, _right = score(questions, chosen)
    now = timezone.now()
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                person=user,
                quiz=quiz,
                answers=[sorted(a) for a in chosen],
                score=percent,
                passed=percent >= quiz.pass_mark,
                submitted_at=now,
                submission=submission,
            )
            if attempt.passed:
                completion_grant_if_due(person=user, module=module, now=now)
    except IntegrityError:
        return Attempt.objects.get(person=user, submission=submission)
    return attempt
