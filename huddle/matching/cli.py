"""Command line: ``python -m huddle.matching mentors|groups [--input FILE]``.

Prints the result as JSON on stdout. Bad input exits with code 2 and a
single ``error: ...`` line on stderr naming the offending item; never a
traceback, because the people running it are coordinators, not developers.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import NoReturn

from .assign import match_mentors
from .errors import MatchingInputError
from .groups import form_groups
from .parse import parse_group_input, parse_mentor_input


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m huddle.matching", description="Huddle matching engine")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    mentors = sub.add_parser("mentors", help="assign mentees to mentors")
    mentors.add_argument("--mode", choices=("optimal", "stable"), default="optimal")
    mentors.add_argument("--input", help="JSON file (default: stdin)")
    groups = sub.add_parser("groups", help="form study groups")
    groups.add_argument("--input", help="JSON file (default: stdin)")
    groups.add_argument("--seed", type=int, default=None, help="random seed (default: input 'seed' or 0)")
    return parser


def _load(path: str | None) -> object:
    try:
        if path is None:
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
    except OSError as exc:
        raise MatchingInputError(f"{path}: cannot read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise MatchingInputError(f"{path or 'stdin'}: not UTF-8 text") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise MatchingInputError(
            f"{path or 'stdin'}: invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})"
        ) from exc


def run(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    try:
        raw = _load(args.input)
        if args.command == "mentors":
            data = parse_mentor_input(raw)
            result = match_mentors(
                data.mentees,
                data.mentors,
                data.criteria,
                args.mode,
                scores=data.scores,
                locked=data.locked,
                forbidden=data.forbidden,
            ).to_json()
        else:
            gdata = parse_group_input(raw)
            seed = gdata.seed if args.seed is None else args.seed
            result = form_groups(gdata.students, gdata.rules, seed=seed).to_json()
    except MatchingInputError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    try:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (e.g. `head`) went away; that is not an error of ours.
        sys.stderr.close()
    return 0


def main() -> NoReturn:
    sys.exit(run())
