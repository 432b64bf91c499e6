"""`pilotage demo`: load the demo organisation and print one login per role."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from pilotage import demo


class Command(BaseCommand):
    help = "Load the demo organisation (idempotent) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password", help="Password for every demo user (default: a random one, printed)."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo organisation and load it anew."
        )

    def handle(self, *args: object, password: str | None, reset: bool, **options: object) -> None:
        if reset:
            demo.reset()
        org, logins, password = demo.load(password=password)
        width = max(len(login.email) for login in logins)
        self.stdout.write(self.style.SUCCESS(f"Demo organisation: {org.name}"))
        self.stdout.write("")
        self.stdout.write(f"  {'login'.ljust(width)}  {'role'.ljust(9)}  who")
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.role.ljust(9)}  {login.who}")
        self.stdout.write("")
        self.stdout.write(f"  password for every demo user: {password}")
