"""Why a pair was made (or a mentee left unmatched), in plain words: worded here and only here.

Reasons are stored as small dicts — a ``code`` plus its numbers and names —
and put into words when shown, so each reader sees them in their own
language and from their own side of the pair. The common-hours reason keeps
*which* half-hours overlap as data, and says them only to a reader allowed
to see both people's availability; others learn that the times overlap and
by how much, not when.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huddle.accounts.availability import WEEK_BYTES
from huddle.accounts.models import Modality
from huddle.accounts.selectors import week_as_days

type Reason = dict[str, Any]

#: At most this many runs of common time are spelled out.
WHEN_LIMIT = 3


def reason(code: str, **params: Any) -> Reason:
    """A reason as stored: its code and the data to word it from."""
    return {"code": code, **params}


def blocks_hex(week: np.ndarray) -> str:
    """A 336-block bool vector (Monday 00:00 first) as the 84 hex digits stored in a reason."""
    return np.packbits(np.asarray(week, dtype=np.uint8), bitorder="little").tobytes().hex()


@dataclass(frozen=True)
class Reader:
    """Who reads the reasons: staff (third person) or one side of the pair.

    ``sees_times`` says whether this reader may see both people's weekly
    availability (the owners' visibility choices decide).
    """

    side: str = ""  # "mentee", "mentor", or "" for program staff
    partner: str = ""
    sees_times: bool = False


STAFF = Reader()


def _names(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _hours(value: Any) -> str:
    return f"{float(value):g}"


def _when(data: Mapping[str, Any]) -> str:
    """The common half-hours, day by day in the reader's language (empty when unknown)."""
    raw = data.get("blocks")
    if not isinstance(raw, str) or len(raw) != 2 * WEEK_BYTES:
        return ""
    try:
        days = week_as_days(bytes.fromhex(raw))
    except ValueError:
        return ""
    runs = [f"{day.day} {span}" for day in days for span in day.ranges]
    text = ", ".join(runs[:WHEN_LIMIT])
    if len(runs) > WHEN_LIMIT:
        text = _("%(runs)s and %(n)d more") % {"runs": text, "n": len(runs) - WHEN_LIMIT}
    return text


def _modality(data: Mapping[str, Any]) -> str:
    value = data.get("modality", "")
    return str(dict(Modality.choices).get(value, value)).lower()


def _senior(data: Mapping[str, Any], reader: Reader) -> str:
    years = int(data.get("years", 0))
    return ngettext("The mentor is %(n)d year ahead", "The mentor is %(n)d years ahead", years) % {"n": years}


#: The wording for program staff (and the fallback for codes a member never sees),
#: built once: each entry takes the reason's data and the reader.
_STAFF: dict[str, Callable[[Mapping[str, Any], Reader], str]] = {
    "locked": lambda d, r: _("Placed by the coordinator"),
    "chosen": lambda d, r: _("The mentee chose this mentor, who accepted"),
    "rematched": lambda d, r: _("Re-paired by the coordinator"),
    "asked_by_mentee": lambda d, r: _("The mentee asked for this mentor"),
    "asked_by_mentor": lambda d, r: _("The mentor asked for this mentee"),
    "specialties": lambda d, r: _("Both interested in %(names)s") % {"names": _names(d.get("names", []))},
    "languages": lambda d, r: _("Both speak %(names)s") % {"names": _names(d.get("names", []))},
    "hours": lambda d, r: _hours_text(d, r),
    "faculty": lambda d, r: _("A faculty mentor"),
    "senior": _senior,
    "same_modality": lambda d, r: _("Both prefer to meet: %(modality)s") % {"modality": _modality(d)},
    "compatible_modality": lambda d, r: _("Compatible ways of meeting"),
    "none": lambda d, r: _("No criterion in common; paired so that every mentee has a mentor"),
    # Why a mentee is unmatched or a mentor cannot take them.
    "low_hours": lambda d, r: _("Painted less than %(minimum)s h/week of availability (%(hours)s h)")
    % {"minimum": _hours(d.get("minimum", 0)), "hours": _hours(d.get("hours", 0))},
    "no_acceptable": lambda d, r: _("No acceptable mentor under the cycle's hard rules"),
    "capacity": lambda d, r: _("Every acceptable mentor is already at capacity"),
    "no_mentors": lambda d, r: _("No mentor with room is enrolled in this tier"),
    "removed": lambda d, r: _("Taken out of the proposal by the coordinator; re-run matching to place again"),
    "blocked": lambda d, r: _("One of the two asked not to be paired with the other"),
    "no_shared_language": lambda d, r: _("No language in common (the cycle requires one)"),
    "year_gap": lambda d, r: _("The mentor is not at least %(n)s years ahead") % {"n": d.get("years", 0)},
    "forbidden": lambda d, r: _("The coordinator ruled this pair out"),
    "repeat": lambda d, r: _("They were paired in an earlier cycle"),
    "full": lambda d, r: _("The mentor has no place left"),
}


def _staff_text(code: str, data: Mapping[str, Any], reader: Reader) -> str | None:
    make = _STAFF.get(code)
    return make(data, reader) if make else None


def _hours_text(data: Mapping[str, Any], reader: Reader) -> str:
    when = _when(data) if reader.sees_times else ""
    hours = _hours(data.get("hours", 0))
    if reader.side:
        if when:
            return _("You are both free at the same times, %(hours)s hours a week (%(when)s).") % {
                "hours": hours,
                "when": when,
            }
        return _("You are both free at the same times, %(hours)s hours a week.") % {"hours": hours}
    if when:
        return _("%(hours)s h a week free at the same time (%(when)s)") % {"hours": hours, "when": when}
    return _("%(hours)s h a week free at the same time") % {"hours": hours}


def _member_text(code: str, data: Mapping[str, Any], reader: Reader) -> str | None:
    """The wording for one side of the pair, about the other."""
    as_mentee = reader.side == "mentee"
    partner = {"name": reader.partner}
    if code in ("asked_by_mentee", "asked_by_mentor"):
        if (code == "asked_by_mentee") == as_mentee:
            return _("You asked to be paired with %(name)s.") % partner
        return _("%(name)s asked to be paired with you.") % partner
    if code == "chosen":
        return (_("You chose %(name)s, who accepted.") if as_mentee else _("%(name)s chose you, and you accepted.")) % (
            partner
        )
    if code in ("locked", "rematched"):
        return _("Your program coordinator chose this pairing.")
    if code == "specialties":
        return _("You are both interested in %(names)s.") % {"names": _names(data.get("names", []))}
    if code == "languages":
        return _("You both speak %(names)s.") % {"names": _names(data.get("names", []))}
    if code == "hours":
        return _hours_text(data, reader)
    if code == "faculty":
        return _("Your mentor is a member of the faculty.") if as_mentee else _("You mentor as faculty.")
    if code == "senior":
        years = int(data.get("years", 0))
        if as_mentee:
            text = ngettext(
                "Your mentor is %(n)d year ahead of you.", "Your mentor is %(n)d years ahead of you.", years
            )
        else:
            text = ngettext(
                "You are %(n)d year ahead of your mentee.", "You are %(n)d years ahead of your mentee.", years
            )
        return text % {"n": years}
    if code == "same_modality":
        return _("You both prefer to meet: %(how)s.") % {"how": _modality(data)}
    if code == "compatible_modality":
        return _("Your preferred ways of meeting fit together.")
    if code == "none":
        return _("Your profiles had little in common; the program paired you so that every mentee has a mentor.")
    return None


def reason_text(item: Mapping[str, Any] | str, reader: Reader = STAFF) -> str:
    """One reason in the active language, for this reader."""
    if isinstance(item, str):
        return item
    code = str(item.get("code", ""))
    text = _member_text(code, item, reader) if reader.side else None
    return text or _staff_text(code, item, reader) or str(item.get("text", ""))


def reason_texts(reasons: Iterable[Mapping[str, Any] | str] | None, reader: Reader = STAFF) -> list[str]:
    """Every reason worded once for this reader, without repeats."""
    out: list[str] = []
    for item in reasons or []:
        text = reason_text(item, reader).strip()
        if text and text not in out:
            out.append(text)
    return out


def refusal_sentence(refusals: Iterable[Mapping[str, Any]]) -> str:
    """Hard rules a pair breaks, as one clause for an error message."""
    return "; ".join(reason_text(r).rstrip(".").lower() for r in refusals)
