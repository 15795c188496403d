"""Who may read the audit log."""

from huddle.accounts.policy import Viewer, is_coordinator


def can_view_audit_log(user: Viewer) -> bool:
    """Coordinators answer for the school's data; they read who did what."""
    return is_coordinator(user)
