"""``manage.py seed_demo``: build the demo school from every app's demo steps.

Safe to run repeatedly (``make run`` does): each step keeps what exists and
only prints; ``--reset`` deletes the steps' data (last step first) and
rebuilds. The demo's passwords and two-factor keys are public, so it refuses
to load unless ``DEBUG`` (or the test settings) is on.
"""

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from huddle.lib import registry


class Command(BaseCommand):
    help = "Create the demo school (about 600 students and 80 faculty, and every app's demo data)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Random seed; the same seed gives the same school.")
        parser.add_argument("--students", type=int, default=600)
        parser.add_argument("--faculty", type=int, default=80)
        parser.add_argument("--reset", action="store_true", help="Delete the demo data first, then rebuild.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or getattr(settings, "TESTING", False)):
            raise CommandError("The demo school has public passwords; load it only with DEBUG=true.")
        started = time.perf_counter()
        plan = registry.demo_plan()
        if options["reset"]:
            self._reset(plan)
        size = registry.DemoSize(seed=options["seed"], students=options["students"], faculty=options["faculty"])
        for step in plan:
            try:
                lines = step.build(size)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            for line in lines:
                self.stdout.write(line)
        self.stdout.write(f"Demo ready in {time.perf_counter() - started:.1f} s. Open http://127.0.0.1:8000")

    def _reset(self, plan: list[registry.DemoStep]) -> None:
        for step in reversed(plan):
            if step.delete is None:
                continue
            try:
                lines = step.delete()
            except ProtectedError as exc:
                raise CommandError(
                    "Some demo data has a history that is kept (audit events or roster imports), "
                    "so it cannot be deleted. Start from a fresh database instead."
                ) from exc
            for line in lines:
                self.stdout.write(line)
