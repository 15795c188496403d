"""``manage.py import_roster FILE [--commit] [--by EMAIL]``: the roster import from a shell.

Without ``--commit`` it only previews. Rows with errors make it exit non-zero
and import nothing, so a script can run it safely.
"""

from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from huddle.accounts.models import User
from huddle.accounts.roster import ERROR, NEW, UPDATE, roster_commit, roster_preview_create
from huddle.lib.errors import HuddleError


class Command(BaseCommand):
    help = "Check a roster CSV and, with --commit, import it (all or nothing). Invitations go out by the task worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="Import when no row has an error.")
        parser.add_argument("--by", metavar="EMAIL", help="Coordinator recorded as the importer (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        by = None
        if options["by"]:
            by = User.objects.filter(email__iexact=options["by"]).first()
            if by is None:
                raise CommandError(f"No person with e-mail {options['by']!r}.")
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as handle:
                roster_import = roster_preview_create(file=File(handle, name=path.name), by=by)
        except HuddleError as error:
            raise CommandError(error.message) from error
        summary = roster_import.summary
        for warning in summary["file_warnings"]:
            self.stdout.write(self.style.WARNING(warning))
        for row in roster_import.rows:
            for message in row["errors"]:
                self.stdout.write(self.style.ERROR(message))
            for message in row["warnings"]:
                self.stdout.write(message)
        self.stdout.write(
            f"{summary['total']} rows: {summary[NEW]} new, {summary[UPDATE]} updated, "
            f"{summary['unchanged']} unchanged, {summary[ERROR]} with errors (preview #{roster_import.pk})."
        )
        if summary[ERROR]:
            raise CommandError(f"{summary[ERROR]} rows have errors; nothing was imported.")
        if not options["commit"]:
            self.stdout.write("Nothing was imported. Run again with --commit to import.")
            return
        try:
            result = roster_commit(roster_import=roster_import, by=by)
        except HuddleError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {result.created} new, {result.updated} updated, {result.unchanged} unchanged, "
                f"{result.roles_granted} roles granted; {result.invitations} invitations queued."
            )
        )
