"""Moderation pages: flagging, a space's review queue, closing threads, watched words and posting limits.

Views check the rule in ``policy`` (403), read ids once (400), hand the work
to ``services`` and come back with a message; none of them reads an author.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.accounts.models import User
from huddle.audit.services import audit_record_many
from huddle.forum import policy
from huddle.forum.models import Post, Space, Thread, WatchedWord
from huddle.forum.moderation import selectors, services
from huddle.forum.moderation.forms import (
    QUEUE_ACTIONS,
    CloseForm,
    FlagForm,
    ForumRulesForm,
    ReviewActionForm,
    WatchedWordForm,
    error_summary,
)
from huddle.forum.moderation.items import item_url
from huddle.forum.moderation.rules import rules_current
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error, attempt
from huddle.lib.http import bad_request, is_htmx, parse_id


def _back_to(thread: Thread, post: Post | None = None) -> str:
    """The thread page, or home while the forum's thread page is not mounted."""
    try:
        return item_url(thread, post)
    except NoReverseMatch:
        return reverse("home")


def _readable_thread(request: HttpRequest, thread_id: int) -> Thread:
    """The thread if the viewer may read it; otherwise a 404 that does not say it exists."""
    thread = get_object_or_404(Thread.objects.select_related("space"), pk=thread_id)
    if not policy.can_read_thread(request.user, thread):
        raise Http404
    return thread


def _post_in(thread: Thread, raw: str | None, *, field: str = "post") -> Post | None:
    if not raw:
        return None
    post = Post.objects.filter(pk=parse_id(raw, field=field), thread=thread).first()
    if post is None:
        raise HuddleError(_("That post is not in this thread."), field=field)
    return post


def _coordinators_only(request: HttpRequest) -> None:
    if not policy.can_manage_spaces(request.user):
        raise PermissionDenied


def _moderated_space(request: HttpRequest, slug: str) -> Space:
    space = get_object_or_404(Space, slug=slug)
    if not policy.can_moderate(request.user, space):
        raise PermissionDenied
    return space


# Flagging -------------------------------------------------------------------


