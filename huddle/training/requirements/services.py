"""Role requirements (coordinators) and sign-offs (well-being staff for listeners)."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.models import User
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError, require
from huddle.lib.qualification import PeerRole
from huddle.notifications.services import notification_create, words
from huddle.training import policy
from huddle.training.models import Module, RequiredModule, RoleRequirement, SignOff
from huddle.training.requirements.checker import evaluate, latest_completions


@transaction.atomic
def requirement_save(
    *, user: User, role: str, module_ids: list[int], valid_for_days: int | None, sign_off_by: str
) -> RoleRequirement | None:
    """What ``role`` requires; no modules and no sign-off removes the row (the role gates nothing)."""
    require(policy.can_edit_requirements(user), _("Only coordinators set what roles require."))
    if role not in PeerRole.values:
        raise HuddleError(_("Choose a peer role."), field="role")
    if sign_off_by not in RoleRequirement.SignOffBy.values:
        raise HuddleError(_("Choose who signs off."), field="sign_off_by")
    if role in policy.WELLBEING_ROLES and sign_off_by == RoleRequirement.SignOffBy.COORDINATOR:
        raise HuddleError(_("Peer listeners are signed off by well-being staff."), field="sign_off_by")
    if valid_for_days is not None and not 1 <= valid_for_days <= 3660:
        raise HuddleError(_("Give a validity from 1 to 3660 days, or leave it empty."), field="valid_for_days")
    modules = list(Module.objects.filter(pk__in=module_ids).exclude(status=Module.Status.RETIRED))
    if len(modules) != len(set(module_ids)):
        raise HuddleError(_("Choose modules from the list."), field="modules")
    if not modules and not sign_off_by:
        RoleRequirement.objects.filter(role=role).delete()
        return None
    requirement, _created = RoleRequirement.objects.update_or_create(
        role=role, defaults={"sign_off_by": sign_off_by, "updated_by": user}
    )
    requirement.modules.exclude(module__in=modules).delete()
    for module in modules:
        RequiredModule.objects.update_or_create(
            requirement=requirement, module=module, defaults={"valid_for_days": valid_for_days}
        )
    audit_record(
        actor=user,
        action="training.requirement_changed",
        target=f"training-role:{role}",
        detail={"modules": sorted(m.pk for m in modules), "sign_off_by": sign_off_by, "days": valid_for_days},
    )
    return requirement


@transaction.atomic
def sign_off_give(*, user: User, person: User, role: str, note: str = "") -> SignOff:
    """Vouch for a candidate who holds every required module; one live sign-off per person and role."""
    requirement = RoleRequirement.objects.filter(role=role).prefetch_related("modules__module").first()
    if requirement is None or not requirement.sign_off_by:
        raise HuddleError(_("This role needs no sign-off."), field="role")
    require(policy.can_sign_off(user, role, requirement.sign_off_by), _("You may not sign off this role."))
    require(person.pk != user.pk, _("Nobody signs themselves off."))
    now = timezone.now()
    module_ids = [r.module_id for r in requirement.modules.all()]
    standing = evaluate(
        requirement=requirement,
        role=role,
        latest=latest_completions(int(person.pk), module_ids),
        signed_off=True,
        now=now,
    )
    if not standing.qualified:
        raise HuddleError(_("%(name)s has not completed the required modules.") % {"name": person.get_full_name()})
    try:
        with transaction.atomic():
            sign_off = SignOff.objects.create(person=person, role=role, given_by=user, given_at=now, note=note[:300])
    except IntegrityError:
        raise HuddleError(_("%(name)s is already signed off.") % {"name": person.get_full_name()}) from None
    audit_record(actor=user, action="training.sign_off_given", target=f"user:{person.pk}", detail={"role": role})
    role_label = PeerRole(role).label
    notification_create(
        user=person,
        kind="training.sign_off",
        title=words(gettext_lazy("You are signed off as a %(role)s"), role=role_label),
        url=reverse("training:home"),
        once=f"training.sign_off:{sign_off.pk}",
    )
    return sign_off


@transaction.atomic
def sign_off_revoke(*, user: User, sign_off: SignOff) -> SignOff:
    """Take a sign-off back (kept, with who and when): the person no longer qualifies for the role."""
    requirement = RoleRequirement.objects.filter(role=sign_off.role).first()
    sign_off_by = requirement.sign_off_by if requirement else RoleRequirement.SignOffBy.WELLBEING
    require(
        policy.can_sign_off(user, sign_off.role, sign_off_by or RoleRequirement.SignOffBy.WELLBEING),
        _("You may not revoke this sign-off."),
    )
    now = timezone.now()
    changed = SignOff.objects.filter(pk=sign_off.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_by=user)
    if not changed:
        raise HuddleError(_("This sign-off was already revoked."))
    audit_record(
        actor=user,
        action="training.sign_off_revoked",
        target=f"user:{sign_off.person_id}",
        detail={"role": sign_off.role},
    )
    sign_off.refresh_from_db()
    return sign_off
