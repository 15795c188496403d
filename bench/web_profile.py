"""Where a page's time goes: queries, template rendering, the rest.

    .venv/bin/python bench/web.py --keep-db --only home --seconds 1   # once: builds the kept database
    .venv/bin/python bench/web_profile.py [--page NAME ...] [--repeat 20] [--tree]

Why a second script: ``bench/web.py`` says *how fast* a page is under load;
whoever optimises it next needs *why*. This serves the same pages as
``bench/web.py`` (its ``PAGES`` and personas, the database kept by
``--keep-db``, the same production settings module) in one process through
Django's test client, so every request goes through the full middleware
stack, and reports per page:

* wall time per request (median of ``--repeat``), no HTTP or gunicorn, and
  this process's CPU time per request, which a loaded machine inflates
  far less than wall time;
* the SQL: number of queries, their time, and the query shapes repeated
  most (an N+1 shows up as one shape run dozens of times);
* the time inside template rendering (context processors included, and
  split into the SQL run while rendering: lazy querysets evaluated by the
  template);
* with ``--tree``, a pyinstrument call tree of the repeated requests
  (``pip install pyinstrument`` into the venv; not a project dependency).

Sign-in uses ``force_login``: the log-in itself is not what is profiled.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# bench/matching.py is named like the `matching` package: keep this folder off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
_spec = importlib.util.spec_from_file_location("bench_web", HERE / "web.py")
assert _spec and _spec.loader
web = importlib.util.module_from_spec(_spec)
sys.modules["bench_web"] = web
_spec.loader.exec_module(web)


@dataclass
class Trace:
    """What the hooks saw during the instrumented requests."""

    queries: list[tuple[str, float, bool]] = field(default_factory=list)  # sql, seconds, while rendering
    render_s: float = 0.0
    templates: Counter[str] = field(default_factory=Counter)
    rendering: int = 0  # depth of nested renders


def _shape(sql: str) -> str:
    """A query with its literals blanked, so repeats of one query look alike."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"%s|\b\d+\b", "?", sql)
    sql = re.sub(r"\((?:\?, )+\?\)", "(…)", sql)
    return sql[:150]


def setup_django(args: argparse.Namespace, static_root: Path) -> None:
    """Production settings (bench_web_settings) on the database kept by bench/web.py.

    The manifest storage needs collected static files: collected into
    ``static_root``, a temporary folder, as bench/web.py does.
    """
    name = args.db or web.kept_db_name(args.checkout)
    db = web.Database(args.pg.rstrip("/"), name)
    if not db.exists():
        raise SystemExit(f"No database {name}: run `bench/web.py --keep-db` first (it builds and keeps it).")
    env = web.server_env(args.checkout, db, static_root, "bench-profile-" + name)
    env["ALLOWED_HOSTS"] += ",testserver"
    os.environ.update(env)
    sys.path[:0] = [str(args.checkout), str(web.SUPPORT)]
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)


@contextmanager
def traced(trace: Trace) -> Iterator[None]:
    """Time every query (``execute_wrapper``) and every top-level template render."""
    from django.db import connection
    from django.template.backends.django import Template

    original: Callable[..., Any] = Template.render

    def render(self: Any, context: Any = None, request: Any = None) -> Any:
        trace.rendering += 1
        started = time.perf_counter()
        try:
            return original(self, context, request)
        finally:
            trace.rendering -= 1
            if trace.rendering == 0:
                trace.render_s += time.perf_counter() - started
                trace.templates[self.template.name] += 1

    def query(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            trace.queries.append((sql, time.perf_counter() - started, trace.rendering > 0))

    Template.render = render  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(query):
            yield
    finally:
        Template.render = original  # type: ignore[method-assign]


def profile_page(name: str, persona: str, path: str, repeat: int, tree: bool) -> None:
    """Print wall time, SQL and render time per request for one page."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    if persona != "anonymous":
        client.force_login(get_user_model().objects.get(email=web.PERSONAS[persona].email))
        client.get("/")  # lets the two-factor middleware note mfa_ok, as after a real log-in
    first = client.get(path)
    if first.status_code != 200:
        print(f"## {name} ({persona}) {path}: HTTP {first.status_code}, skipped\n")
        return
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        client.get(path)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    trace = Trace()
    with traced(trace):
        started = time.perf_counter()
        for _ in range(repeat):
            client.get(path)
        traced_s = (time.perf_counter() - started) / repeat
    per = 1000 / repeat  # seconds summed over the repeats -> ms per request
    sql_ms = sum(t for _, t, _ in trace.queries) * per
    render_sql_ms = sum(t for _, t, r in trace.queries if r) * per
    render_ms = trace.render_s * per
    n_queries = len(trace.queries) / repeat
    n_render = sum(1 for *_, r in trace.queries if r) / repeat
    print(f"## {name} ({persona}) {path}  [{len(first.content) / 1000:.1f} kB]")
    print(
        f"wall {statistics.median(walls) * 1000:.1f} ms/request (median of {repeat}, min "
        f"{min(walls) * 1000:.1f}); Python CPU {statistics.median(cpus) * 1000:.1f} ms (PostgreSQL not included); "
        f"traced {traced_s * 1000:.1f} ms"
    )
    print(
        f"SQL {n_queries:g} queries {sql_ms:.1f} ms | render {render_ms:.1f} ms, of which SQL {n_render:g} queries "
        f"{render_sql_ms:.1f} ms ({', '.join(sorted(trace.templates)) or 'no template'}) | the rest (middleware, "
        f"view code, test client) {traced_s * 1000 - render_ms - (sql_ms - render_sql_ms):.1f} ms"
    )
    shapes = Counter(_shape(sql) for sql, *_ in trace.queries)
    for shape, count in shapes.most_common(8):
        if count > repeat:
            print(f"  {count / repeat:5g} × per request: {shape}")
    if tree:
        try:
            from pyinstrument import Profiler
        except ImportError:
            print("  (pyinstrument is not installed in this venv: no call tree)")
        else:
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(repeat):
                client.get(path)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False, short_mode=False))
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", action="append", default=[], help="pages whose name contains PAGE (repeatable)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page for the median (default 20)")
    parser.add_argument("--tree", action="store_true", help="print a pyinstrument call tree per page")
    parser.add_argument("--checkout", type=Path, default=web.REPO, help="the Huddle checkout (default: this one)")
    parser.add_argument("--db", help="database name (default: the one bench/web.py --keep-db keeps for CHECKOUT)")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server")
    args = parser.parse_args(argv)
    args.checkout = args.checkout.resolve()
    static = tempfile.TemporaryDirectory(prefix="huddle-bench-profile-")
    setup_django(args, Path(static.name))
    ids = web.find_ids(web.Database(args.pg.rstrip("/"), args.db or web.kept_db_name(args.checkout)))
    pages = web.selected_pages(args.page)
    profile_page("bare view", "anonymous", "/bench/ok", args.repeat, tree=False)
    profile_page("bare view + session", web.SESSION_BASELINE_PERSONA, "/bench/ok", args.repeat, tree=args.tree)
    for page in pages:
        try:
            path = page.path.format(**ids)
        except KeyError as missing:
            print(f"## {page.name}: no {missing} id in this database, skipped\n")
            continue
        profile_page(page.name, page.persona, path, args.repeat, args.tree)
    static.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
