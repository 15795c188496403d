"""Why a proposed group is what it is (or a student is in none), worded here and only here.

The engine and this app store reasons as small dicts — a ``code`` plus its
data — and they are put into words when a page is drawn, in the reader's
language and on the reader's clock: the common half-hours are kept as block
numbers in the school's zone and said in the reader's zone, so "Tuesday
18:00" means the same instant to every coordinator. The engine's own
English wording (``huddle.matching.wording``) is for its command line only.

Reasons can name a protected attribute ("First-generation student: only
one in the group"); they are shown to coordinators only, on the proposal.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huddle.accounts.availability import BLOCKS_PER_DAY, DAYS
from huddle.accounts.models import ClassYear
from huddle.accounts.selectors import DAY_NAMES, EN_DASH
from huddle.groups import weeks
from huddle.groups.models import Goal

type Reason = dict[str, Any]

#: At most this many runs of common time are spelled out.
WHEN_LIMIT = 3

#: Codes that mean the group breaks one of the pool's rules (a warning badge).
RULE_BROKEN = frozenset({"protected_alone", "same_year_only"})
#: Codes that mean the group has less time in common than the pool asks.
SHORT_OF_TIME = frozenset({"below_min_hours"})


def reason(code: str, **data: Any) -> Reason:
    """A reason as stored: its code and the data to word it from."""
    return {"code": code, **data}


def _hours(value: Any) -> str:
    return f"{float(value or 0):g}"


def _clock(block: int) -> str:
    return f"{block // 2:02d}:{block % 2 * 30:02d}"


def when_text(week: int, *, zone: str, at: datetime, limit: int = WHEN_LIMIT) -> str:
    """A school's-zone week said as runs on ``zone``'s clock: "Tuesday 18:00–20:00, Thursday 18:00–19:30"."""
    runs = weeks.runs(weeks.from_school_zone(week, zone, at))
    words = [
        f"{DAY_NAMES[DAYS[first // BLOCKS_PER_DAY]]} {_clock(first % BLOCKS_PER_DAY)}{EN_DASH}"
        f"{_clock(end - (first // BLOCKS_PER_DAY) * BLOCKS_PER_DAY)}"
        for first, end in runs
    ]
    text = ", ".join(words[:limit])
    if len(words) > limit:
        text = _("%(runs)s and %(n)d more") % {"runs": text, "n": len(words) - limit}
    return text


def blocks_week(data: Mapping[str, Any]) -> int:
    """The ``blocks`` of a common-hours reason as a week int (school's zone)."""
    out = 0
    for b in data.get("blocks") or ():
        if isinstance(b, int) and 0 <= b < BLOCKS_PER_DAY * len(DAYS):
            out |= 1 << b
    return out


def _goal(value: Any) -> str:
    return str(dict(Goal.choices).get(str(value), value))


def _how(value: Any) -> str:
    return _("virtually") if value == "virtual" else _("in person")


def _years(values: Iterable[Any]) -> str:
    labels = dict(ClassYear.choices)
    return ", ".join(str(labels.get(v, v)) for v in values)


class Reader:
    """Who reads: their zone (for the common times) and the instant the offsets are taken at."""

    def __init__(self, *, zone: str, at: datetime) -> None:
        self.zone = zone
        self.at = at


def _common(d: Mapping[str, Any], r: Reader) -> str:
    n, hours = int(d.get("members", 0)), _hours(d.get("hours"))
    when = when_text(blocks_week(d), zone=r.zone, at=r.at)
    return ngettext(
        "%(n)d member, free %(hours)s h a week: %(when)s",
        "All %(n)d share %(hours)s h a week: %(when)s",
        n,
    ) % {"n": n, "hours": hours, "when": when}


_TEXT: dict[str, Callable[[Mapping[str, Any], Reader], str]] = {
    "group_common_hours": _common,
    "group_no_common_time": lambda d, r: _("No time in the week when all %(n)d are free") % {"n": d.get("members", 0)},
    "below_min_hours": lambda d, r: (
        _("Below the minimum: %(hours)s of %(minimum)s h a week in common")
        % {"hours": _hours(d.get("hours")), "minimum": _hours(d.get("min_hours"))}
    ),
    "same_course": lambda d, r: _("All in %(course)s") % {"course": d.get("course", "")},
    "same_goal": lambda d, r: _("Same goal: %(goal)s") % {"goal": _goal(d.get("goal"))},
    "all_either_modality": lambda d, r: _("Everyone can meet virtually or in person"),
    "mixed_modalities": lambda d, r: _("Some can meet only virtually, others only in person"),
    "all_prefer_modality": lambda d, r: _("Everyone prefers to meet %(how)s") % {"how": _how(d.get("modality"))},
    "all_can_meet": lambda d, r: _("Everyone can meet %(how)s") % {"how": _how(d.get("modality"))},
    "protected_together": lambda d, r: (
        _("%(attribute)s: %(n)d together") % {"attribute": d.get("attribute", ""), "n": d.get("count", 0)}
    ),
    "protected_alone": lambda d, r: (
        _("%(attribute)s: only one in the group (breaks the rule)") % {"attribute": d.get("attribute", "")}
    ),
    "mixed_years": lambda d, r: _("Class years mixed: %(years)s") % {"years": _years(d.get("years") or ())},
    "same_year_only": lambda d, r: (
        _("Everyone is in %(year)s: the pool asks for a mix of class years (breaks the rule)")
        % {"year": _years([d.get("year")])}
    ),
    "pool_does_not_split": lambda d, r: (
        _("%(students)s students cannot all be split into groups of %(lo)s to %(hi)s; %(left)s left over")
        % {
            "students": d.get("students", 0),
            "lo": d.get("min_size", 0),
            "hi": d.get("max_size", 0),
            "left": d.get("unplaced", 0),
        }
    ),
    # Written by this app, not the engine.
    "locked": lambda d, r: _("Locked by a coordinator: kept as it is through re-runs"),
    "moved": lambda d, r: _("Changed by hand since the run"),
    "removed": lambda d, r: _("Taken out of the groups by a coordinator"),
    "late": lambda d, r: _("Opted in after the last run; run again to place them"),
    "not_run": lambda d, r: _("The engine has not run yet"),
}


def reason_text(item: Mapping[str, Any], reader: Reader) -> str:
    """One reason in the active language, for this reader (an unknown code says nothing)."""
    make = _TEXT.get(str(item.get("code", "")))
    return make(item, reader) if make else ""


def reason_texts(reasons: Iterable[Mapping[str, Any]] | None, reader: Reader) -> list[str]:
    """Every reason worded once, without repeats or blanks."""
    out: list[str] = []
    for item in reasons or []:
        if not isinstance(item, Mapping):
            continue
        text = reason_text(item, reader).strip()
        if text and text not in out:
            out.append(text)
    return out
