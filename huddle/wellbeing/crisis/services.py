"""Well-being staff keep the school's crisis resources current; every change is audited."""

import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from huddle.audit.services import audit_record
from huddle.lib.crisis import CrisisLine
from huddle.lib.errors import HuddleError, require
from huddle.wellbeing import policy
from huddle.wellbeing.models import CrisisResource

_NUMBER = re.compile(r"\+?[0-9(][0-9 ().-]*[0-9]")


def fictional_allowed() -> bool:
    """Fictional 555-01xx numbers only where nobody in need reads the page: development and tests."""
    return bool(settings.DEBUG or getattr(settings, "TESTING", False))


def _clean(*, label: str, channel: str, contact: str, hours: str, notes: str, order: int) -> dict[str, Any]:
    label, contact, hours, notes = label.strip(), contact.strip(), hours.strip(), notes.strip()
    if not label:
        raise HuddleError(_("Give the resource a name people will recognise."), field="label")
    if channel not in CrisisResource.Channel.values:
        raise HuddleError(_("Choose how people reach it: phone, text or web."), field="channel")
    if not contact:
        raise HuddleError(_("Give the number or web address."), field="contact")
    if channel == CrisisResource.Channel.WEB:
        if not re.fullmatch(r"https://[^\s/$.?#][^\s]*", contact):
            raise HuddleError(_("A web address must start with https://."), field="contact")
    else:
        if not _NUMBER.fullmatch(contact) or len(re.sub(r"\D", "", contact)) < 3:
            raise HuddleError(_("Write a phone number, e.g. 312-867-4000 or +1 312 867 4000."), field="contact")
        if CrisisLine(label, contact).fictional and not fictional_allowed():
            raise HuddleError(
                _("555-0100 to 555-0199 are fictional numbers that nobody answers; give the real number."),
                field="contact",
            )
    if not 0 <= order <= 999:
        raise HuddleError(_("Order must be between 0 and 999."), field="order")
    return {"label": label, "channel": channel, "contact": contact, "hours": hours, "notes": notes, "order": order}


def crisis_resource_create(
    *, user: Any, label: str, channel: str, contact: str, hours: str = "", notes: str = "", order: int = 100
) -> CrisisResource:
    require(policy.can_edit_crisis_resources(user), _("Only well-being staff edit crisis resources."))
    fields = _clean(label=label, channel=channel, contact=contact, hours=hours, notes=notes, order=order)
    with transaction.atomic():
        resource = CrisisResource.objects.create(**fields)
        audit_record(
            actor=user, action="wellbeing.crisis_resource_create", target=f"crisis:{resource.pk}", detail=fields
        )
    return resource


def crisis_resource_update(
    *,
    user: Any,
    resource: CrisisResource,
    label: str,
    channel: str,
    contact: str,
    hours: str = "",
    notes: str = "",
    order: int = 100,
) -> CrisisResource:
    require(policy.can_edit_crisis_resources(user), _("Only well-being staff edit crisis resources."))
    fields = _clean(label=label, channel=channel, contact=contact, hours=hours, notes=notes, order=order)
    before = {name: getattr(resource, name) for name in fields}
    with transaction.atomic():
        CrisisResource.objects.filter(pk=resource.pk).update(**fields)
        audit_record(
            actor=user,
            action="wellbeing.crisis_resource_update",
            target=f"crisis:{resource.pk}",
            detail={"before": before, "after": fields},
        )
    resource.refresh_from_db()
    return resource


def crisis_resource_delete(*, user: Any, resource: CrisisResource) -> None:
    require(policy.can_edit_crisis_resources(user), _("Only well-being staff edit crisis resources."))
    with transaction.atomic():
        audit_record(
            actor=user,
            action="wellbeing.crisis_resource_delete",
            target=f"crisis:{resource.pk}",
            detail={"label": resource.label, "contact": resource.contact},
        )
        resource.delete()
