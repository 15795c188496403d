"""The training app's answer to ``qualification_for``: current completions and, where required, a sign-off.

Registered on :data:`huddle.lib.qualification.checkers` by the app's
contributions. A role with no requirement row gates nothing, so a school
that has not set training up is not locked out of mentoring.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from huddle.accounts.policy import is_signed_in
from huddle.lib.qualification import Qualification
from huddle.lib.registry import Viewer
from huddle.training.models import Completion, RequiredModule, RoleRequirement, SignOff


@dataclass(frozen=True)
class Held:
    """A person's standing on one required module."""

    module_id: int
    title: str
    completed_at: datetime | None
    expires_at: datetime | None

    def current(self, now: datetime) -> bool:
        return self.completed_at is not None and (self.expires_at is None or self.expires_at > now)


def held_for(required: RequiredModule, latest: Completion | None) -> Held:
    """The latest completion seen through the role's own validity (the sooner of the two expiries)."""
    if latest is None:
        return Held(required.module_id, required.module.title, None, None)
    expiry = latest.expires_at
    if required.valid_for_days:
        by_role = latest.completed_at + timedelta(days=required.valid_for_days)
        expiry = by_role if expiry is None else min(expiry, by_role)
    return Held(required.module_id, required.module.title, latest.completed_at, expiry)


def evaluate(
    *,
    requirement: RoleRequirement | None,
    role: str,
    latest: dict[int, Completion],
    signed_off: bool,
    now: datetime,
) -> Qualification:
    """Pure: a requirement and what the person holds → the answer, with what is missing in words."""
    if requirement is None:
        return Qualification(role=role, qualified=True)
    missing: list[str] = []
    for required in requirement.modules.all():
        held = held_for(required, latest.get(required.module_id))
        if held.completed_at is None:
            missing.append(_("Complete %(module)s") % {"module": held.title})
        elif not held.current(now):
            assert held.expires_at is not None
            day = date_format(timezone.localtime(held.expires_at), "j F")
            missing.append(_("Renew %(module)s (expired %(day)s)") % {"module": held.title, "day": day})
    if requirement.sign_off_by and not signed_off:
        missing.append(_("Sign-off by %(who)s") % {"who": str(requirement.get_sign_off_by_display()).lower()})
    return Qualification(
        role=role, qualified=not missing, missing=tuple(missing), url=reverse("training:home") if missing else ""
    )


def latest_completions(person_id: int, module_ids: list[int] | None = None) -> dict[int, Completion]:
    """The person's latest completion per module (one query)."""
    rows = (
        Completion.objects.filter(person_id=person_id)
        .select_related("module")
        .order_by("module_id", "-completed_at", "-pk")
    )
    if module_ids is not None:
        rows = rows.filter(module_id__in=module_ids)
    latest: dict[int, Completion] = {}
    for completion in rows:
        latest.setdefault(completion.module_id, completion)
    return latest


def _with_modules() -> Prefetch[str]:
    """Required modules joined to their module in one query (not one per level)."""
    return Prefetch("modules", queryset=RequiredModule.objects.select_related("module"))


def requirements_by_role() -> dict[str, RoleRequirement]:
    """Every role's requirement with its modules (two queries)."""
    rows = RoleRequirement.objects.prefetch_related(_with_modules())
    return {row.role: row for row in rows}


def qualification_check(person: Viewer, role: str) -> Qualification:
    """What ``qualification_for`` asks: may ``person`` take ``role`` now?"""
    requirement = RoleRequirement.objects.filter(role=role).prefetch_related(_with_modules()).first()
    if requirement is None:
        return Qualification(role=role, qualified=True)
    if not is_signed_in(person):
        return Qualification(role=role, qualified=False, missing=(_("Sign in"),))
    module_ids = [r.module_id for r in requirement.modules.all()]
    signed_off = (
        bool(requirement.sign_off_by)
        and SignOff.objects.filter(person_id=person.pk, role=role, revoked_at__isnull=True).exists()
    )
    return evaluate(
        requirement=requirement,
        role=role,
        latest=latest_completions(int(person.pk), module_ids),
        signed_off=signed_off,
        now=timezone.now(),
    )


def qualification_check_many(people: list[Viewer], role: str) -> dict[int, Qualification]:
    """``qualification_check`` for many people in four queries, whatever their number."""
    requirement = RoleRequirement.objects.filter(role=role).prefetch_related(_with_modules()).first()
    if requirement is None:
        return {int(p.pk): Qualification(role=role, qualified=True) for p in people}
    ids = [int(p.pk) for p in people]
    module_ids = [r.module_id for r in requirement.modules.all()]
    latest: dict[int, dict[int, Completion]] = {pk: {} for pk in ids}
    rows = (
        Completion.objects.filter(person_id__in=ids, module_id__in=module_ids)
        .select_related("module")
        .order_by("person_id", "module_id", "-completed_at", "-pk")
    )
    for completion in rows:
        latest[completion.person_id].setdefault(completion.module_id, completion)
    signed = set()
    if requirement.sign_off_by:
        live = SignOff.objects.filter(person_id__in=ids, role=role, revoked_at__isnull=True)
        signed = set(live.values_list("person_id", flat=True))
    now = timezone.now()
    return {
        pk: evaluate(requirement=requirement, role=role, latest=latest[pk], signed_off=pk in signed, now=now)
        for pk in ids
    }


class TrainingChecker:
    """The checker the training app registers: one person, or many at once (``lib.qualification``)."""

    def __call__(self, person: Viewer, role: str) -> Qualification:
        return qualification_check(person, role)

    def many(self, people: list[Viewer], role: str) -> dict[int, Qualification]:
        return qualification_check_many(people, role)
