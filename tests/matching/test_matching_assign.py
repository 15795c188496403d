"""Mentor assignment: examples, locks, and properties against brute force."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huddle.matching import (
    MatchingInputError,
    Mentor,
    MentorResult,
    Person,
    Reason,
    ReasonCode,
    ScoreEntry,
    match_mentors,
    parse_mentor_input,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "matching"


def _run(name: str, mode: str) -> MentorResult:
    data = parse_mentor_input(json.loads((EXAMPLES / name).read_text()))
    return match_mentors(data.mentees, data.mentors, data.criteria, mode, scores=data.scores)  # type: ignore[arg-type]


def _pairs(result: MentorResult) -> dict[str, str]:
    return {m.mentee: m.mentor for m in result.matches}


def test_optimal_maximises_total_score_among_full_matchings() -> None:
    result = _run("mentors-optimal.json", "optimal")
    # Everyone is matched (3 places, 3 mentees); 0.6 + 0.4 + 0.8 beats 0.9 + 0.4 + 0.3.
    assert _pairs(result) == {"ana": "dr-okafor", "ben": "dr-okafor", "chen": "ms4-patel"}
    assert result.stats["total_score"] == 1.8


def test_stable_follows_the_rankings_and_says_so() -> None:
    result = _run("mentors-stable.json", "stable")
    assert _pairs(result) == {"ana": "dr-okafor", "ben": "dr-okafor", "chen": "ms4-patel"}
    ana = result.matches[0]
    assert ana.reasons == (
        Reason(ReasonCode.MENTEE_RANKED, {"mentee": "ana", "mentor": "dr-okafor", "rank": 2, "of": 2}),
        Reason(ReasonCode.MENTOR_RANKED, {"mentor": "dr-okafor", "mentee": "ana", "rank": 1, "of": 3}),
    )


def test_stable_from_scores_gives_the_best_scored_mentor_first() -> None:
    result = _run("mentors-optimal.json", "stable")
    assert _pairs(result) == {"ana": "ms4-patel", "ben": "dr-okafor", "chen": "dr-okafor"}


def test_it_reruns_around_locks_and_forbidden_pairs() -> None:
    data = parse_mentor_input(json.loads((EXAMPLES / "mentors-optimal.json").read_text()))
    result = match_mentors(
        data.mentees,
        data.mentors,
        mode="optimal",
        scores=data.scores,
        locked=[("chen", "dr-okafor")],
        forbidden=[("ben", "dr-okafor")],
    )
    assert _pairs(result) == {"ana": "ms4-patel", "chen": "dr-okafor"}
    assert [u.mentee for u in result.unmatched] == ["ben"]
    assert result.unmatched[0].reason == Reason(ReasonCode.NO_ACCEPTABLE_MENTOR)
    locked = next(m for m in result.matches if m.mentee == "chen")
    assert locked.locked and locked.reasons[0] == Reason(ReasonCode.LOCKED)
    assert locked.reasons[1] == Reason(ReasonCode.SCORE_GIVEN, {"score": 0.3})


def test_it_says_when_mentors_are_at_capacity() -> None:
    mentees = [Person("a"), Person("b")]
    mentors = [Mentor("m", capacity=1)]
    scores = [ScoreEntry("a", "m", 1.0), ScoreEntry("b", "m", 0.5)]
    for mode in ("optimal", "stable"):
        result = match_mentors(mentees, mentors, mode=mode, scores=scores)  # type: ignore[arg-type]
        assert [(u.mentee, u.reason.code) for u in result.unmatched] == [("b", ReasonCode.MENTORS_FULL)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"locked": [("zed", "m")]}, r"locked\[0\]: unknown mentee id 'zed'"),
        ({"forbidden": [("a", "nobody")]}, r"forbidden\[0\]: unknown mentor id 'nobody'"),
        ({"locked": [("a", "m"), ("b", "m")]}, r"locked\[1\]: mentor 'm' has no capacity left"),
    ],
)
def test_it_rejects_bad_locks(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(MatchingInputError, match=message):
        match_mentors([Person("a"), Person("b")], [Mentor("m", capacity=1)], **kwargs)  # type: ignore[arg-type]


def test_it_rejects_negative_capacity_and_duplicates() -> None:
    with pytest.raises(MatchingInputError, match=r"mentors\[0\].capacity"):
        match_mentors([Person("a")], [Mentor("m", capacity=-1)])
    with pytest.raises(MatchingInputError, match=r"mentees\[1\].id: duplicate id 'a'"):
        match_mentors([Person("a"), Person("a")], [Mentor("m", capacity=1)])


# ------------------------------------------------------------ properties


@st.composite
def markets(draw: st.DrawFn, max_mentees: int = 4, max_mentors: int = 3) -> dict[str, object]:
    """Tiny instances: explicit scores (with ties) or explicit rankings."""
    n = draw(st.integers(1, max_mentees))
    m = draw(st.integers(1, max_mentors))
    e_ids = [f"e{i}" for i in range(n)]
    m_ids = [f"m{j}" for j in range(m)]
    caps = [draw(st.integers(0, 2)) for _ in m_ids]
    if draw(st.booleans()):
        pairs = [p for p in itertools.product(e_ids, m_ids) if draw(st.booleans())]
        scores = [
            ScoreEntry(e, r, draw(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, -0.5]))) for e, r in pairs
        ]
        mentees = [Person(e) for e in e_ids]
        mentors = [Mentor(r, capacity=c) for r, c in zip(m_ids, caps, strict=False)]
        return {"mentees": mentees, "mentors": mentors, "scores": scores}
    mentees = [
        Person(e, ranking=tuple(draw(st.permutations(m_ids))[: draw(st.integers(0, m))])) for e in e_ids
    ]
    mentors = [
        Mentor(r, ranking=tuple(draw(st.permutations(e_ids))[: draw(st.integers(0, n))]), capacity=c)
        for r, c in zip(m_ids, caps, strict=False)
    ]
    return {"mentees": mentees, "mentors": mentors, "scores": None}


def _preferences(
    market: dict[str, object],
) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[tuple[str, str], float]]:
    """Both sides' strict preference lists over acceptable partners, as the spec defines them."""
    mentees: list[Person] = market["mentees"]  # type: ignore[assignment]
    mentors: list[Mentor] = market["mentors"]  # type: ignore[assignment]
    scores: list[ScoreEntry] | None = market["scores"]  # type: ignore[assignment]
    if scores is not None:
        s = {(x.mentee, x.mentor): x.score for x in scores}
        e_pref = {
            e.id: sorted((r for (a, r) in s if a == e.id), key=lambda r: (-s[e.id, r], r)) for e in mentees
        }
        m_pref = {
            r.id: sorted((a for (a, b) in s if b == r.id), key=lambda a: (-s[a, r.id], a)) for r in mentors
        }
        return e_pref, m_pref, s
    mr = {r.id: list(r.ranking or ()) for r in mentors}
    er = {e.id: list(e.ranking or ()) for e in mentees}
    e_pref = {e: [r for r in lst if e in mr[r]] for e, lst in er.items()}
    m_pref = {r: [e for e in lst if r in er[e]] for r, lst in mr.items()}
    return e_pref, m_pref, {}


