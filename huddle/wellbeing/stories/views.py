"""Stories: reading and reacting, sharing, the author's own list, and the staff's review queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.lib.errors import HuddleError
from huddle.lib.forms import attempt
from huddle.lib.http import deny_unless
from huddle.wellbeing import policy
from huddle.wellbeing.models import Story, Theme
from huddle.wellbeing.stories import selectors, services
from huddle.wellbeing.stories.forms import RejectForm, StoryEditForm, StoryForm


@login_required
@require_GET
def stories(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_read_stories(request.user))
    theme = request.GET.get("theme", "")
    if theme not in Theme.values:
        theme = ""
    context = {
        "stories": selectors.published_stories(viewer=request.user, theme=theme),
        "themes": Theme.choices,
        "theme": theme,
        "can_share": policy.can_share_story(request.user),
        "can_review": policy.can_review_stories(request.user),
    }
    return render(request, "wellbeing/stories.html", context)


@login_required
@require_GET
def story(request: HttpRequest, story_id: int) -> HttpResponse:
    row = selectors.published_story(viewer=request.user, pk=story_id)
    if row is None:
        raise Http404
    return render(request, "wellbeing/story.html", {"story": row})


@login_required
@require_POST
def story_react(request: HttpRequest, story_id: int) -> HttpResponse:
    target = get_object_or_404(Story, pk=story_id, status=Story.Status.PUBLISHED)
    try:
        services.story_react(
            reader=signed_in_user(request),
            story=target,
            kind=request.POST.get("kind", ""),
            on=request.POST.get("on", "1") == "1",
        )
    except HuddleError as error:
        messages.error(request, error.message)
    return redirect("wellbeing:story", story_id=target.pk)


@login_required
@require_http_methods(["GET", "POST"])
def story_new(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_share_story(request.user))
    form = StoryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: services.story_submit(
                author=signed_in_user(request),
                title=data["title"],
                body=data["body"],
                anonymous=data["anonymous"],
                themes=data["themes"],
                submission=data["submission"],
            ),
        ):
            messages.success(request, _("Thank you. The well-being team will read your story before it is published."))
            return redirect("wellbeing:my_stories")
    return render(request, "wellbeing/story_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def my_stories(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_share_story(request.user))
    return render(request, "wellbeing/my_stories.html", {"stories": selectors.stories_of(author=request.user)})


@login_required
@require_GET
def story_queue(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_review_stories(request.user))
    return render(request, "wellbeing/story_queue.html", {"stories": selectors.review_queue()})


@login_required
@require_http_methods(["GET", "POST"])
def story_review(request: HttpRequest, story_id: int) -> HttpResponse:
    """One pending story: fix typos, approve, or decline with a reason; the author only on request (audited)."""
    deny_unless(policy.can_review_stories(request.user))
    target = get_object_or_404(Story, pk=story_id, status=Story.Status.PENDING)
    reviewer = signed_in_user(request)
    themes = list(target.themes.values_list("theme", flat=True))
    edit = StoryEditForm(initial={"title": target.title, "body": target.body, "themes": themes})
    reject = RejectForm()
    author = None
    unknown_action = False
    if request.method == "GET":
        services.story_review_open(reviewer=reviewer, story=target)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "approve":
            if attempt(edit, lambda: services.story_approve(reviewer=reviewer, story=target)):
                messages.success(request, _("Published. The author has been told."))
                return redirect("wellbeing:story_queue")
        elif action == "reject":
            reject = RejectForm(request.POST)
            if reject.is_valid() and attempt(
                reject, lambda: services.story_reject(reviewer=reviewer, story=target, **reject.cleaned_data)
            ):
                messages.success(request, _("Not published. The author has your note."))
                return redirect("wellbeing:story_queue")
        elif action == "edit":
            edit = StoryEditForm(request.POST)
            if edit.is_valid() and attempt(
                edit, lambda: services.story_edit(reviewer=reviewer, story=target, **edit.cleaned_data)
            ):
                messages.success(request, _("Changes saved."))
                return redirect("wellbeing:story_review", story_id=target.pk)
        elif action == "author":
            author = services.story_author_view(reviewer=reviewer, story=target)
        else:
            unknown_action = True
            messages.error(request, _("Choose what to do with the story."))
    context = {"story": target, "edit": edit, "reject": reject, "author": author}
    status = 400 if unknown_action or edit.errors or reject.errors else 200
    return render(request, "wellbeing/story_review.html", context, status=status)
