"""Validate JSON input once, at the edge, into the engine's dataclasses.

Every error names the offending item by its JSON path
(``mentors[3].capacity: ...``) so a coordinator can fix the file without
reading a traceback. Extra fields are allowed and ignored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from .availability import parse_week
from .errors import MatchingInputError
from .model import (
    MODALITIES,
    Criteria,
    GroupRules,
    Mentor,
    Modality,
    Person,
    Profile,
    ScoreEntry,
    Student,
    Weights,
)


def _obj(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise MatchingInputError(f"{where}: must be an object")
    return value


def _list(value: object, where: str) -> Sequence[object]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise MatchingInputError(f"{where}: must be a list")
    return value


def _str(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MatchingInputError(f"{where}: must be a non-empty string")
    return value


def _int(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise MatchingInputError(f"{where}: must be an integer (got {value!r})")
    return value


def _num(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise MatchingInputError(f"{where}: must be a number (got {value!r})")
    return float(value)


def _flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise MatchingInputError(f"{where}: must be true or false (got {value!r})")
    return value


def _strs(value: object, where: str) -> tuple[str, ...]:
    return tuple(_str(v, f"{where}[{k}]") for k, v in enumerate(_list(value, where)))


def _modality(value: object, where: str) -> Modality:
    if value is None:
        return "either"
    if value not in MODALITIES:
        raise MatchingInputError(f"{where}: must be one of virtual, in_person, either (got {value!r})")
    return cast(Modality, value)


def _ids(items: Sequence[object], side: str) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for k, item in enumerate(items):
        ident = _str(_obj(item, f"{side}[{k}]").get("id"), f"{side}[{k}].id")
        if ident in seen:
            raise MatchingInputError(f"{side}[{k}].id: duplicate id {ident!r}")
        seen.add(ident)
        out.append(ident)
    return out


def parse_profile(raw: object, where: str) -> Profile:
    d = _obj(raw, where)
    year = d.get("class_year")
    return Profile(
        specialties=_strs(d.get("specialties", []), f"{where}.specialties"),
        languages=_strs(d.get("languages", []), f"{where}.languages"),
        class_year=None if year is None else _int(year, f"{where}.class_year"),
        is_faculty=bool(d.get("is_faculty", False)),
        modality=_modality(d.get("modality"), f"{where}.modality"),
        availability=parse_week(d.get("availability"), where=f"{where}.availability"),
        requests=_strs(d.get("requests", []), f"{where}.requests"),
        blocks=_strs(d.get("blocks", []), f"{where}.blocks"),
    )


def parse_criteria(raw: object, where: str = "criteria") -> Criteria:
    if raw is None:
        return Criteria()
    d = _obj(raw, where)
    known = {
        "weights",
        "require_shared_language",
        "require_compatible_modality",
        "min_year_gap",
        "max_year_gap",
        "min_common_hours",
        "preferred_year_gap",
        "overlap_target_hours",
    }
    for key in d:
        if key not in known:
            raise MatchingInputError(f"{where}.{key}: unknown criterion (known: {', '.join(sorted(known))})")
    wd = _obj(d.get("weights", {}), f"{where}.weights")
    base = Weights()
    names = ("specialty", "language", "overlap", "year_gap", "modality", "request")
    for key in wd:
        if key not in names:
            raise MatchingInputError(f"{where}.weights.{key}: unknown weight (known: {', '.join(names)})")
    weights = {}
    for name in names:
        w = _num(wd.get(name, getattr(base, name)), f"{where}.weights.{name}")
        if w < 0:
            raise MatchingInputError(f"{where}.weights.{name}: must be >= 0 (got {w:g})")
        weights[name] = w
    gap = d.get("preferred_year_gap", [1, 3])
    gap_list = _list(gap, f"{where}.preferred_year_gap")
    if len(gap_list) != 2:
        raise MatchingInputError(f"{where}.preferred_year_gap: must be [low, high]")
    lo, hi = (_int(x, f"{where}.preferred_year_gap") for x in gap_list)
    min_gap, max_gap = d.get("min_year_gap"), d.get("max_year_gap")
    crit = Criteria(
        weights=Weights(**weights),
        require_shared_language=bool(d.get("require_shared_language", False)),
        require_compatible_modality=bool(d.get("require_compatible_modality", False)),
        min_year_gap=None if min_gap is None else _int(min_gap, f"{where}.min_year_gap"),
        max_year_gap=None if max_gap is None else _int(max_gap, f"{where}.max_year_gap"),
        min_common_hours=_num(d.get("min_common_hours", 0), f"{where}.min_common_hours"),
        preferred_year_gap=(lo, hi),
        overlap_target_hours=_num(d.get("overlap_target_hours", 4), f"{where}.overlap_target_hours"),
    )
    if crit.min_common_hours < 0:
        raise MatchingInputError(f"{where}.min_common_hours: must be >= 0")
    if (
        crit.min_year_gap is not None
        and crit.max_year_gap is not None
        and crit.min_year_gap > crit.max_year_gap
    ):
        raise MatchingInputError(f"{where}.max_year_gap: must be >= min_year_gap")
    return crit


@dataclass(frozen=True)
class MentorInput:
    mentees: tuple[Person, ...]
    mentors: tuple[Mentor, ...]
    scores: tuple[ScoreEntry, ...] | None
    criteria: Criteria
    locked: tuple[tuple[str, str], ...]
    forbidden: tuple[tuple[str, str], ...]


def _pairs(raw: object, where: str) -> tuple[tuple[str, str], ...]:
    out = []
    for k, item in enumerate(_list(raw, where)):
        d = _obj(item, f"{where}[{k}]")
        out.append(
            (_str(d.get("mentee"), f"{where}[{k}].mentee"), _str(d.get("mentor"), f"{where}[{k}].mentor"))
        )
    return tuple(out)


def parse_mentor_input(raw: object) -> MentorInput:
    """Validate a mentors document (see docs/matching.md)."""
    d = _obj(raw, "input")
    for side in ("mentors", "mentees"):
        if side not in d:
            raise MatchingInputError(f"{side}: missing")
    mentors_raw = _list(d["mentors"], "mentors")
    mentees_raw = _list(d["mentees"], "mentees")
    if not mentors_raw:
        raise MatchingInputError("mentors: empty pool")
    if not mentees_raw:
        raise MatchingInputError("mentees: empty pool")
    mentor_ids = set(_ids(mentors_raw, "mentors"))
    mentee_ids = set(_ids(mentees_raw, "mentees"))

    def ranking(
        item: Mapping[str, object], where: str, other: set[str], other_side: str
    ) -> tuple[str, ...] | None:
        if item.get("ranking") is None:
            return None
        ids = _strs(item["ranking"], f"{where}.ranking")
        seen: set[str] = set()
        for k, r in enumerate(ids):
            if r not in other:
                raise MatchingInputError(f"{where}.ranking[{k}]: unknown {other_side} id {r!r}")
            if r in seen:
                raise MatchingInputError(f"{where}.ranking[{k}]: {r!r} listed twice")
            seen.add(r)
        return ids

    def profile(item: Mapping[str, object], where: str, other: set[str], other_side: str) -> Profile | None:
        if item.get("profile") is None:
            return None
        prof = parse_profile(item["profile"], f"{where}.profile")
        for field_name in ("requests", "blocks"):
            for k, r in enumerate(getattr(prof, field_name)):
                if r not in other:
                    raise MatchingInputError(
                        f"{where}.profile.{field_name}[{k}]: unknown {other_side} id {r!r}"
                    )
        return prof

    mentors: list[Mentor] = []
    for k, item in enumerate(mentors_raw):
        where = f"mentors[{k}]"
        m = _obj(item, where)
        if "capacity" not in m:
            raise MatchingInputError(f"{where}.capacity: missing")
        cap = _int(m["capacity"], f"{where}.capacity")
        if cap < 0:
            raise MatchingInputError(f"{where}.capacity: must be >= 0 (got {cap})")
        mentors.append(
            Mentor(
                id=str(m["id"]),
                capacity=cap,
                ranking=ranking(m, where, mentee_ids, "mentee"),
                profile=profile(m, where, mentee_ids, "mentee"),
            )
        )
    mentees: list[Person] = []
    for k, item in enumerate(mentees_raw):
        where = f"mentees[{k}]"
        e = _obj(item, where)
        mentees.append(
            Person(
                id=str(e["id"]),
                ranking=ranking(e, where, mentor_ids, "mentor"),
                profile=profile(e, where, mentor_ids, "mentor"),
            )
        )
    scores: list[ScoreEntry] | None = None
    if d.get("scores") is not None:
        scores = []
        seen_pairs: set[tuple[str, str]] = set()
        for k, item in enumerate(_list(d["scores"], "scores")):
            s = _obj(item, f"scores[{k}]")
            e_id = _str(s.get("mentee"), f"scores[{k}].mentee")
            m_id = _str(s.get("mentor"), f"scores[{k}].mentor")
            if e_id not in mentee_ids:
                raise MatchingInputError(f"scores[{k}].mentee: unknown mentee id {e_id!r}")
            if m_id not in mentor_ids:
                raise MatchingInputError(f"scores[{k}].mentor: unknown mentor id {m_id!r}")
            if (e_id, m_id) in seen_pairs:
                raise MatchingInputError(f"scores[{k}]: duplicate pair ({e_id!r}, {m_id!r})")
            seen_pairs.add((e_id, m_id))
            scores.append(ScoreEntry(e_id, m_id, _num(s.get("score"), f"scores[{k}].score")))
    return MentorInput(
        mentees=tuple(mentees),
        mentors=tuple(mentors),
        scores=None if scores is None else tuple(scores),
        criteria=parse_criteria(d.get("criteria")),
        locked=_pairs(d.get("locked", []), "locked"),
        forbidden=_pairs(d.get("forbidden", []), "forbidden"),
    )


@dataclass(frozen=True)
class GroupInput:
    students: tuple[Student, ...]
    rules: GroupRules
    seed: int


def parse_group_input(raw: object) -> GroupInput:
    """Validate a groups document (see docs/matching.md)."""
    d = _obj(raw, "input")
    if "group_size" not in d:
        raise MatchingInputError('group_size: missing (expected {"min": n, "max": n})')
    gs = _obj(d["group_size"], "group_size")
    lo = _int(gs.get("min"), "group_size.min")
    hi = _int(gs.get("max"), "group_size.max")
    if lo < 1:
        raise MatchingInputError(f"group_size.min: must be >= 1 (got {lo})")
    if hi < lo:
        raise MatchingInputError(f"group_size: impossible bounds, max {hi} < min {lo}")
    min_hours = _num(d.get("min_common_hours", 0), "min_common_hours")
    if min_hours < 0:
        raise MatchingInputError(f"min_common_hours: must be >= 0 (got {min_hours:g})")
    if "students" not in d:
        raise MatchingInputError("students: missing")
    raw_students = _list(d["students"], "students")
    if not raw_students:
        raise MatchingInputError("students: empty pool")
    _ids(raw_students, "students")
    students = []
    for k, item in enumerate(raw_students):
        where = f"students[{k}]"
        s = _obj(item, where)
        course, goal, year = s.get("course"), s.get("goal"), s.get("class_year")
        if year is not None and _int(year, f"{where}.class_year") < 1:
            raise MatchingInputError(f"{where}.class_year: must be >= 1 (got {year!r})")
        students.append(
            Student(
                id=str(s["id"]),
                availability=parse_week(s.get("availability"), where=f"{where}.availability"),
                course=None if course is None else _str(course, f"{where}.course"),
                goal=None if goal is None else _str(goal, f"{where}.goal"),
                modality=_modality(s.get("modality"), f"{where}.modality"),
                attributes=_strs(s.get("attributes", []), f"{where}.attributes"),
                class_year=None if year is None else _int(year, f"{where}.class_year"),
            )
        )
    protect = d.get("protect_attributes")
    seed = _int(d.get("seed", 0), "seed")
    return GroupInput(
        students=tuple(students),
        rules=GroupRules(
            min_size=lo,
            max_size=hi,
            min_common_hours=min_hours,
            protect_attributes=None if protect is None else _strs(protect, "protect_attributes"),
            mix_years=_flag(d.get("mix_years", False), "mix_years"),
        ),
        seed=seed,
    )
