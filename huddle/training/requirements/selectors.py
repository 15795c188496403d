"""Reading requirements and sign-off candidates."""

from dataclasses import dataclass
from datetime import datetime

from huddle.accounts.models import User
from huddle.training.models import Completion, RoleRequirement, SignOff
from huddle.training.requirements.checker import held_for


@dataclass(frozen=True)
class Candidate:
    person: User
    sign_off: SignOff | None


def sign_off_candidates(*, role: str, now: datetime) -> list[Candidate]:
    """People who hold every required module of ``role`` now, with their live sign-off if any (four queries).

    Only people who completed the modules appear: someone who merely opened
    a module is nobody's business.
    """
    requirement = RoleRequirement.objects.filter(role=role).prefetch_related("modules__module").first()
    if requirement is None or not requirement.sign_off_by:
        return []
    required = list(requirement.modules.all())
    if not required:
        return []
    latest: dict[tuple[int, int], Completion] = {}
    people: dict[int, User] = {}
    rows = (
        Completion.objects.filter(module_id__in=[r.module_id for r in required], person__is_active=True)
        .select_related("person__profile")
        .order_by("person_id", "module_id", "-completed_at", "-pk")
    )
    for completion in rows:
        latest.setdefault((completion.person_id, completion.module_id), completion)
        people[completion.person_id] = completion.person
    live = {s.person_id: s for s in SignOff.objects.filter(role=role, revoked_at__isnull=True)}
    found = [
        Candidate(person, live.get(pid))
        for pid, person in people.items()
        if all(held_for(r, latest.get((pid, r.module_id))).current(now) for r in required)
    ]
    return sorted(found, key=lambda c: (c.sign_off is not None, c.person.last_name, c.person.first_name, c.person.pk))
