"""Coordinators create spaces (a course from the school's topics, or a general one) and staff them."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from huddle.accounts.models import Role, Topic, User
from huddle.audit.services import audit_record
from huddle.forum import policy
from huddle.forum.models import Space, SpaceStaff
from huddle.lib.errors import HuddleError


def _slug_for(name: str) -> str:
    base = slugify(name)[:50] or "space"
    slug, n = base, 2
    while Space.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def space_create(*, user: User, name: str, kind: str, description: str = "", topic: Topic | None = None) -> Space:
    if not policy.can_manage_spaces(user):
        raise HuddleError(_("Only coordinators create spaces."))
    name = " ".join(name.split())
    if not 2 <= len(name) <= 120:
        raise HuddleError(_("Give the space a name of 2 to 120 characters."), field="name")
    if kind not in Space.Kind.values:
        raise HuddleError(_("Choose a course space or a general one."), field="kind")
    if kind == Space.Kind.COURSE and topic is None:
        raise HuddleError(_("Choose the course this space is for."), field="topic")
    if len(description) > 500:
        raise HuddleError(_("Keep the description under 500 characters."), field="description")
    try:
        with transaction.atomic():
            space = Space.objects.create(
                name=name,
                slug=_slug_for(name),
                kind=kind,
                description=description.strip(),
                topic=topic if kind == Space.Kind.COURSE else None,
            )
    except IntegrityError as exc:
        raise HuddleError(_("A space with this name already exists."), field="name") from exc
    audit_record(actor=user, action="forum.space_create", target=f"forum-space:{space.pk}", detail={"name": name})
    return space


@transaction.atomic
def space_staff_set(*, user: User, space: Space, person: User, duty: str, on: bool) -> None:
    """Assign or remove a space's faculty member or moderator."""
    if not policy.can_manage_spaces(user):
        raise HuddleError(_("Only coordinators staff spaces."))
    if duty not in SpaceStaff.Duty.values:
        raise HuddleError(_("Choose faculty or moderator."), field="duty")
    if on and duty == SpaceStaff.Duty.FACULTY and not person.has_role(Role.FACULTY):
        raise HuddleError(_("%(name)s is not faculty; only faculty verify answers.") % {"name": person}, field="person")
    if on:
        SpaceStaff.objects.get_or_create(space=space, user=person, duty=duty)
    else:
        SpaceStaff.objects.filter(space=space, user=person, duty=duty).delete()
    audit_record(
        actor=user,
        action="forum.staff_" + ("add" if on else "remove"),
        target=f"forum-space:{space.pk}",
        detail={"person": person.pk, "duty": duty},
    )


@transaction.atomic
def space_archive(*, user: User, space: Space, archived: bool) -> Space:
    if not policy.can_manage_spaces(user):
        raise HuddleError(_("Only coordinators archive spaces."))
    space.is_archived = archived
    space.save(update_fields=["is_archived"])
    audit_record(actor=user, action="forum.space_archive", target=f"forum-space:{space.pk}", detail={"on": archived})
    return space
