"""Why a pair was made (or a mentee left unmatched), in plain words.

Reasons are stored as small dicts — a ``code`` plus its numbers and names —
and put into words when shown, so each reader sees them in their own
language. Every dict also carries an English ``text`` for any reader that
does not know the codes (exports, the API, older rows).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huddle.accounts.models import Modality

Reason = dict[str, Any]


def _names(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _hours(value: Any) -> str:
    return f"{float(value):g}"


def reason_text(reason: Mapping[str, Any] | str) -> str:
    """One reason in the active language."""
    if isinstance(reason, str):
        return reason
    code = reason.get("code")
    if code == "locked":
        return _("Placed by the coordinator")
    if code == "chosen":
        return _("The mentee chose this mentor, who accepted")
    if code == "rematched":
        return _("Re-paired by the coordinator")
    if code == "asked_by_mentee":
        return _("The mentee asked for this mentor")
    if code == "asked_by_mentor":
        return _("The mentor asked for this mentee")
    if code == "specialties":
        return _("Both interested in %(names)s") % {"names": _names(reason.get("names", []))}
    if code == "languages":
        return _("Both speak %(names)s") % {"names": _names(reason.get("names", []))}
    if code == "hours":
        return _("%(hours)s h a week free at the same time (%(when)s)") % {
            "hours": _hours(reason.get("hours", 0)),
            "when": reason.get("when", ""),
        }
    if code == "faculty":
        return _("A faculty mentor")
    if code == "senior":
        years = int(reason.get("years", 0))
        return ngettext("The mentor is %(n)d year ahead", "The mentor is %(n)d years ahead", years) % {"n": years}
    if code == "same_modality":
        label = dict(Modality.choices).get(reason.get("modality", ""), reason.get("modality", ""))
        return _("Both prefer to meet: %(modality)s") % {"modality": str(label).lower()}
    if code == "compatible_modality":
        return _("Compatible ways of meeting")
    if code == "none":
        return _("No criterion in common; paired so that every mentee has a mentor")
    # Why a mentee is unmatched or a mentor cannot take them.
    if code == "low_hours":
        return _("Painted less than %(minimum)s h/week of availability (%(hours)s h)") % {
            "minimum": _hours(reason.get("minimum", 0)),
            "hours": _hours(reason.get("hours", 0)),
        }
    if code == "no_acceptable":
        return _("No acceptable mentor under the cycle's hard rules")
    if code == "capacity":
        return _("Every acceptable mentor is already at capacity")
    if code == "no_mentors":
        return _("No mentor with room is enrolled in this tier")
    if code == "removed":
        return _("Taken out of the proposal by the coordinator; re-run matching to place again")
    if code == "blocked":
        return _("One of the two asked not to be paired with the other")
    if code == "no_shared_language":
        return _("No language in common (the cycle requires one)")
    if code == "year_gap":
        return _("The mentor is not at least %(n)s years ahead") % {"n": reason.get("years", 0)}
    if code == "forbidden":
        return _("The coordinator ruled this pair out")
    if code == "repeat":
        return _("They were paired in an earlier cycle")
    if code == "full":
        return _("The mentor has no place left")
    return str(reason.get("text", ""))


def reason(code: str, **params: Any) -> Reason:
    """A reason dict with its English text."""
    data: Reason = {"code": code, **params}
    if (translation.get_language() or "en").startswith("en"):
        data["text"] = reason_text(data)
    else:
        with translation.override("en"):
            data["text"] = reason_text(data)
    return data


def reason_texts(reasons: Iterable[Mapping[str, Any] | str] | None) -> list[str]:
    return [reason_text(r) for r in reasons or []]
