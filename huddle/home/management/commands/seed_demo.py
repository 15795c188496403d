"""``manage.py seed_demo``: load the demo school and print its log-ins.

Safe to run repeatedly (``make run`` does): an existing demo school is kept
and only its log-ins are printed; ``--reset`` rebuilds it. The demo's
password and two-factor keys are public, so it refuses to load unless
``DEBUG`` (or the test settings) is on.
"""

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from huddle.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD, build_demo_school, delete_demo_school


class Command(BaseCommand):
    help = "Create the demo school (about 600 students and 80 faculty) and print its log-ins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Random seed; the same seed gives the same school.")
        parser.add_argument("--students", type=int, default=600)
        parser.add_argument("--faculty", type=int, default=80)
        parser.add_argument("--reset", action="store_true", help="Delete the demo people first, then rebuild.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or getattr(settings, "TESTING", False)):
            raise CommandError("The demo school has public passwords; load it only with DEBUG=true.")
        started = time.perf_counter()
        if options["reset"]:
            try:
                from huddle.mentoring.demo import delete_demo_cycles

                delete_demo_cycles()  # the cycles' rows protect the people
                removed = delete_demo_school()
            except ProtectedError as exc:
                raise CommandError(
                    "Some demo people have a history that is kept (audit events or roster imports), "
                    "so they cannot be deleted. Start from a fresh database instead."
                ) from exc
            self.stdout.write(f"Deleted {removed} demo people.")
        try:
            school = build_demo_school(seed=options["seed"], students=options["students"], faculty=options["faculty"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self._seed_programs(options["seed"])
        elapsed = time.perf_counter() - started
        if not school.created:
            self.stdout.write("The demo school is already loaded (--reset rebuilds it).")
        self.stdout.write(
            f"Demo school ready: {len(school.students)} students, {len(school.faculty)} faculty, "
            f"{len(school.coordinators)} coordinators, {len(school.wellbeing)} well-being staff ({elapsed:.1f} s)"
        )
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        width = max(len(login.email) for login in DEMO_LOGINS)
        for login in DEMO_LOGINS:
            line = f"  {login.label + ':':<20}{login.email}"
            if login.totp_secret:
                line = f"{line:<{width + 22}}   (two-factor key: {login.totp_secret})"
            self.stdout.write(line)
        if any(login.totp_secret for login in DEMO_LOGINS):
            self.stdout.write("  Add a two-factor key to an authenticator app to sign in as that person.")
        self.stdout.write("Open http://127.0.0.1:8000")

    def _seed_programs(self, seed: int) -> None:
        """Programs on top of the people: a running two-tier mentoring cycle
        with some pair activity, and a cycle in enrollment. Both steps skip
        what already exists, so a second run changes nothing."""
        from huddle.mentoring.demo import build_demo_cycles
        from huddle.mentoring.demo_pairs import add_demo_activity

        build_demo_cycles(seed=seed)
        add_demo_activity(seed=seed)
