"""Reports, blocks, debriefs and the school's listening settings."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError, require
from huddle.listening import notify, policy
from huddle.listening.models import (
    RETENTION_MAX_DAYS,
    RETENTION_MIN_DAYS,
    WAIT_MAX_MINUTES,
    WAIT_MIN_MINUTES,
    Block,
    Conversation,
    Debrief,
    ListeningSettings,
    Report,
)
from huddle.listening.settings_row import listening_settings


@transaction.atomic
def report_file(*, user: User, conversation: Conversation, reason: str, details: str) -> Report:
    """A reason is required (blank reports help nobody); well-being staff are told, without names or words."""
    require(policy.can_report(user, conversation), _("You cannot report this conversation."))
    if reason not in Report.Reason.values:
        raise HuddleError(_("Choose what happened."), field="reason")
    details = details.strip()
    if len(details) > 1000:
        raise HuddleError(_("Keep the details under 1000 characters."), field="details")
    report = Report.objects.create(conversation=conversation, reporter=user, reason=reason, details=details)
    notify.report_filed(report_id=report.pk)
    return report


@transaction.atomic
def block_other_side(*, user: User, conversation: Conversation) -> Block:
    """Block the other person: they never meet again through listening. An open conversation ends."""
    require(policy.can_block(user, conversation), _("You cannot block anyone from this conversation."))
    other = conversation.listener_id if policy.is_the_student(user, conversation) else conversation.student_id
    require(other is not None, _("There is nobody to block."))
    block, _created = Block.objects.get_or_create(blocker=user, blocked_id=other)
    if conversation.status == Conversation.Status.ACTIVE:
        from huddle.listening.conversations.services import conversation_end

        conversation_end(user=user, conversation=conversation)
    return block


@transaction.atomic
def report_close(*, staff: User, report: Report) -> None:
    require(policy.can_manage(staff), _("Only well-being staff handle reports."))
    changed = Report.objects.filter(pk=report.pk, closed_at__isnull=True).update(
        closed_at=timezone.now(), closed_by=staff
    )
    require(bool(changed), _("This report is already closed."))
    audit_record(actor=staff, action="listening.report_closed", target=f"listening report {report.pk}")


@transaction.atomic
def debrief_request(*, listener: User, summary: str) -> Debrief:
    """Ask well-being staff for a debrief; only what the listener writes here is shared."""
    require(policy.can_ask_debrief(listener), _("Debriefs are for peer listeners."))
    summary = summary.strip()
    if len(summary) > 1000:
        raise HuddleError(_("Keep the summary under 1000 characters."), field="summary")
    debrief = Debrief.objects.create(listener=listener, summary=summary)
    notify.debrief_requested(debrief_id=debrief.pk)
    return debrief


def debrief_done(*, staff: User, debrief: Debrief) -> None:
    require(policy.can_manage(staff), _("Only well-being staff handle debriefs."))
    changed = Debrief.objects.filter(pk=debrief.pk, done_at__isnull=True).update(done_at=timezone.now(), done_by=staff)
    require(bool(changed), _("This debrief is already marked done."))


@transaction.atomic
def settings_update(*, staff: User, retention_days: int, wait_minutes: int) -> ListeningSettings:
    require(policy.can_manage(staff), _("Only well-being staff change listening settings."))
    if not RETENTION_MIN_DAYS <= retention_days <= RETENTION_MAX_DAYS:
        raise HuddleError(
            _("Keep messages between %(low)d and %(high)d days.")
            % {"low": RETENTION_MIN_DAYS, "high": RETENTION_MAX_DAYS},
            field="retention_days",
        )
    if not WAIT_MIN_MINUTES <= wait_minutes <= WAIT_MAX_MINUTES:
        raise HuddleError(
            _("A request waits between %(low)d and %(high)d minutes.")
            % {"low": WAIT_MIN_MINUTES, "high": WAIT_MAX_MINUTES},
            field="wait_minutes",
        )
    row = listening_settings()
    before = {"retention_days": row.retention_days, "wait_minutes": row.wait_minutes}
    row.retention_days, row.wait_minutes = retention_days, wait_minutes
    row.save()
    audit_record(
        actor=staff,
        action="listening.settings",
        target="listening settings",
        detail={"before": before, "after": {"retention_days": retention_days, "wait_minutes": wait_minutes}},
    )
    return row
