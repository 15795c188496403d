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
