"""The command line, run as a coordinator would: JSON in, JSON out, exit 2 on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "matching"


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "huddle.matching", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize("mode", ["optimal", "stable"])
def test_it_matches_mentors_from_a_file(mode: str) -> None:
    proc = _cli("mentors", "--mode", mode, "--input", str(EXAMPLES / f"mentors-{mode}.json"))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert {m["mentee"] for m in out["matches"]} == {"ana", "ben", "chen"}
    assert out["unmatched_mentees"] == []
    assert all(m["reasons"] for m in out["matches"])
    # The reasons read as docs/matching.md shows them.
    ana = out["matches"][0]
    if mode == "optimal":
        assert ana["reasons"] == ["score 0.6 given in input"]
    else:
        assert ana["reasons"] == ["ana ranked dr-okafor #2 of 2", "dr-okafor ranked ana #1 of 3"]


def test_it_forms_groups_from_stdin() -> None:
    proc = _cli("groups", stdin=(EXAMPLES / "groups.json").read_text())
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert sorted(len(g["members"]) for g in out["groups"]) == [3, 3]
    assert out["unplaced"] == [] and out["unplaced_reasons"] == {}
    assert [g["reasons"] for g in out["groups"]] == [
        [
            "the 3 members have no weekly time in common",
            "below the 1 h/week minimum of common time",
            "all studying Cardiovascular",
            "all can meet virtually",
        ],
        [
            "all 3 share 1 h/week: Sat 10:00\u201311:00",
            "all studying Cardiovascular",
            "mixed meeting modes: some virtual-only, some in-person-only",
            "2 first-generation members together",
        ],
    ]


def test_it_says_why_students_are_unplaced() -> None:
    doc = json.loads((EXAMPLES / "groups.json").read_text())
    doc["students"] = doc["students"][:5]
    proc = _cli("groups", stdin=json.dumps(doc))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    message = "5 students cannot all be split into groups of 3-4; 1 left unplaced"
    assert out["unplaced_reasons"] == {student: message for student in out["unplaced"]}
    assert out["stats"]["message"] == message


def _mentors_doc(**changes: object) -> str:
    doc = json.loads((EXAMPLES / "mentors-optimal.json").read_text())
    doc.update(changes)
    return json.dumps(doc)


@pytest.mark.parametrize(
    ("command", "doc", "message"),
    [
        (
            ["mentors"],
            _mentors_doc(mentors=[{"id": "a", "capacity": -1}]),
            "mentors[0].capacity: must be >= 0 (got -1)",
        ),
        (
            ["mentors"],
            _mentors_doc(mentors=[{"id": "a", "capacity": 1}, {"id": "a", "capacity": 1}]),
            "mentors[1].id: duplicate id 'a'",
        ),
        (
            ["mentors"],
            _mentors_doc(scores=[{"mentee": "zed", "mentor": "dr-okafor", "score": 1}]),
            "scores[0].mentee: unknown mentee id 'zed'",
        ),
        (["mentors"], _mentors_doc(mentees=[]), "mentees: empty pool"),
        (["mentors"], "{not json", "stdin: invalid JSON"),
        (
            ["groups"],
            json.dumps(
                {
                    "group_size": {"min": 3, "max": 4},
                    "students": [{"id": "a", "availability": {"mon": ["25:00-26:00"]}}],
                }
            ),
            "students[0].availability.mon[0]: malformed time '25:00-26:00'",
        ),
        (
            ["groups"],
            json.dumps(
                {
                    "group_size": {"min": 3, "max": 4},
                    "students": [{"id": "a", "availability": {"mon": ["18:00-17:00"]}}],
                }
            ),
            "ends before it starts",
        ),
        (
            ["groups"],
            json.dumps({"group_size": {"min": 5, "max": 4}, "students": [{"id": "a"}]}),
            "group_size: impossible bounds",
        ),
        (
            ["groups"],
            json.dumps({"group_size": {"min": 2, "max": 4}, "students": []}),
            "students: empty pool",
        ),
        (["mentors", "--mode", "fastest"], "{}", "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(command: list[str], doc: str, message: str) -> None:
    proc = _cli(*command, stdin=doc)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 or "usage" in proc.stderr
