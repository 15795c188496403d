"""Pages of the forum: spaces, thread lists, asking, a thread with its answers, and the actions on it.

Views check the rule in ``policy``, hand the work to ``services``, and draw
what ``selectors`` read; a refused action comes back as a message on the
form or the page, never as a traceback.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.forum import policy
from huddle.forum import search as forum_search
from huddle.forum.attachments.services import attachment_store
from huddle.forum.markdown import ATTACHMENT_PREFIX
from huddle.forum.models import Attachment, Flag, Post, Space, Status, Thread
from huddle.forum.reveal import author_reveal
from huddle.forum.threads import selectors, services
from huddle.forum.threads.forms import (
    AnswerForm,
    AskForm,
    CommentForm,
    EditPostForm,
    EditThreadForm,
    RevealForm,
    SearchForm,
)
from huddle.forum.verification.services import answer_endorse, endorsement_withdraw, review_request_create
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import bad_request, parse_id


def _thread(request: HttpRequest, thread_id: int) -> Thread:
    """The thread if the viewer may read it; otherwise a 404 that does not say it exists."""
    thread = get_object_or_404(Thread.objects.select_related("space", "author__profile"), pk=thread_id)
    if not policy.can_read_thread(request.user, thread):
        raise Http404
    return thread


def _post_from(request: HttpRequest, thread: Thread, field: str = "post") -> Post:
    post_id = parse_id(request.POST.get(field) or request.GET.get(field), field=field)
    try:
        return selectors.post_get(post_id=post_id, thread=thread)
    except Post.DoesNotExist as exc:
        raise HuddleError(_("That post is not in this thread."), field=field) from exc


def _with_image(request: HttpRequest, form: Any) -> str:
    """The post's text, with the uploaded image (if any) stored and linked at its end."""
    body: str = form.cleaned_data["body"]
    upload = form.cleaned_data.get("image")
    if upload:
        attachment = attachment_store(user=signed_in_user(request), upload=upload)
        body = f"{body}\n\n![{_('image')}]({ATTACHMENT_PREFIX}{attachment.key}/)"
    return body


