"""The coordinators' report (counts only) and certificate look-ups.

Counts that concern a well-being role — the listener role, and modules
only listeners are required to take — go through
:func:`huddle.lib.suppression.suppress_counts`, because "three students
completed Crisis response" is close to naming them.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from huddle.lib.qualification import PeerRole
from huddle.training import policy
from huddle.training.models import Completion, Module, SignOff
from huddle.training.requirements.checker import requirements_by_role
from huddle.training.suppressing import suppressed


@dataclass(frozen=True)
class ReportRow:
    label: str
    #: ``{"completed": n, "current": n, "expired": n[, "awaiting_sign_off": n]}``; None where suppressed.
    counts: dict[str, int | None]
    wellbeing: bool


@dataclass(frozen=True)
class Report:
    modules: list[ReportRow]
    roles: list[ReportRow]


def completion_report(*, now: datetime) -> Report:
    """Counts by module and by role in five queries, whatever the school's size."""
    modules = list(Module.objects.exclude(status=Module.Status.DRAFT).order_by("title"))
    latest: dict[tuple[int, int], tuple[datetime, datetime | None]] = {}
    for person_id, module_id, completed_at, expires_at in (
        Completion.objects.order_by("person_id", "module_id", "-completed_at", "-pk")
        .values_list("person_id", "module_id", "completed_at", "expires_at")
        .iterator(chunk_size=5000)
    ):
        latest.setdefault((person_id, module_id), (completed_at, expires_at))
    requirements = requirements_by_role()
    signed = {(p, r) for p, r in SignOff.objects.filter(revoked_at__isnull=True).values_list("person_id", "role")}
    wellbeing_modules = _wellbeing_only_modules(requirements)

    def current(pair: tuple[datetime, datetime | None], days: int | None = None) -> bool:
        completed_at, expires_at = pair
        if days:
            by_role = completed_at + timedelta(days=days)
            expires_at = by_role if expires_at is None else min(expires_at, by_role)
        return expires_at is None or expires_at > now

    module_rows = []
    for m in modules:
        held = [pair for (p, mid), pair in latest.items() if mid == m.pk]
        counts = {"completed": len(held), "current": sum(current(h) for h in held)}
        counts["expired"] = counts["completed"] - counts["current"]
        wb = m.pk in wellbeing_modules
        module_rows.append(ReportRow(m.title, suppressed(counts) if wb else dict(counts), wb))

    people = {p for p, _m in latest}
    role_rows = []
    for role in PeerRole.values:
        requirement = requirements.get(role)
        if requirement is None:
            continue
        required = list(requirement.modules.all())
        completed = current_all = 0
        awaiting = 0
        for person in people:
            pairs = [(latest.get((person, r.module_id)), r.valid_for_days) for r in required]
            if not required or any(pair is None for pair, _d in pairs):
                continue
            completed += 1
            if all(current(pair, days) for pair, days in pairs if pair is not None):
                if requirement.sign_off_by and (person, role) not in signed:
                    awaiting += 1
                else:
                    current_all += 1
        counts = {"completed": completed, "current": current_all, "expired": completed - current_all - awaiting}
        if requirement.sign_off_by:
            counts["awaiting_sign_off"] = awaiting
        wb = role in policy.WELLBEING_ROLES
        role_rows.append(ReportRow(str(PeerRole(role).label), suppressed(counts) if wb else dict(counts), wb))
    return Report(module_rows, role_rows)


def _wellbeing_only_modules(requirements: dict) -> set[int]:  # type: ignore[type-arg]
    """Modules that only well-being roles require (Crisis response when only listeners need it)."""
    by_module: dict[int, set[str]] = {}
    for role, requirement in requirements.items():
        for r in requirement.modules.all():
            by_module.setdefault(r.module_id, set()).add(role)
    return {mid for mid, roles in by_module.items() if roles <= policy.WELLBEING_ROLES}
