"""Reads for matching runs and the proposal page (a fixed number of queries)."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils import timezone

from huddle.accounts.models import User
from huddle.mentoring.adapter import Candidate
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    MatchRun,
    ProposedPair,
)
from huddle.mentoring.pairs.selectors import pair_named, staff_reader
from huddle.mentoring.proposals.services import RUN_STALE_AFTER
from huddle.mentoring.reasons import Reason, reason, reason_text, reason_texts


def latest_runs(cycle: Cycle) -> dict[str, MatchRun]:
    """Each tier's latest run (one query)."""
    out: dict[str, MatchRun] = {}
    for run in MatchRun.objects.filter(cycle=cycle).order_by("-requested_at", "-id")[:20]:
        out.setdefault(run.tier, run)
    return out


def run_panel(cycle: Cycle) -> dict[str, Any]:
    """Each tier's latest run and whether one is still going, for the cycle page and its polling."""
    runs = latest_runs(cycle)
    return {"runs": [runs[t] for t in cycle.tiers() if t in runs], "in_progress": runs_in_progress(runs)}


def runs_in_progress(runs: dict[str, MatchRun]) -> bool:
    """A run queued or running, and not so old that its worker must have died."""
    cutoff = timezone.now() - RUN_STALE_AFTER
    return any(
        r.status in (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING) and r.requested_at >= cutoff
        for r in runs.values()
    )


@dataclass
class Unplaced:
    enrollment: Enrollment
    reason: Reason
    text: str


@dataclass
class MentorLoad:
    enrollment: Enrollment
    load: int

    @property
    def left(self) -> int:
        return self.enrollment.capacity - self.load


@dataclass
class Proposal:
    tier: str
    run: MatchRun | None
    pairs: Page  # one page of pairs (a cycle may propose hundreds), each with its reasons worded
    pair_count: int
    unmatched: list[Unplaced]
    mentors: list[MentorLoad]  # mentors with a place left: where a mentee can be moved
    full_mentors: int
    histogram: list[dict[str, Any]] = field(default_factory=list)

    @property
    def stats(self) -> dict[str, Any]:
        return self.run.stats if self.run else {}


def with_reason_texts(pair: ProposedPair, viewer: User) -> ProposedPair:
    """The pair with its reasons worded for this coordinator (profiles already loaded)."""
    reader = staff_reader(viewer, pair.mentee.user, pair.mentor.user)
    pair.reason_texts = reason_texts(pair.reasons, reader)  # type: ignore[attr-defined]
    return pair


@dataclass(frozen=True)
class CandidateRow:
    """One mentor offered for one mentee, with why and why not, worded for the viewer."""

    c: Candidate
    reasons: list[str]
    refusals: list[str]


def candidate_rows(candidates: Iterable[Candidate], *, viewer: User, mentee: User) -> list[CandidateRow]:
    return [
        CandidateRow(
            c,
            reason_texts(c.reasons, staff_reader(viewer, mentee, c.mentor.user)),
            [reason_text(r) for r in c.refusals],
        )
        for c in candidates
    ]


#: Pairs shown per page of a proposal; a name search finds the rest.
PAIRS_PER_PAGE = 25


def proposal(
    cycle: Cycle, tier: str, run: MatchRun | None, *, viewer: User, page: str | None = None, named: str = ""
) -> Proposal:
    """One tier's proposal: a page of pairs with reasons, unmatched mentees, mentors with room (5 queries)."""
    rows = ProposedPair.objects.filter(cycle=cycle, tier=tier)
    placed = list(rows.values_list("mentee_id", "mentor_id"))
    shown = Paginator(
        rows.filter(pair_named(named))
        .select_related("mentee__user__profile", "mentor__user__profile")
        .order_by("mentor__user__last_name", "mentor__user__first_name", "mentor_id", "mentee__user__last_name", "pk"),
        PAIRS_PER_PAGE,
    ).get_page(page)
    for pair in shown:
        with_reason_texts(pair, viewer)
    mentees = Enrollment.objects.filter(
        cycle=cycle, side=Enrollment.Side.MENTEE, status=Enrollment.Status.ACTIVE
    ).select_related("user__profile")
    reasons = run.unmatched if run else {}
    unmatched = []
    for e in mentees.exclude(pk__in={mentee for mentee, _mentor in placed}).order_by(
        "user__last_name", "user__first_name"
    ):
        why = reasons.get(str(e.user_id)) or reason("removed")
        unmatched.append(Unplaced(e, why, reason_texts([why])[0]))
    load = Counter(mentor for _mentee, mentor in placed)
    loads = [
        MentorLoad(e, load.get(e.pk, 0))
        for e in Enrollment.objects.filter(
            cycle=cycle, side=Enrollment.Side.MENTOR, tier=tier, status=Enrollment.Status.ACTIVE
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    ]
    mentors = [m for m in loads if m.left > 0]
    histogram = list((run.stats if run else {}).get("score_histogram") or [])
    top = max([b["count"] for b in histogram] + [1])
    for b in histogram:
        b["percent"] = round(100 * b["count"] / top)
    return Proposal(tier, run, shown, len(placed), unmatched, mentors, len(loads) - len(mentors), histogram)
