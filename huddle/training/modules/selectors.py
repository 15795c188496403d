"""A person's training: each published module with their standing, and each peer role they could take."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max

from huddle.accounts.models import User
from huddle.lib.qualification import PeerRole, Qualification
from huddle.training.models import Attempt, Completion, Module, SignOff
from huddle.training.requirements.checker import evaluate, latest_completions, requirements_by_role

#: A completion this close to expiry shows a "renew soon" notice.
RENEW_SOON = timedelta(days=30)


@dataclass(frozen=True)
class ModuleProgress:
    module: Module
    latest: Completion | None
    attempts: int
    best_score: int | None
    now: datetime

    @property
    def state(self) -> str:
        """``current``, ``expired``, ``started`` (attempted, not complete) or ``new``."""
        if self.latest is not None:
            expired = self.latest.expires_at is not None and self.latest.expires_at <= self.now
            return "expired" if expired else "current"
        return "started" if self.attempts else "new"

    @property
    def renew_soon(self) -> bool:
        exp = self.latest.expires_at if self.latest else None
        return exp is not None and self.now < exp <= self.now + RENEW_SOON


@dataclass(frozen=True)
class RoleStanding:
    role: str
    label: str
    qualification: Qualification
    module_titles: list[str]


@dataclass(frozen=True)
class Progress:
    modules: list[ModuleProgress]
    roles: list[RoleStanding]
    certificates: list[Completion]


def my_progress(*, person: User, now: datetime) -> Progress:
    """Everything on the person's training page in a fixed number of queries (seven), however much they did."""
    modules = list(Module.objects.filter(status=Module.Status.PUBLISHED).order_by("title"))
    latest = latest_completions(int(person.pk))
    tried: dict[int, dict[str, int]] = {
        row["quiz__module_id"]: {"n": row["n"], "best": row["best"]}
        for row in Attempt.objects.filter(person=person)
        .values("quiz__module_id")
        .annotate(n=Count("pk"), best=Max("score"))
        .order_by()
    }
    rows = [
        ModuleProgress(
            module=m,
            latest=latest.get(m.pk),
            attempts=tried.get(m.pk, {}).get("n", 0),
            best_score=tried.get(m.pk, {}).get("best"),
            now=now,
        )
        for m in modules
    ]
    requirements = requirements_by_role()
    signed = set(SignOff.objects.filter(person=person, revoked_at__isnull=True).values_list("role", flat=True))
    roles = [
        RoleStanding(
            role=role,
            label=str(PeerRole(role).label),
            qualification=evaluate(
                requirement=requirements[role], role=role, latest=latest, signed_off=role in signed, now=now
            ),
            module_titles=[r.module.title for r in requirements[role].modules.all()],
        )
        for role in PeerRole.values
        if role in requirements
    ]
    certificates = progress_certificates(person=person)
    return Progress(rows, roles, certificates)


def module_progress(*, person: User, module: Module, now: datetime) -> ModuleProgress | None:
    """One module's row of :func:`my_progress` for the module's own page, in two queries, not the whole page's seven.

    None for a module that is not published, as :func:`my_progress` lists published modules only.
    """
    if module.status != Module.Status.PUBLISHED:
        return None
    tried = Attempt.objects.filter(person=person, quiz__module=module).aggregate(n=Count("pk"), best=Max("score"))
    return ModuleProgress(
        module=module,
        latest=latest_completions(int(person.pk), [module.pk]).get(module.pk),
        attempts=tried["n"],
        best_score=tried["best"],
        now=now,
    )


def progress_certificates(*, person: User) -> list[Completion]:
    """Every completion the person ever earned, newest first (one query)."""
    return list(Completion.objects.filter(person=person).select_related("module").order_by("-completed_at", "-pk"))
