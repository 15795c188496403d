"""The group's board and its problem reports.

A post tells the other members once; a problem report tells every
coordinator that there is one without ever putting the reporter's words in
the notification (notifications go out by e-mail, reports may be sensitive).
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.models import User
from huddle.audit.services import audit_record
from huddle.groups import policy
from huddle.groups.models import Post, ProblemReport, StudyGroup
from huddle.groups.notices import coordinators, group_url, members, tell
from huddle.lib.errors import HuddleError, require

POST_LIMIT = 5000
LINK_LIMIT = 200
DETAILS_LIMIT = 2000
RESOLUTION_LIMIT = 1000


def _checked_link(link: str) -> str:
    link = link.strip()
    if not link:
        return ""
    if len(link) > LINK_LIMIT:
        raise HuddleError(_("Keep the link under %(n)d characters.") % {"n": LINK_LIMIT}, field="link")
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError as error:
        raise HuddleError(_("Give a full link such as https://example.edu/notes."), field="link") from error
    return link


@transaction.atomic
def post_create(*, author: User, group: StudyGroup, body: str, link: str = "") -> Post:
    """A post on the board; the other members are told (once per post)."""
    require(policy.can_post(author, group), _("Only the group's members post on its board."))
    if group.status != StudyGroup.Status.ACTIVE:
        raise HuddleError(_("This group is archived; its board is read-only."), field="body")
    body = body.strip()
    if not body:
        raise HuddleError(_("Write something to post."), field="body")
    if len(body) > POST_LIMIT:
        raise HuddleError(_("Keep the post under %(n)d characters.") % {"n": POST_LIMIT}, field="body")
    post = Post.objects.create(group=group, author=author, body=body, link=_checked_link(link))
    tell(
        people=members(group, excluding=author),
        kind="groups.post",
        title=gettext_lazy("%(name)s posted on the board of %(group)s"),
        url=f"{group_url(group)}#post-{post.pk}",
        once=f"groups.post:{post.pk}",
        name=author.get_full_name(),
        group=group.name,
    )
    return post


def can_remove_post(user: User, post: Post) -> bool:
    """Authors remove their own posts; organisers and coordinators remove any post on the group's board."""
    return post.author_id == user.pk or policy.can_run_group(user, post.group)


@transaction.atomic
def post_remove(*, actor: User, post: Post) -> Post:
    """Take a post off the board (kept, marked removed, so a report about it can still be read)."""
    post = Post.objects.select_for_update().select_related("group").get(pk=post.pk)
    require(can_remove_post(actor, post), _("Only the author, the organisers or a coordinator remove a post."))
    if post.removed:
        raise HuddleError(_("This post was already removed."), field="post")
    post.removed = True
    post.save(update_fields=["removed"])
    return post


@transaction.atomic
def problem_report_create(*, reporter: User, group: StudyGroup, details: str) -> ProblemReport:
    """A member's report to the coordinators; they are told there is one, never what it says."""
    require(policy.can_report_problem(reporter, group), _("Only the group's members report a problem in it."))
    details = details.strip()
    if not details:
        raise HuddleError(_("Say what happened."), field="details")
    if len(details) > DETAILS_LIMIT:
        raise HuddleError(_("Keep it under %(n)d characters.") % {"n": DETAILS_LIMIT}, field="details")
    report = ProblemReport.objects.create(group=group, reporter=reporter, details=details)
    tell(
        people=coordinators(),
        kind="groups.problem_reported",
        title=gettext_lazy("A member reported a problem in %(group)s"),
        url=f"{reverse('groups:problems')}#report-{report.pk}",
        once=f"groups.problem_reported:{report.pk}",
        group=group.name,
    )
    return report


@transaction.atomic
def problem_resolve(*, actor: User, report: ProblemReport, resolution: str) -> ProblemReport:
    """Close a report with what was done; the audit log keeps who closed which report (not the words)."""
    require(policy.can_read_problem_reports(actor), _("Only coordinators resolve problem reports."))
    report = ProblemReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ProblemReport.Status.OPEN:
        raise HuddleError(_("This report is already resolved."), field="resolution")
    resolution = resolution.strip()
    if not resolution:
        raise HuddleError(_("Say what was done."), field="resolution")
    if len(resolution) > RESOLUTION_LIMIT:
        raise HuddleError(_("Keep it under %(n)d characters.") % {"n": RESOLUTION_LIMIT}, field="resolution")
    report.status = ProblemReport.Status.RESOLVED
    report.resolution = resolution
    report.resolved_by = actor
    report.resolved_at = timezone.now()
    report.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
    audit_record(
        actor=actor,
        action="groups.problem_resolved",
        target=f"groups problem report {report.pk}",
        detail={"report": report.pk, "group": report.group_id},
    )
    return report
