"""Compatibility scores for mentee-mentor pairs, and their reasons.

Two paths compute the same numbers: :func:`score_matrix` scores all N x M
pairs at once with numpy (the assignment needs them all), and
:func:`pair_breakdown` scores one pair in plain Python (for reasons, locked
pairs and tests). Both apply the operations in the same order in float64 and
round to integer units of 1e-4, so they agree exactly; a property test pins
this. Reasons are built only for the final matches, which keeps scoring fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .availability import as_matrix, describe, format_hours, hours, pairwise_overlap_blocks
from .model import SCORE_SCALE, Criteria, Mentor, Person, Profile

IntMatrix = npt.NDArray[np.int32]
BoolMatrix = npt.NDArray[np.bool_]

_EMPTY = Profile()
_ROW_CHUNK = 2048


def profile_of(person: Person) -> Profile:
    return person.profile if person.profile is not None else _EMPTY


def _clash(a: str, b: str) -> bool:
    return {a, b} == {"virtual", "in_person"}


@dataclass(frozen=True)
class Breakdown:
    """Every criterion of one pair: components in [0, 1], the score, exclusions."""

    shared_specialties: tuple[str, ...]
    shared_languages: tuple[str, ...]
    common_blocks: int
    year_gap: int | None
    modality_compatible: bool
    requested_by_mentee: bool
    requested_by_mentor: bool
    components: tuple[float, float, float, float, float, float]
    units: int
    excluded_because: tuple[str, ...]

    @property
    def score(self) -> float:
        return self.units / SCORE_SCALE


def _weighted_units(c: Sequence[float], criteria: Criteria) -> int:
    w = criteria.weights
    total = w.total()
    if total <= 0:
        return 0
    acc = w.specialty * c[0]
    acc = acc + w.language * c[1]
    acc = acc + w.overlap * c[2]
    acc = acc + w.year_gap * c[3]
    acc = acc + w.modality * c[4]
    acc = acc + w.request * c[5]
    return int(np.rint(acc / total * SCORE_SCALE))


def _overlap_component(blocks: float, criteria: Criteria) -> float:
    target = criteria.overlap_target_hours
    if target <= 0:
        return 1.0 if blocks > 0 else 0.0
    return min(blocks * 0.5, target) / target


def pair_breakdown(mentee: Person, mentor: Person, criteria: Criteria) -> Breakdown:
    """Score one pair in plain Python and say which hard rules it breaks."""
    e, m = profile_of(mentee), profile_of(mentor)
    e_spec, m_spec = set(e.specialties), set(m.specialties)
    shared_spec = tuple(sorted(e_spec & m_spec))
    shared_lang = tuple(sorted(set(e.languages) & set(m.languages)))
    blocks = int(np.logical_and(e.availability, m.availability).sum())
    gap = None if e.year is None or m.year is None else m.year - e.year
    compatible = not _clash(e.modality, m.modality)
    by_mentee = mentor.id in e.requests
    by_mentor = mentee.id in m.requests
    lo, hi = criteria.preferred_year_gap
    comps = (
        len(shared_spec) / len(e_spec) if e_spec else 0.0,
        1.0 if shared_lang else 0.0,
        _overlap_component(float(blocks), criteria),
        1.0 if gap is not None and lo <= gap <= hi else 0.0,
        1.0 if compatible else 0.0,
        1.0 if by_mentee or by_mentor else 0.0,
    )
    excluded: list[str] = []
    if mentor.id in e.blocks:
        excluded.append(f"{mentee.id} blocked {mentor.id}")
    if mentee.id in m.blocks:
        excluded.append(f"{mentor.id} blocked {mentee.id}")
    if criteria.require_shared_language and not shared_lang:
        excluded.append("no shared language")
    if criteria.require_compatible_modality and not compatible:
        excluded.append(f"modalities clash ({e.modality} vs {m.modality})")
    if criteria.min_year_gap is not None and (gap is None or gap < criteria.min_year_gap):
        excluded.append(f"mentor is not at least {criteria.min_year_gap} years senior")
    if criteria.max_year_gap is not None and (gap is None or gap > criteria.max_year_gap):
        excluded.append(f"mentor is more than {criteria.max_year_gap} years senior")
    if criteria.min_common_hours > 0 and hours(blocks) < criteria.min_common_hours:
        excluded.append(f"fewer than {format_hours(criteria.min_common_hours)}/week in common")
    return Breakdown(
        shared_specialties=shared_spec,
        shared_languages=shared_lang,
        common_blocks=blocks,
        year_gap=gap,
        modality_compatible=compatible,
        requested_by_mentee=by_mentee,
        requested_by_mentor=by_mentor,
        components=comps,
        units=_weighted_units(comps, criteria),
        excluded_because=tuple(excluded),
    )


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def reasons(mentee: Person, mentor: Person, criteria: Criteria) -> list[str]:
    """Plain-English reasons behind a pair's score, strongest criteria first."""
    b = pair_breakdown(mentee, mentor, criteria)
    e, m = profile_of(mentee), profile_of(mentor)
    out: list[str] = []
    if b.requested_by_mentee:
        out.append(f"{mentee.id} asked for {mentor.id}")
    if b.requested_by_mentor:
        out.append(f"{mentor.id} asked for {mentee.id}")
    if b.shared_specialties:
        out.append(f"both interested in {_join(b.shared_specialties)}")
    if b.shared_languages:
        out.append(f"both speak {_join(b.shared_languages)}")
    if b.common_blocks:
        common = np.logical_and(e.availability, m.availability)
        out.append(f"{format_hours(hours(b.common_blocks))}/week in common ({describe(common)})")
    if b.year_gap is not None and b.year_gap > 0:
        if m.is_faculty:
            out.append("faculty mentor")
        else:
            unit = "year" if b.year_gap == 1 else "years"
            out.append(f"mentor is {b.year_gap} {unit} senior")
    if e.modality == m.modality and e.modality != "either":
        out.append(f"both prefer {e.modality.replace('_', ' ')}")
    elif b.modality_compatible and (e.modality != "either" or m.modality != "either"):
        out.append("meeting modes compatible")
    if not out:
        out.append("no criterion in common; matched to place the mentee")
    return out


