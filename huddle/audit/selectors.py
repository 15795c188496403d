"""Reading the audit log."""

from django.db.models import QuerySet

from huddle.audit.models import AuditEvent


def audit_events(*, action: str = "") -> QuerySet[AuditEvent]:
    """Events newest first, optionally of one action; unknown actions mean all."""
    events = AuditEvent.objects.all()
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    return events
