"""The training page (progress), a module's page, and the coordinators' module authoring."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import deny_unless
from huddle.training import policy
from huddle.training.forms import ModuleForm, PublishForm, QuizForm
from huddle.training.models import Module
from huddle.training.modules import selectors, services
from huddle.training.modules.services import videos_text
from huddle.training.workshops.selectors import workshop_rows


@login_required
@require_GET
def training_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    now = timezone.now()
    context = {
        "progress": selectors.my_progress(person=user, now=now),
        "workshops": workshop_rows(viewer=user, now=now, limit=5),
        "can_author": policy.can_author_modules(user),
        "can_report": policy.can_read_report(user),
        "can_sign_off": policy.can_sign_off_somewhere(user),
        "now": now,
    }
    return render(request, "training/home.html", context)


@login_required
@require_GET
def module_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    module = get_object_or_404(Module.objects.select_related("current_quiz"), slug=slug)
    if not policy.can_read_module(user, module):
        raise Http404
    now = timezone.now()
    progress = selectors.module_progress(person=user, module=module, now=now)
    context = {
        "module": module,
        "progress": progress,
        "workshops": workshop_rows(viewer=user, now=now, module_id=module.pk),
        "can_take": policy.can_take_quiz(user, module),
        "can_author": policy.can_author_modules(user),
    }
    return render(request, "training/module.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def modules_manage(request: HttpRequest) -> HttpResponse:
    """Coordinators: every module by status, and a new one."""
    user = signed_in_user(request)
    deny_unless(policy.can_author_modules(user))
    form = ModuleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_save(user=user, module=None, **form.cleaned_data)
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Module created as a draft. Now write its quiz."))
            return redirect("training:module_quiz", module.slug)
    modules = Module.objects.select_related("current_quiz").order_by("status", "title")
    return render(
        request, "training/manage.html", {"form": form, "modules": modules}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    deny_unless(policy.can_author_modules(user))
    module = get_object_or_404(Module, slug=slug)
    initial = {
        "title": module.title,
        "summary": module.summary,
        "body": module.body,
        "videos": videos_text(module.videos),
        "valid_for_days": module.valid_for_days,
        "requires_workshop": module.requires_workshop,
    }
    form = ModuleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.module_save(user=user, module=module, **form.cleaned_data)
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Module saved."))
            return redirect("training:module", module.slug)
    return render(
        request, "training/module_edit.html", {"form": form, "module": module}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_quiz(request: HttpRequest, slug: str) -> HttpResponse:
    """The quiz editor; once people may have taken it, saving makes a new version."""
    user = signed_in_user(request)
    deny_unless(policy.can_author_modules(user))
    module = get_object_or_404(Module.objects.select_related("current_quiz"), slug=slug)
    quiz = module.current_quiz
    initial = {"questions": quiz.source, "pass_mark": quiz.pass_mark} if quiz else {}
    form = QuizForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.module_quiz_save(
                user=user,
                module=module,
                source=form.cleaned_data["questions"],
                pass_mark=form.cleaned_data["pass_mark"],
            )
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Quiz saved (version %(n)d).") % {"n": version.number})
            return redirect("training:modules_manage")
    context = {"form": form, "module": module, "quiz": quiz, "published": module.status == Module.Status.PUBLISHED}
    return render(request, "training/module_quiz.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def module_publish(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    deny_unless(policy.can_author_modules(user))
    module = get_object_or_404(Module, slug=slug)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose published, draft or retired."))
        return redirect("training:modules_manage")
    try:
        services.module_publish(user=user, module=module, status=form.cleaned_data["status"])
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("“%(title)s” is now %(status)s.")
            % {"title": module.title, "status": module.get_status_display().lower()},
        )
    return redirect("training:modules_manage")