@login_required
@require_POST
def flag(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Anyone who can read a post flags it; htmx gets a thank-you fragment in place of the form."""
    thread = _readable_thread(request, thread_id)
    form = FlagForm(request.POST)
    try:
        post = _post_in(thread, request.POST.get("post"))
        if not form.is_valid():
            raise HuddleError(error_summary(form))
        services.flag_create(user=signed_in_user(request), thread=thread, post=post, **form.cleaned_data)
    except HuddleError as error:
        return bad_request(request, error)
    if is_htmx(request):
        return render(request, "forum/moderation/_flag_thanks.html")
    messages.success(request, _("Thanks — a moderator will look."))
    return redirect(_back_to(thread, post))


# The review queue -------------------------------------------------------------


@login_required
@require_GET
def review_queue(request: HttpRequest, slug: str) -> HttpResponse:
    return _queue_page(request, _moderated_space(request, slug))


def _queue_page(request: HttpRequest, space: Space, *, error: str = "", status: int = 200) -> HttpResponse:
    """The queue; showing a possible-crisis item to a moderator is a sensitive read, so it is audited."""
    queue = selectors.review_queue(space=space, viewer=request.user)
    if targets := queue.crisis_targets():
        audit_record_many(
            actor=request.user, action="forum.crisis_read", entries=[(t, {"space": space.pk}) for t in targets]
        )
    context = {
        "space": space,
        "queue": queue,
        "error": error,
        "can_suspend_everywhere": policy.can_manage_spaces(request.user),
        "max_days": services.MAX_SUSPENSION_DAYS,
    }
    return render(request, "forum/moderation/review_queue.html", context, status=status)


type _Act = Callable[[User, dict[str, Any], Thread, Post | None], object]

_ACTS: dict[str, _Act] = {
    "dismiss": lambda m, d, t, p: services.flags_dismiss(moderator=m, thread=t, post=p, note=d["note"]),
    "hide": lambda m, d, t, p: services.post_hide(moderator=m, thread=t, post=p, note=d["note"]),
    "restore": lambda m, d, t, p: services.post_restore(moderator=m, thread=t, post=p, note=d["note"]),
    "approve": lambda m, d, t, p: services.item_approve(moderator=m, thread=t, post=p, note=d["note"]),
    "edit": lambda m, d, t, p: services.post_edit_by_moderator(
        moderator=m, thread=t, post=p, body=d["body"], title=d["title"], note=d["note"]
    ),
    "warn": lambda m, d, t, p: services.author_warn(moderator=m, thread=t, post=p, note=d["note"]),
    "suspend": lambda m, d, t, p: services.author_suspend(
        moderator=m, thread=t, post=p, days=d["days"], note=d["note"], everywhere=d["everywhere"]
    ),
}
_DONE = {
    "dismiss": gettext_lazy("The flags are dismissed."),
    "hide": gettext_lazy("The post is hidden, and its author is told."),
    "restore": gettext_lazy("The post is visible again, and its author is told."),
    "approve": gettext_lazy("The post is approved and visible, and its author is told."),
    "edit": gettext_lazy("The post is edited; its earlier text is kept in its history."),
    "warn": gettext_lazy("The author is warned."),
    "suspend": gettext_lazy("The author's posting is suspended, and they are told until when."),
}
assert set(_ACTS) == set(_DONE) == {value for value, _label in QUEUE_ACTIONS}


@login_required
@require_POST
def review_act(request: HttpRequest, slug: str) -> HttpResponse:
    """One action on one item of the queue (fields: action, thread, post, note, days, everywhere, title, body)."""
    space = _moderated_space(request, slug)
    try:
        thread_id = parse_id(request.POST.get("thread"), field="thread")
        raw_post = request.POST.get("post")
        post_id = parse_id(raw_post, field="post") if raw_post else None
    except HuddleError as error:
        return bad_request(request, error)
    thread = get_object_or_404(Thread, pk=thread_id, space=space)
    post = get_object_or_404(Post, pk=post_id, thread=thread) if post_id is not None else None
    form = ReviewActionForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            _ACTS[action](signed_in_user(request), form.cleaned_data, thread, post)
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, str(_DONE[action]))
            return redirect("forum:review_queue", space.slug)
    return _queue_page(request, space, error=error_summary(form), status=400)


# Closing a thread -------------------------------------------------------------


def _original(raw: str) -> Thread:
    """The original thread from its number ("42", "#42") or its address (full or a path)."""
    text = raw.strip().lstrip("#")
    if text.isdigit():
        thread_id = parse_id(text, field="original")
    else:
        try:
            match = resolve(urlsplit(text).path)
        except Resolver404:
            match = None
        if match is None or match.view_name != "forum:thread":
            raise HuddleError(_("Duplicate of: give the original thread's number or its address."), field="original")
        thread_id = match.kwargs["thread_id"]
    original = Thread.objects.filter(pk=thread_id).first()
    if original is None:
        raise HuddleError(_("Duplicate of: no thread has the number %(n)d.") % {"n": thread_id}, field="original")
    return original


@login_required
@require_POST
def thread_close(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Close the thread; with ``original``, close it as a duplicate of that thread."""
    thread = _readable_thread(request, thread_id)
    if not policy.can_moderate(request.user, thread.space):
        raise PermissionDenied
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_summary(form))
        return redirect(_back_to(thread))
    raw, note = form.cleaned_data["original"].strip(), form.cleaned_data["note"]
    try:
        if raw:
            original = _original(raw)
            services.thread_close_as_duplicate(
                moderator=signed_in_user(request), thread=thread, original=original, note=note
            )
            messages.success(request, _("Closed as a duplicate. Its followers and votes now count on the original."))
        else:
            services.thread_close(moderator=signed_in_user(request), thread=thread, note=note)
            messages.success(request, _("The thread is closed to new answers and comments."))
    except HuddleError as error:
        messages.error(request, error.message)
    return redirect(_back_to(thread))


# The school's settings ----------------------------------------------------------


def _bound(request: HttpRequest) -> Any:
    """The POST data to bind, even an empty POST (so it is refused, not shown as a fresh form)."""
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def watched_words(request: HttpRequest) -> HttpResponse:
    _coordinators_only(request)
    form = WatchedWordForm(_bound(request))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if attempt(form, lambda: services.watched_word_create(user=signed_in_user(request), **data)):
            messages.success(request, _("“%(phrase)s” is now watched.") % {"phrase": data["phrase"]})
            return redirect("forum:watched_words")
    context = {"form": form, "words": selectors.watched_word_list()}
    return render(request, "forum/moderation/watched_words.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def watched_word_delete(request: HttpRequest, word_id: int) -> HttpResponse:
    _coordinators_only(request)
    word = get_object_or_404(WatchedWord, pk=word_id)
    services.watched_word_delete(user=signed_in_user(request), word=word)
    messages.success(request, _("“%(phrase)s” is no longer watched.") % {"phrase": word.phrase})
    return redirect("forum:watched_words")


@login_required
@require_http_methods(["GET", "POST"])
def forum_rules(request: HttpRequest) -> HttpResponse:
    _coordinators_only(request)
    current = rules_current()
    initial = {name: getattr(current, name) for name in services.RULE_RANGES}
    form = ForumRulesForm(_bound(request), initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if attempt(form, lambda: services.forum_rules_update(user=signed_in_user(request), **data)):
            messages.success(request, _("The posting limits are saved."))
            return redirect("forum:forum_rules")
    return render(request, "forum/moderation/forum_rules.html", {"form": form}, status=400 if form.errors else 200)
