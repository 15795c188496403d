"""Coordinators edit the school's booking rules: one row, checked as a whole, saved and audited at once.

The ranges below are the one statement of what a rule may be; the form
draws its limits from them and this service checks them again, so a rule
never reaches the row outside its range whichever way it is written.
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError, require
from huddle.tutoring import policy
from huddle.tutoring.models import Rules

#: Each numeric rule's smallest and largest value.
RULE_RANGES: dict[str, tuple[int, int]] = {
    "lead_time_hours": (0, 168),
    "cancel_window_hours": (0, 168),
    "max_per_day": (1, 10),
    "max_per_week": (1, 40),
    "max_tutor_hours_per_week": (1, 40),
    "no_show_limit": (0, 10),
    "no_show_term_days": (7, 365),
    "suspension_days": (1, 90),
    "horizon_weeks": (1, 26),
}
RULE_FLAGS = ("no_back_to_back",)
RULE_FIELDS = (*RULE_RANGES, *RULE_FLAGS)


def range_message(name: str) -> str:
    low, high = RULE_RANGES[name]
    return _("Give a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}


def rules_check(values: Mapping[str, Any]) -> None:
    """Refuse the first rule out of its range, naming its field; then the rules that must agree."""
    for name, (low, high) in RULE_RANGES.items():
        value = values.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise HuddleError(range_message(name), field=name)
    if values["max_per_week"] < values["max_per_day"]:
        raise HuddleError(
            _("A week must allow at least as many bookings as a day (%(n)d).") % {"n": values["max_per_day"]},
            field="max_per_week",
        )


@transaction.atomic
def rules_save(*, user: User, values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Save the rules; returns what changed (``{name: {"from": old, "to": new}}``), audited in the same transaction.

    Nothing changed means nothing written and nothing audited.
    """
    require(policy.can_edit_rules(user), _("Only coordinators set the booking rules."))
    rules_check(values)
    row = Rules.objects.select_for_update().order_by("pk").first() or Rules()
    changed = {
        name: {"from": getattr(row, name), "to": bool(values[name]) if name in RULE_FLAGS else values[name]}
        for name in RULE_FIELDS
        if getattr(row, name) != (bool(values[name]) if name in RULE_FLAGS else values[name])
    }
    if not changed:
        return {}
    for name, change in changed.items():
        setattr(row, name, change["to"])
    row.save()
    audit_record(actor=user, action="tutoring.rules_changed", target=f"tutoring-rules:{row.pk}", detail=changed)
    return changed
