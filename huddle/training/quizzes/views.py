"""Taking a module's quiz and reading one's own result."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from huddle.accounts.http import signed_in_user
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.training import policy
from huddle.training.forms import QuizTakeForm
from huddle.training.models import Attempt, Completion, Module, QuizVersion
from huddle.training.quizzes.format import question_from_json, score
from huddle.training.quizzes.services import attempt_submit


@login_required
@require_http_methods(["GET", "POST"])
def quiz_take(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    module = get_object_or_404(Module.objects.select_related("current_quiz"), slug=slug)
    if not policy.can_take_quiz(user, module):
        raise Http404
    quiz = module.current_quiz
    assert quiz is not None
    if request.method == "POST":
        # Score against the version the person was shown, even if a new one was saved meanwhile.
        version = str(request.POST.get("version", ""))
        if version.isdigit() and len(version) <= 18:
            quiz = QuizVersion.objects.filter(module=module, pk=int(version)).first() or quiz
    form = QuizTakeForm(
        request.POST if request.method == "POST" else None, questions=quiz.questions, initial={"version": quiz.pk}
    )
    if request.method == "POST" and form.is_valid():
        answers = [form.cleaned_data[f"q{n}"] for n in range(1, len(quiz.questions) + 1)]
        try:
            attempt = attempt_submit(user=user, quiz=quiz, answers=answers, submission=form.cleaned_data["submission"])
        except HuddleError as error:
            add_service_error(form, error)
        else:
            return redirect("training:attempt", attempt.pk)
    context = {"module": module, "quiz": quiz, "form": form}
    return render(request, "training/quiz.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def attempt_result(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """The person's own result: score, which questions were wrong (not the answers), and what it earned."""
    user = signed_in_user(request)
    attempt = get_object_or_404(Attempt.objects.select_related("quiz__module"), pk=attempt_id)
    if attempt.person_id != user.pk:
        raise Http404
    questions = [question_from_json(q) for q in attempt.quiz.questions]
    _percent, right = score(questions, [frozenset(a) for a in attempt.answers])
    completion = Completion.objects.filter(attempt=attempt).first()
    context = {
        "attempt": attempt,
        "module": attempt.quiz.module,
        "results": list(zip(questions, right, strict=True)),
        "completion": completion,
        "needs_workshop": attempt.passed and completion is None and attempt.quiz.module.requires_workshop,
    }
    return render(request, "training/attempt.html", context)