def _all_matchings(e_pref: dict[str, list[str]], caps: dict[str, int]) -> list[dict[str, str]]:
    mentees = sorted(e_pref)
    out = []
    for choice in itertools.product(*[[None, *e_pref[e]] for e in mentees]):
        load: dict[str, int] = {}
        for r in choice:
            if r is not None:
                load[r] = load.get(r, 0) + 1
        if all(load[r] <= caps[r] for r in load):
            out.append({e: r for e, r in zip(mentees, choice, strict=False) if r is not None})
    return out


def _blocking_pairs(
    match: dict[str, str], e_pref: dict[str, list[str]], m_pref: dict[str, list[str]], caps: dict[str, int]
) -> list[tuple[str, str]]:
    held: dict[str, list[str]] = {r: [] for r in m_pref}
    for e, r in match.items():
        held[r].append(e)
    out = []
    for e, prefs in e_pref.items():
        for r in prefs:
            if match.get(e) == r:
                break  # everything after is worse for e
            if len(held[r]) < caps[r] or any(m_pref[r].index(e) < m_pref[r].index(x) for x in held[r]):
                out.append((e, r))
    return out


def _check_capacities(result: MentorResult, caps: dict[str, int]) -> None:
    load: dict[str, int] = {}
    for mt in result.matches:
        load[mt.mentor] = load.get(mt.mentor, 0) + 1
    assert all(load[r] <= caps[r] for r in load)
    assert len({mt.mentee for mt in result.matches}) == len(result.matches)


@settings(max_examples=150, deadline=None)
@given(markets())
def test_stable_has_no_blocking_pairs_and_equals_brute_force(market: dict[str, object]) -> None:
    result = match_mentors(market["mentees"], market["mentors"], mode="stable", scores=market["scores"])  # type: ignore[arg-type]
    caps = {r.id: r.capacity for r in market["mentors"]}  # type: ignore[attr-defined]
    e_pref, m_pref, _ = _preferences(market)
    ours = _pairs(result)
    _check_capacities(result, caps)
    assert all(ours[e] in e_pref[e] for e in ours)
    assert _blocking_pairs(ours, e_pref, m_pref, caps) == []
    stable = [mt for mt in _all_matchings(e_pref, caps) if not _blocking_pairs(mt, e_pref, m_pref, caps)]

    # Mentee-optimal: no mentee does better in any stable matching.
    def rank(e: str, mt: dict[str, str]) -> int:
        return e_pref[e].index(mt[e]) if e in mt else len(e_pref[e])

    for other in stable:
        assert all(rank(e, ours) <= rank(e, other) for e in e_pref)


@settings(max_examples=150, deadline=None)
@given(markets())
def test_optimal_equals_brute_force(market: dict[str, object]) -> None:
    result = match_mentors(market["mentees"], market["mentors"], mode="optimal", scores=market["scores"])  # type: ignore[arg-type]
    caps = {r.id: r.capacity for r in market["mentors"]}  # type: ignore[attr-defined]
    _check_capacities(result, caps)
    e_pref, _, s = _preferences(market)
    if not s:  # rankings: compare on the engine's own pair scores
        s = {(mt.mentee, mt.mentor): mt.score for mt in result.matches}
        return

    def value(mt: dict[str, str]) -> tuple[int, int]:
        return len(mt), round(sum(round(s[e, r] * 10_000) for e, r in mt.items()))

    best = max(value(mt) for mt in _all_matchings(e_pref, caps))
    assert value(_pairs(result)) == best


@settings(max_examples=25, deadline=None)
@given(markets(), st.sampled_from(["optimal", "stable"]))
def test_it_is_deterministic_and_order_independent(market: dict[str, object], mode: str) -> None:
    a = match_mentors(market["mentees"], market["mentors"], mode=mode, scores=market["scores"])  # type: ignore[arg-type]
    b = match_mentors(
        list(reversed(market["mentees"])),
        list(reversed(market["mentors"])),
        mode=mode,
        scores=market["scores"],
    )  # type: ignore[arg-type, call-overload]
    if mode == "stable":
        assert a.to_json() == b.to_json()
    else:
        assert a.stats["total_score"] == b.stats["total_score"] and a.stats["matched"] == b.stats["matched"]
