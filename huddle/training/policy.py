"""Who may do what in training.

Everyone signed in takes modules and RSVPs to workshops. Coordinators
author modules, set role requirements, schedule workshops and read the
completion report as counts. Well-being staff sign off peer listeners and
are the only ones who see listener candidates per person: whether a
student is preparing to be a listener is well-being data, kept from staff
who assess students.
"""

from huddle.accounts.models import User
from huddle.accounts.policy import Viewer, is_coordinator, is_signed_in, is_wellbeing_staff
from huddle.lib.qualification import PeerRole
from huddle.training.models import Module, RequiredModule, RoleRequirement, Workshop

#: Roles whose candidates and per-person records are well-being data.
WELLBEING_ROLES = frozenset({PeerRole.LISTENER.value})


def can_use_training(user: Viewer) -> bool:
    return is_signed_in(user)


def can_read_module(user: Viewer, module: Module) -> bool:
    """Published modules for everyone signed in; drafts and retired ones for their authors."""
    return is_signed_in(user) and (module.status == Module.Status.PUBLISHED or can_author_modules(user))


def can_take_quiz(user: Viewer, module: Module) -> bool:
    return is_signed_in(user) and module.status == Module.Status.PUBLISHED and module.current_quiz_id is not None


def can_author_modules(user: Viewer) -> bool:
    return is_coordinator(user)


def can_edit_requirements(user: Viewer) -> bool:
    return is_coordinator(user)


def can_read_report(user: Viewer) -> bool:
    """Counts only, suppressed where they concern well-being roles."""
    return is_coordinator(user) or is_wellbeing_staff(user)


def can_sign_off(user: Viewer, role: str, sign_off_by: str) -> bool:
    """Who signs off is data (the requirement row), but a well-being role's candidates are for well-being staff only."""
    if role in WELLBEING_ROLES and not is_wellbeing_staff(user):
        return False
    if sign_off_by == RoleRequirement.SignOffBy.WELLBEING:
        return is_wellbeing_staff(user)
    if sign_off_by == RoleRequirement.SignOffBy.COORDINATOR:
        return is_coordinator(user)
    return False


def can_sign_off_somewhere(user: Viewer) -> bool:
    return is_wellbeing_staff(user) or is_coordinator(user)


def can_schedule_workshops(user: Viewer) -> bool:
    return is_coordinator(user)


def can_rsvp(user: Viewer, workshop: Workshop) -> bool:
    return is_signed_in(user) and workshop.status == Workshop.Status.SCHEDULED


def is_wellbeing_module(module: Module) -> bool:
    """A module only well-being roles require (Crisis response for listeners): who takes it is well-being data."""
    roles = set(RequiredModule.objects.filter(module=module).values_list("requirement__role", flat=True))
    return bool(roles) and roles <= WELLBEING_ROLES


def can_run_workshop(user: Viewer, workshop: Workshop) -> bool:
    """The organiser sees who is coming and marks attendance, and so do coordinators —
    except at a well-being module's workshop, where well-being staff stand in for them."""
    if isinstance(user, User) and workshop.organiser_id == user.pk:
        return True
    if not (is_coordinator(user) or is_wellbeing_staff(user)):
        return False
    wellbeing = is_wellbeing_module(workshop.module)
    return is_wellbeing_staff(user) if wellbeing else is_coordinator(user)
