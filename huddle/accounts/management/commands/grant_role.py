"""``manage.py grant_role EMAIL ROLE``: how a new school gets its first coordinator."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huddle.accounts.models import Role, User
from huddle.accounts.services import role_grant
from huddle.lib.errors import HuddleError


class Command(BaseCommand):
    help = "Give a person a role (student, faculty, coordinator, wellbeing). Audited as the system."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("role", choices=Role.values)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No person with e-mail {options['email']!r}; import them with the roster first.")
        try:
            created = role_grant(user=user, role=options["role"], by=None)
        except HuddleError as error:
            raise CommandError(error.message) from error
        verb = "now has" if created else "already had"
        self.stdout.write(f"{user.email} {verb} the role {options['role']}.")
