"""The demo MS1 pool: the engine's groups against random assignment of the same pool, in the same run.

    .venv/bin/python bench/pool.py [--runs 3] [--students 600]

Why (issue 12): a coordinator picks Huddle's pools over forming groups by
hand or at random only if the groups can meet. One run

1. makes a throw-away SQLite database in a temporary folder, migrates it and
   loads the demo school (``seed_demo`` with ``DEBUG=true``);
2. signs in as the demo coordinator (Django's test client, real views) and
   clicks "Form groups" on the pool ``runs`` times — each click a re-run with
   the next seed — timing the click until the proposal page has answered 200
   (the engine task runs in this process, as the immediate backend does; a
   production worker adds its polling interval, one second by default);
3. prints, per run, the engine's groups and the random assignment of the same
   pool with the same sizes (computed in the run itself by the engine's
   ``random_groups``): groups, share meeting the minimum common hours, the
   worst group's common hours, rule violations, students left unplaced.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--students", type=int, default=600)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="huddle-pool-bench-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="huddle.settings",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
        HUDDLE_TASK_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
        HUDDLE_SCHOOL_NAME="Pool bench",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from huddle.accounts.models import User
    from huddle.groups.models import FormationRun, Pool

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", students=args.students, stdout=open(os.devnull, "w"))  # noqa: SIM115
    pool = Pool.objects.get(class_year=1, status=Pool.Status.OPEN)
    coordinator = User.objects.get(email="coordinator@demo.huddle.test")
    client = Client()
    client.force_login(coordinator)
    client.get("/")  # the first request of a session checks two-factor once
    print(f"Machine: {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} CPUs")
    print(
        f"Pool: {pool.title}, {pool.entries.count()} students, groups of {pool.min_size}–{pool.max_size}, "
        f"minimum {pool.min_common_hours} h in common a week, protected: {', '.join(pool.protected_attributes)}"
    )
    header = f"{'run':>3} {'who':<7} {'groups':>6} {'meet min':>9} {'worst h':>8} {'violations':>10} {'unplaced':>8}"
    print(header)
    for k in range(1, args.runs + 1):
        started = time.perf_counter()
        response = client.post(reverse("groups:pool_run", args=[pool.pk]))
        assert response.status_code in (200, 302), response.status_code
        page = client.get(reverse("groups:pool_proposal", args=[pool.pk]))
        assert page.status_code == 200
        click_to_proposal = time.perf_counter() - started
        run = FormationRun.objects.filter(pool=pool).order_by("-pk").first()
        assert run is not None and run.status == FormationRun.Status.DONE, run and run.error
        for who, stats in (("engine", run.stats), ("random", run.stats["random"])):
            print(
                f"{k:>3} {who:<7} {stats['groups']:>6} {stats['share_meeting_min']:>8}% "
                f"{stats['worst_common_hours']:>8} {stats['rule_violations']:>10} {stats['unplaced']:>8}"
            )
        print(f"    click → proposal page {click_to_proposal:.2f} s (engine {run.stats['ms']} ms)")


if __name__ == "__main__":
    main()
