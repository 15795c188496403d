"""Compatibility scores for mentee-mentor pairs, and their reasons.

Two paths compute the same numbers: :func:`score_matrix` scores all N x M
pairs at once with numpy (the assignment needs them all), and
:func:`pair_breakdown` scores one pair in plain Python (for reasons, locked
pairs and tests). Both apply the operations in the same order in float64 and
round to integer units of 1e-4, so they agree exactly; a property test pins
this. Reasons are built only for the final matches, which keeps scoring fast.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .availability import BLOCKS_PER_WEEK, as_matrix, bit_blocks, hours, to_bits
from .errors import MatchingInputError
from .model import SCORE_SCALE, Criteria, Mentor, Person, Profile
from .reasons import Reason, reason
from .reasons import ReasonCode as C

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
    excluded_because: tuple[Reason, ...]

    @property
    def score(self) -> float:
        return self.units / SCORE_SCALE


def component_units(weight: float, component: float, criteria: Criteria) -> int:
    """One criterion's contribution in integer units of 1e-4.

    Each criterion is rounded on its own and the units are summed, so the
    vectorised path can use exact lookup tables; the total differs from the
    unrounded weighted mean by at most 3e-4.
    """
    total = criteria.weights.total()
    if total <= 0:
        return 0
    return int(np.rint(weight * component / total * SCORE_SCALE))


def _weighted_units(c: Sequence[float], criteria: Criteria) -> int:
    w = criteria.weights
    ws = (w.specialty, w.language, w.overlap, w.year_gap, w.modality, w.request)
    return sum(component_units(wk, ck, criteria) for wk, ck in zip(ws, c, strict=False))


def score_bound(criteria: Criteria) -> int:
    """An upper bound on ``|score|`` (units) of any pair :func:`score_matrix`
    accepts: each component lies in [0, 1], and a request adds its units once more."""
    w = criteria.weights
    ws = (w.specialty, w.language, w.overlap, w.year_gap, w.modality, w.request, w.request)
    return sum(abs(component_units(wk, 1.0, criteria)) + 1 for wk in ws)


def _overlap_component(blocks: float, criteria: Criteria) -> float:
    target = criteria.overlap_target_hours
    if target <= 0:
        return 1.0 if blocks > 0 else 0.0
    return min(blocks * 0.5, target) / target


def pair_breakdown(mentee: Person, mentor: Person, criteria: Criteria) -> Breakdown:
    """Score one pair in plain Python and say which hard rules it breaks."""
    e, m = profile_of(mentee), profile_of(mentor)
    return _breakdown(mentee, mentor, criteria, int(np.logical_and(e.availability, m.availability).sum()))


def _breakdown(mentee: Person, mentor: Person, criteria: Criteria, blocks: int) -> Breakdown:
    e, m = profile_of(mentee), profile_of(mentor)
    e_spec, m_spec = set(e.specialties), set(m.specialties)
    shared_spec = tuple(sorted(e_spec & m_spec))
    shared_lang = tuple(sorted(set(e.languages) & set(m.languages)))
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
    excluded: list[Reason] = []
    if mentor.id in e.blocks:
        excluded.append(reason(C.BLOCKED_BY_MENTEE, mentee=mentee.id, mentor=mentor.id))
    if mentee.id in m.blocks:
        excluded.append(reason(C.BLOCKED_BY_MENTOR, mentor=mentor.id, mentee=mentee.id))
    if criteria.require_shared_language and not shared_lang:
        excluded.append(reason(C.NO_SHARED_LANGUAGE))
    if criteria.require_compatible_modality and not compatible:
        excluded.append(reason(C.MODALITY_CLASH, mentee_modality=e.modality, mentor_modality=m.modality))
    if criteria.min_year_gap is not None and (gap is None or gap < criteria.min_year_gap):
        excluded.append(reason(C.YEAR_GAP_BELOW_MIN, min_years=criteria.min_year_gap, years=gap))
    if criteria.max_year_gap is not None and (gap is None or gap > criteria.max_year_gap):
        excluded.append(reason(C.YEAR_GAP_ABOVE_MAX, max_years=criteria.max_year_gap, years=gap))
    if criteria.min_common_hours > 0 and hours(blocks) < criteria.min_common_hours:
        excluded.append(reason(C.TOO_FEW_COMMON_HOURS, min_hours=criteria.min_common_hours, hours=hours(blocks)))
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


def reasons(mentee: Person, mentor: Person, criteria: Criteria) -> list[Reason]:
    """The criteria behind a pair's score, strongest first (see :class:`.reasons.ReasonCode`)."""
    e, m = profile_of(mentee), profile_of(mentor)
    return reasons_from_bits(mentee, mentor, criteria, to_bits(e.availability) & to_bits(m.availability))


