"""Writing to the audit log."""

from typing import Any

from huddle.audit.models import AuditEvent


def audit_record(*, actor: Any, action: str, target: str = "", detail: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event; call inside the transaction of the action it records."""
    label = getattr(actor, "email", "") or "system"
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label,
        action=action,
        target=target[:254],
        detail=detail or {},
    )


def audit_record_many(*, actor: Any, action: str, entries: list[tuple[str, dict[str, Any]]]) -> int:
    """Append one event per ``(target, detail)`` in one insert (bulk actions such as a roster import)."""
    label = getattr(actor, "email", "") or "system"
    events = [
        AuditEvent(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=label,
            action=action,
            target=target[:254],
            detail=detail,
        )
        for target, detail in entries
    ]
    return len(AuditEvent.objects.bulk_create(events, batch_size=1000))
