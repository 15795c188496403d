"""Writing modules: content, video links, the quiz (as new versions once people may take it), publishing."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError, require
from huddle.lib.markdown import render_markdown
from huddle.training import policy
from huddle.training.models import Attempt, Module, QuizVersion
from huddle.training.quizzes.format import quiz_parse

MAX_VIDEOS = 10


def videos_parse(text: str) -> list[dict[str, str]]:
    """One link a line, ``Title | https://…`` or a bare URL; only https links to the web."""
    videos = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        title, _sep, url = line.rpartition("|") if "|" in line else ("", "", line)
        title, url = title.strip(), url.strip()
        if not url.startswith("https://") or " " in url or len(url) > 500:
            raise HuddleError(
                _("Line %(n)d: give a video link starting with https://.") % {"n": number}, field="videos"
            )
        videos.append({"title": title[:200] or url, "url": url})
    if len(videos) > MAX_VIDEOS:
        raise HuddleError(_("Link at most %(n)d videos.") % {"n": MAX_VIDEOS}, field="videos")
    return videos


def videos_text(videos: list[dict[str, str]]) -> str:
    return "\n".join(f"{v['title']} | {v['url']}" for v in videos)


def _unique_slug(title: str, module_id: int | None) -> str:
    base = slugify(title)[:70] or "module"
    slug, n = base, 2
    while Module.objects.filter(slug=slug).exclude(pk=module_id or 0).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def module_save(
    *,
    user: User,
    module: Module | None,
    title: str,
    summary: str,
    body: str,
    videos: str,
    valid_for_days: int | None,
    requires_workshop: bool,
) -> Module:
    """Create a module (a draft) or change its content; content edits never touch the quiz or completions."""
    require(policy.can_author_modules(user), _("Only coordinators write training modules."))
    title = title.strip()
    if not title:
        raise HuddleError(_("Give the module a title."), field="title")
    if valid_for_days is not None and not 1 <= valid_for_days <= 3660:
        raise HuddleError(_("Give a validity from 1 to 3660 days, or leave it empty."), field="valid_for_days")
    parsed = videos_parse(videos)
    if module is None:
        module = Module(created_by=user, slug=_unique_slug(title, None))
    module.title = title[:120]
    module.summary = summary.strip()[:300]
    module.body = body
    module.body_html = render_markdown(body)
    module.videos = parsed
    module.valid_for_days = valid_for_days
    module.requires_workshop = requires_workshop
    module.save()
    return module


@transaction.atomic
def module_quiz_save(*, user: User, module: Module, source: str, pass_mark: int) -> QuizVersion:
    """Save the quiz; once anyone has taken it, the edit is a new version and past attempts keep theirs.

    A draft module's untaken quiz is edited in place (nothing refers to it yet).
    """
    require(policy.can_author_modules(user), _("Only coordinators write training modules."))
    if not 1 <= pass_mark <= 100:
        raise HuddleError(_("Give a pass mark from 1 to 100 %."), field="pass_mark")
    questions = [q.as_json() for q in quiz_parse(source)]
    module = Module.objects.select_for_update().get(pk=module.pk)
    current = module.current_quiz
    untaken = current is not None and not Attempt.objects.filter(quiz=current).exists()
    if current is not None and untaken and module.status == Module.Status.DRAFT:
        current.questions, current.pass_mark, current.source = questions, pass_mark, source
        current.save(update_fields=["questions", "pass_mark", "source"])
        return current
    number = (current.number + 1) if current else 1
    version = QuizVersion.objects.create(
        module=module, number=number, pass_mark=pass_mark, questions=questions, source=source, created_by=user
    )
    Module.objects.filter(pk=module.pk).update(current_quiz=version)
    audit_record(
        actor=user, action="training.quiz_version", target=f"training-module:{module.pk}", detail={"version": number}
    )
    return version


@transaction.atomic
def module_publish(*, user: User, module: Module, status: str) -> Module:
    """Publish (people see it and may take the quiz), back to draft, or retire."""
    require(policy.can_author_modules(user), _("Only coordinators publish training modules."))
    if status not in Module.Status.values:
        raise HuddleError(_("Choose published, draft or retired."), field="status")
    if status == Module.Status.PUBLISHED and module.current_quiz_id is None:
        raise HuddleError(_("Write the quiz before publishing the module."), field="status")
    module.status = status
    if status == Module.Status.PUBLISHED and module.published_at is None:
        module.published_at = timezone.now()
    module.save(update_fields=["status", "published_at", "updated_at"])
    return module