def reasons_from_bits(mentee: Person, mentor: Person, criteria: Criteria, common: int) -> list[Reason]:
    """:func:`reasons` given the pair's common week packed as bits (see
    :func:`~huddle.matching.availability.to_bits`): pure Python, for the
    final matches of large runs, where per-pair numpy calls would dominate."""
    b = _breakdown(mentee, mentor, criteria, common.bit_count())
    e, m = profile_of(mentee), profile_of(mentor)
    out: list[Reason] = []
    if b.requested_by_mentee:
        out.append(reason(C.REQUESTED_BY_MENTEE, mentee=mentee.id, mentor=mentor.id))
    if b.requested_by_mentor:
        out.append(reason(C.REQUESTED_BY_MENTOR, mentor=mentor.id, mentee=mentee.id))
    if b.shared_specialties:
        out.append(reason(C.SHARED_SPECIALTIES, specialties=b.shared_specialties))
    if b.shared_languages:
        out.append(reason(C.SHARED_LANGUAGES, languages=b.shared_languages))
    if b.common_blocks:
        out.append(reason(C.COMMON_HOURS, hours=hours(b.common_blocks), blocks=bit_blocks(common)))
    if b.year_gap is not None and b.year_gap > 0:
        out.append(reason(C.FACULTY) if m.is_faculty else reason(C.SENIORITY, years=b.year_gap))
    if e.modality == m.modality and e.modality != "either":
        out.append(reason(C.SAME_MODALITY, modality=e.modality))
    elif b.modality_compatible and (e.modality != "either" or m.modality != "either"):
        out.append(reason(C.COMPATIBLE_MODALITY))
    if not out:
        out.append(reason(C.NO_CRITERION))
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

    Every criterion depends on a few small integers per pair, so the score
    is two exact table look-ups instead of a dozen float passes:

    * one float32 matrix product packs, per pair, the common blocks, the
      shared specialties, the shared languages and the mentee's number of
      specialties into one integer code (exact: all codes stay below 2**24),
      looked up in a table of their units (or a "rejected" sentinel);
    * year and modality depend only on each side's (year, modality) category,
      looked up in a small category-by-category table.

    Tables are filled by the scalar formulas of :func:`pair_breakdown`, so both
    paths agree exactly. Rows are processed in chunks on two threads (numpy
    and BLAS release the GIL); only the int32 scores and the boolean mask are
    kept whole (about 500 MB for 20,000 x 5,000).
    """
    n, m = len(mentees), len(mentors)
    ep = [profile_of(p) for p in mentees]
    mp = [profile_of(p) for p in mentors]
    w = criteria.weights
    spec_vocab = _vocab([p.specialties for p in ep], [p.specialties for p in mp])
    lang_vocab = _vocab([p.languages for p in ep], [p.languages for p in mp])
    e_spec = _multi_hot([p.specialties for p in ep], spec_vocab)
    m_spec = _multi_hot([p.specialties for p in mp], spec_vocab)
    e_lang = _multi_hot([p.languages for p in ep], lang_vocab)
    m_lang = _multi_hot([p.languages for p in mp], lang_vocab)
    e_avail = as_matrix([p.availability for p in ep])
    m_avail = as_matrix([p.availability for p in mp])
    # Only blocks where someone on each side is free can overlap.
    live = (e_avail.sum(axis=0) > 0) & (m_avail.sum(axis=0) > 0)
    n_spec = e_spec.sum(axis=1).astype(np.int64)

    # Code = blocks + B * (shared_spec + S * (shared_lang + L * n_spec)).
    B = BLOCKS_PER_WEEK + 1
    S = int(n_spec.max(initial=0)) + 1
    L = int(e_lang.sum(axis=1).max(initial=0)) + 1
    rejected = np.int32(-(1 << 28))
    min_blocks = math.ceil(criteria.min_common_hours * 2 - 1e-9) if criteria.min_common_hours > 0 else 0
    over_units = np.array(
        [component_units(w.overlap, _overlap_component(float(b), criteria), criteria) for b in range(B)],
        dtype=np.int32,
    )
    over_units[:min_blocks] = rejected
    table = np.empty((S, L, S, B), dtype=np.int32)  # [n_spec, lang, spec, blocks]
    for k in range(S):
        for lg in range(L):
            lang_u = component_units(w.language, 1.0 if lg else 0.0, criteria)
            lang_bad = criteria.require_shared_language and lg == 0
            for sh in range(S):
                spec_u = component_units(w.specialty, (sh / k) if k else 0.0, criteria)
                table[k, lg, sh] = rejected if lang_bad else over_units + (spec_u + lang_u)
    flat_table = table.ravel()
    e_feat = np.hstack(
        [
            e_avail[:, live],
            e_spec * B,
            e_lang * (B * S),
            (n_spec * (B * S * L)).astype(np.float32)[:, None],
        ]
    ).astype(np.float32)
    m_feat = np.hstack([m_avail[:, live], m_spec, m_lang, np.ones((m, 1), dtype=np.float32)]).astype(
        np.float32
    )
    if flat_table.size >= 1 << 24:  # pragma: no cover - needs dozens of specialties per person
        raise MatchingInputError("profiles: too many specialties or languages per person to score")

    def category(p: Profile) -> tuple[int | None, str]:
        return (p.year, p.modality)

    e_cats = sorted({category(p) for p in ep}, key=repr)
    m_cats = sorted({category(p) for p in mp}, key=repr)
    cat_table = np.zeros((len(e_cats), len(m_cats)), dtype=np.int32)
    lo, hi = criteria.preferred_year_gap
    for a, (ey, emod) in enumerate(e_cats):
        for b, (my, mmod) in enumerate(m_cats):
            gap = None if ey is None or my is None else my - ey
            clash = _clash(emod, mmod)
            bad = (
                (criteria.require_compatible_modality and clash)
                or (criteria.min_year_gap is not None and (gap is None or gap < criteria.min_year_gap))
                or (criteria.max_year_gap is not None and (gap is None or gap > criteria.max_year_gap))
            )
            units = component_units(w.year_gap, 1.0 if gap is not None and lo <= gap <= hi else 0.0, criteria)
            units += component_units(w.modality, 0.0 if clash else 1.0, criteria)
            cat_table[a, b] = rejected if bad else units
    e_cat_index = {c: k for k, c in enumerate(e_cats)}
    m_cat_index = {c: k for k, c in enumerate(m_cats)}
    e_cat = np.array([e_cat_index[category(p)] for p in ep], dtype=np.intp)
    m_cat = np.array([m_cat_index[category(p)] for p in mp], dtype=np.intp)

    scores = np.empty((n, m), dtype=np.int32)
    acceptable = np.empty((n, m), dtype=np.bool_)

    def work(r0: int) -> None:
        r1 = min(n, r0 + _ROW_CHUNK)
        codes = (e_feat[r0:r1] @ m_feat.T).astype(np.intp)
        out = scores[r0:r1]
        np.take(flat_table, codes, out=out)
        out += cat_table[e_cat[r0:r1]][:, m_cat]
        np.greater_equal(out, 0, out=acceptable[r0:r1])

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(work, range(0, n, _ROW_CHUNK)))

    mentor_index = {p.id: j for j, p in enumerate(mentors)}
    mentee_index = {p.id: i for i, p in enumerate(mentees)}
    u_req = component_units(w.request, 1.0, criteria)
    requested: set[tuple[int, int]] = set()
    blocked: set[tuple[int, int]] = set()
    for i, p in enumerate(ep):
        requested.update((i, mentor_index[r]) for r in p.requests if r in mentor_index)
        blocked.update((i, mentor_index[r]) for r in p.blocks if r in mentor_index)
    for j, p in enumerate(mp):
        requested.update((mentee_index[r], j) for r in p.requests if r in mentee_index)
        blocked.update((mentee_index[r], j) for r in p.blocks if r in mentee_index)
    for i, j in requested:
        scores[i, j] += u_req
    for i, j in blocked:
        acceptable[i, j] = False
    return scores, acceptable