def _multi_hot(lists: Sequence[Iterable[str]], vocab: dict[str, int]) -> npt.NDArray[np.float32]:
    mat = np.zeros((len(lists), max(len(vocab), 1)), dtype=np.float32)
    for r, items in enumerate(lists):
        for item in set(items):
            mat[r, vocab[item]] = 1.0
    return mat


def _vocab(*groups: Sequence[Iterable[str]]) -> dict[str, int]:
    words = sorted({w for g in groups for items in g for w in items})
    return {w: k for k, w in enumerate(words)}


def score_matrix(
    mentees: Sequence[Person],
    mentors: Sequence[Mentor],
    criteria: Criteria,
) -> tuple[IntMatrix, BoolMatrix]:
    """Scores (int32, units of 1e-4) and hard-rule acceptability for all pairs.

    Work is chunked by mentee rows so the float64 temporaries stay small even
    for 20,000 x 5,000 pairs; only the int32 scores and the boolean mask are
    kept whole (about 500 MB at that size).
    """
    n, m = len(mentees), len(mentors)
    ep = [profile_of(p) for p in mentees]
    mp = [profile_of(p) for p in mentors]
    spec_vocab = _vocab([p.specialties for p in ep], [p.specialties for p in mp])
    lang_vocab = _vocab([p.languages for p in ep], [p.languages for p in mp])
    e_spec = _multi_hot([p.specialties for p in ep], spec_vocab)
    m_spec = _multi_hot([p.specialties for p in mp], spec_vocab)
    e_lang = _multi_hot([p.languages for p in ep], lang_vocab)
    m_lang = _multi_hot([p.languages for p in mp], lang_vocab)
    e_avail = as_matrix([p.availability for p in ep])
    m_avail = as_matrix([p.availability for p in mp])
    n_spec = e_spec.sum(axis=1, dtype=np.float64)
    e_year = np.array([np.nan if p.year is None else p.year for p in ep], dtype=np.float64)
    m_year = np.array([np.nan if p.year is None else p.year for p in mp], dtype=np.float64)
    e_virtual = np.array([p.modality == "virtual" for p in ep])
    e_inperson = np.array([p.modality == "in_person" for p in ep])
    m_virtual = np.array([p.modality == "virtual" for p in mp])
    m_inperson = np.array([p.modality == "in_person" for p in mp])

    mentor_index = {p.id: j for j, p in enumerate(mentors)}
    mentee_index = {p.id: i for i, p in enumerate(mentees)}
    requested: set[tuple[int, int]] = set()
    blocked: set[tuple[int, int]] = set()
    for i, p in enumerate(ep):
        requested.update((i, mentor_index[r]) for r in p.requests if r in mentor_index)
        blocked.update((i, mentor_index[r]) for r in p.blocks if r in mentor_index)
    for j, p in enumerate(mp):
        requested.update((mentee_index[r], j) for r in p.requests if r in mentee_index)
        blocked.update((mentee_index[r], j) for r in p.blocks if r in mentee_index)

    w = criteria.weights
    total_w = w.total()
    lo, hi = criteria.preferred_year_gap
    target = criteria.overlap_target_hours
    scores = np.zeros((n, m), dtype=np.int32)
    acceptable = np.ones((n, m), dtype=np.bool_)
    for r0 in range(0, n, _ROW_CHUNK):
        r1 = min(n, r0 + _ROW_CHUNK)
        rows = slice(r0, r1)
        shared_spec = (e_spec[rows] @ m_spec.T).astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            c_spec = np.where(n_spec[rows, None] > 0, shared_spec / n_spec[rows, None], 0.0)
        has_lang = (e_lang[rows] @ m_lang.T) > 0
        c_lang = has_lang.astype(np.float64)
        blocks = pairwise_overlap_blocks(e_avail[rows], m_avail).astype(np.float64)
        if target <= 0:
            c_over = (blocks > 0).astype(np.float64)
        else:
            c_over = np.minimum(blocks * 0.5, target) / target
        gap = m_year[None, :] - e_year[rows, None]
        with np.errstate(invalid="ignore"):
            c_year = ((gap >= lo) & (gap <= hi)).astype(np.float64)
        clash = (e_virtual[rows, None] & m_inperson[None, :]) | (e_inperson[rows, None] & m_virtual[None, :])
        c_mod = (~clash).astype(np.float64)
        c_req = np.zeros((r1 - r0, m), dtype=np.float64)
        for i, j in requested:
            if r0 <= i < r1:
                c_req[i - r0, j] = 1.0
        if total_w > 0:
            acc = w.specialty * c_spec
            acc = acc + w.language * c_lang
            acc = acc + w.overlap * c_over
            acc = acc + w.year_gap * c_year
            acc = acc + w.modality * c_mod
            acc = acc + w.request * c_req
            scores[rows] = np.rint(acc / total_w * SCORE_SCALE).astype(np.int32)
        ok = acceptable[rows]
        if criteria.require_shared_language:
            ok &= has_lang
        if criteria.require_compatible_modality:
            ok &= ~clash
        with np.errstate(invalid="ignore"):
            if criteria.min_year_gap is not None:
                ok &= gap >= criteria.min_year_gap
            if criteria.max_year_gap is not None:
                ok &= gap <= criteria.max_year_gap
        if criteria.min_common_hours > 0:
            ok &= blocks * 0.5 >= criteria.min_common_hours
    for i, j in blocked:
        acceptable[i, j] = False
    return scores, acceptable