def _posted(request: HttpRequest) -> tuple[Any, Any]:
    """The form data and files of a POST (even an empty one, which must be refused), else nothing."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _status(form: Any) -> int:
    """400 for a form sent back with errors, so scripts and tests can tell a refusal from a page."""
    return 400 if form.is_bound and form.errors else 200


def _crisis_note(request: HttpRequest, crisis: bool) -> None:
    if crisis:
        request.session["forum_crisis"] = True


@login_required
@require_GET
def forum_home(request: HttpRequest) -> HttpResponse:
    page, rows = selectors.thread_page_list(
        viewer=request.user, filter_name=request.GET.get("show", "all"), page=request.GET.get("page", 1)
    )
    context = {
        "spaces": selectors.space_rows(viewer=request.user),
        "page": page,
        "rows": rows,
        "show": request.GET.get("show", "all"),
        "filters": _filter_labels(),
        "can_manage": policy.can_manage_spaces(request.user),
        "can_moderate": policy.can_moderate_somewhere(request.user),
    }
    return render(request, "forum/home.html", context)


def _filter_labels() -> list[tuple[str, str]]:
    return [
        ("all", _("All")),
        ("unanswered", _("Unanswered")),
        ("answered", _("Answered")),
        ("verified", _("Verified by faculty")),
        ("mine", _("Mine")),
        ("following", _("Following")),
    ]


@login_required
@require_GET
def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(Space, slug=slug)
    page, rows = selectors.thread_page_list(
        viewer=request.user, space=space, filter_name=request.GET.get("show", "all"), page=request.GET.get("page", 1)
    )
    context = {
        "space": space,
        "page": page,
        "rows": rows,
        "show": request.GET.get("show", "all"),
        "filters": _filter_labels(),
        "following": space.followers.filter(user_id=signed_in_user(request).pk).exists(),
        "can_ask": policy.can_ask(request.user, space),
        "can_moderate": policy.can_moderate(request.user, space),
    }
    return render(request, "forum/space.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def thread_ask(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(Space, slug=slug)
    if not policy.can_ask(request.user, space):
        raise PermissionDenied
    options = {
        "can_be_anonymous": policy.can_post_anonymously(request.user),
        "can_announce": policy.can_announce(request.user, space),
    }
    form = AskForm(*_posted(request), **options)
    if request.method == "POST" and form.is_valid():
        try:
            thread, crisis = services.thread_create(
                author=signed_in_user(request),
                space=space,
                title=form.cleaned_data["title"],
                body=_with_image(request, form),
                kind=form.cleaned_data["kind"],
                tags=form.tag_names(),
                anonymous=form.cleaned_data.get("anonymous", False),
                submission=form.cleaned_data["submission"],
            )
        except HuddleError as error:
            add_service_error(form, error)
        else:
            _crisis_note(request, crisis)
            if thread.status == Status.PENDING:
                messages.info(request, _("Thanks. A moderator will look at your post before others see it."))
            return redirect("forum:thread", thread.pk)
    return render(request, "forum/ask.html", {"space": space, "form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """Up to five published questions like the title being typed (an htmx fragment)."""
    title = request.GET.get("title", "")[:200]
    space_id = request.GET.get("space", "")
    space = int(space_id) if space_id.isdigit() and len(space_id) < 19 else None
    ids = forum_search.similar_threads(title=title, space_id=space) if len(title.strip()) >= 4 else []
    rows = selectors.threads_by_ids(viewer=request.user, ids=ids)
    return render(request, "forum/_similar.html", {"rows": rows, "title": title})


@login_required
@require_GET
def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread(request, thread_id)
    return render(request, "forum/thread.html", _thread_context(request, thread))


def _thread_context(request: HttpRequest, thread: Thread, **forms: Any) -> dict[str, Any]:
    viewer = request.user
    anonymous_ok = policy.can_post_anonymously(viewer)
    return {
        "page": selectors.thread_page(viewer=viewer, thread=thread),
        "thread": thread,
        "space": thread.space,
        "answer_form": forms.get("answer_form") or AnswerForm(can_be_anonymous=anonymous_ok),
        "comment_form": CommentForm(can_be_anonymous=anonymous_ok),
        "comment_error": forms.get("comment_error"),
        "crisis": request.session.pop("forum_crisis", False),
        "can_reply": policy.can_reply(viewer, thread),
        "can_edit": policy.can_edit(viewer, thread),
        "can_accept": policy.can_accept(viewer, thread),
        "can_verify": policy.can_verify(viewer, thread.space),
        "can_reveal": policy.can_reveal(viewer, thread.space),
        "can_moderate": policy.can_moderate(viewer, thread.space),
        "flag_reasons": Flag.Reason.choices,
    }


@login_required
@require_POST
def answer_create(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread(request, thread_id)
    form = AnswerForm(request.POST, request.FILES, can_be_anonymous=policy.can_post_anonymously(request.user))
    if form.is_valid():
        try:
            post, crisis = services.post_create(
                author=signed_in_user(request),
                thread=thread,
                body=_with_image(request, form),
                anonymous=form.cleaned_data.get("anonymous", False),
                citations=form.citations(),
                submission=form.cleaned_data["submission"],
            )
        except HuddleError as error:
            add_service_error(form, error)
        else:
            _crisis_note(request, crisis)
            _held_message(request, post)
            return redirect(reverse("forum:thread", args=[thread.pk]) + f"#post-{post.pk}")
    return render(request, "forum/thread.html", _thread_context(request, thread, answer_form=form), status=400)


def _held_message(request: HttpRequest, post: Post) -> None:
    if post.status == Status.PENDING:
        messages.info(request, _("Thanks. A moderator will look at your post before others see it."))


@login_required
@require_POST
def comment_create(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread(request, thread_id)
    form = CommentForm(request.POST, can_be_anonymous=policy.can_post_anonymously(request.user))
    try:
        parent = _post_from(request, thread, "parent") if request.POST.get("parent") else None
        if not form.is_valid():
            raise HuddleError(_("Write your comment (up to 20,000 characters)."), field="body")
        post, crisis = services.post_create(
            author=signed_in_user(request),
            thread=thread,
            body=form.cleaned_data["body"],
            parent=parent,
            anonymous=form.cleaned_data.get("anonymous", False),
            submission=form.cleaned_data["submission"],
            comment=True,
        )
    except HuddleError as error:
        context = _thread_context(request, thread, comment_error=error.message)
        return render(request, "forum/thread.html", context, status=400)
    _crisis_note(request, crisis)
    _held_message(request, post)
    return redirect(reverse("forum:thread", args=[thread.pk]) + f"#post-{post.pk}")


def _action(request: HttpRequest, thread_id: int, act: Any) -> HttpResponse:
    """Run one small action on a thread; a refusal is a 400 with its message."""
    thread = _thread(request, thread_id)
    try:
        done = act(thread)
    except HuddleError as error:
        return bad_request(request, error)
    if done:
        messages.success(request, done)
    anchor = request.POST.get("post", "")
    suffix = f"#post-{anchor}" if anchor.isdigit() else ""
    return redirect(reverse("forum:thread", args=[thread.pk]) + suffix)


@login_required
@require_POST
def answer_accept(request: HttpRequest, thread_id: int) -> HttpResponse:
    def act(thread: Thread) -> str:
        post = _post_from(request, thread) if request.POST.get("post") else None
        services.answer_accept(user=signed_in_user(request), thread=thread, post=post)
        return _("Marked as the answer.") if post else _("Accepted answer taken back.")

    return _action(request, thread_id, act)


@login_required
@require_POST
def post_vote(request: HttpRequest, thread_id: int) -> HttpResponse:
    def act(thread: Thread) -> str:
        post = _post_from(request, thread)
        value = {"up": 1, "down": -1, "clear": 0}.get(request.POST.get("value", ""))
        if value is None:
            raise HuddleError(_("A vote is up or down."), field="value")
        services.post_vote(user=signed_in_user(request), post=post, value=value)
        return ""

    return _action(request, thread_id, act)


@login_required
@require_POST
def thread_me_too(request: HttpRequest, thread_id: int) -> HttpResponse:
    def act(thread: Thread) -> str:
        services.thread_vote(user=signed_in_user(request), thread=thread, on=request.POST.get("on") == "1")
        return ""

    return _action(request, thread_id, act)


@login_required
@require_POST
def thread_follow(request: HttpRequest, thread_id: int) -> HttpResponse:
    def act(thread: Thread) -> str:
        on = request.POST.get("on") == "1"
        services.follow_set(user=signed_in_user(request), thread=thread, on=on)
        return _("You follow this thread.") if on else _("You no longer follow this thread.")

    return _action(request, thread_id, act)


@login_required
@require_POST
def space_follow(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(Space, slug=slug)
    on = request.POST.get("on") == "1"
    services.follow_set(user=signed_in_user(request), space=space, on=on)
    messages.success(request, _("You follow this space.") if on else _("You no longer follow this space."))
    return redirect("forum:space", space.slug)


@login_required
@require_POST
def answer_verify(request: HttpRequest, thread_id: int) -> HttpResponse:
    def act(thread: Thread) -> str:
        post = _post_from(request, thread)
        if not policy.can_verify(request.user, thread.space):
            raise PermissionDenied
        if request.POST.get("withdraw") == "1":
            endorsement_withdraw(user=signed_in_user(request), post=post)
            return _("Verification withdrawn.")
        answer_endorse(user=signed_in_user(request), post=post)
        return _("Answer verified.")

    return _action(request, thread_id, act)


@login_required
@require_POST
def answer_review(request: HttpRequest, thread_id: int) -> HttpResponse:
    def act(thread: Thread) -> str:
        review_request_create(
            user=signed_in_user(request), post=_post_from(request, thread), note=request.POST.get("note", "")
        )
        return _("Thanks. The space's faculty will review this answer.")

    return _action(request, thread_id, act)


@login_required
@require_http_methods(["GET", "POST"])
def thread_edit(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread(request, thread_id)
    if not policy.can_edit(request.user, thread):
        raise PermissionDenied
    initial = {
        "title": thread.title,
        "body": thread.body,
        "anonymous": thread.anonymous,
        "tags": " ".join(t.name for t in thread.tags.all()),
    }
    form = EditThreadForm(
        *_posted(request),
        initial=initial,
        can_be_anonymous=policy.can_post_anonymously(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.thread_edit(
                editor=signed_in_user(request),
                thread=thread,
                title=form.cleaned_data["title"],
                body=_with_image(request, form),
                tags=form.tag_names(),
                anonymous=form.cleaned_data.get("anonymous", False),
            )
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your edit is saved."))
            return redirect("forum:thread", thread.pk)
    return render(request, "forum/edit.html", {"thread": thread, "form": form, "post": None}, status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, thread_id: int, post_id: int) -> HttpResponse:
    thread = _thread(request, thread_id)
    post = get_object_or_404(Post, pk=post_id, thread=thread)
    if not policy.can_edit(request.user, post):
        raise PermissionDenied
    sources = "\n".join(f"{c.url} {c.title}".strip() for c in post.citations.all())
    form = EditPostForm(
        *_posted(request),
        initial={"body": post.body, "anonymous": post.anonymous, "sources": sources},
        can_be_anonymous=policy.can_post_anonymously(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                editor=signed_in_user(request),
                post=post,
                body=_with_image(request, form),
                anonymous=form.cleaned_data.get("anonymous", False),
                citations=form.citations(),
            )
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your edit is saved."))
            return redirect(reverse("forum:thread", args=[thread.pk]) + f"#post-{post.pk}")
    return render(request, "forum/edit.html", {"thread": thread, "form": form, "post": post}, status=_status(form))


@login_required
@require_GET
def history(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Earlier versions of the thread or one of its posts: text and time, never the editor."""
    thread = _thread(request, thread_id)
    try:
        post = _post_from(request, thread) if request.GET.get("post") else None
    except HuddleError as error:
        return bad_request(request, error)
    item: Thread | Post = post if post is not None else thread
    if post is not None and post.status != Status.PUBLISHED and not policy.can_moderate(request.user, thread.space):
        raise Http404
    context = {"thread": thread, "post": post, "current": item, "versions": selectors.revisions(item=item)}
    return render(request, "forum/history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reveal(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread(request, thread_id)
    if not policy.can_reveal(request.user, thread.space):
        raise PermissionDenied
    try:
        post = _post_from(request, thread) if (request.POST.get("post") or request.GET.get("post")) else None
    except HuddleError as error:
        return bad_request(request, error)
    form = RevealForm(_posted(request)[0])
    shown = None
    if request.method == "POST" and form.is_valid():
        try:
            shown = author_reveal(
                user=signed_in_user(request), thread=thread, post=post, reason=form.cleaned_data["reason"]
            )
        except HuddleError as error:
            add_service_error(form, error)
    status = 400 if request.method == "POST" and shown is None else 200
    return render(
        request, "forum/reveal.html", {"thread": thread, "post": post, "form": form, "shown": shown}, status=status
    )


@login_required
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Full-text search with the filters of the list: space, answered or not, verified, since a date."""
    form = SearchForm(request.GET or None, spaces=Space.objects.filter(is_archived=False))
    rows: list[selectors.ThreadRow] = []
    if form.is_valid() and form.cleaned_data["q"].strip():
        ids = forum_search.search_threads(text=form.cleaned_data["q"], filters=form.filters(), limit=50)
        rows = selectors.threads_by_ids(viewer=request.user, ids=ids)
    return render(request, "forum/search.html", {"form": form, "rows": rows, "searched": form.is_bound})


@login_required
@require_GET
def attachment(request: HttpRequest, key: str) -> FileResponse:
    """An uploaded image, for people signed in; its stored name says nothing about who sent it."""
    item = get_object_or_404(Attachment, key=key)
    try:
        handle = item.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=item.content_type)
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
