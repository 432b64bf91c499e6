"""`pilotage daily`: run the daily jobs not yet run today (reminders, contract alerts,
meetings ahead, overdue actions)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from pilotage.core import scheduler


class Command(BaseCommand):
    help = "Run the daily jobs not yet run today (safe to run often: each runs once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run every job again today.")

    def handle(self, *args: object, force: bool, **options: object) -> None:
        for name, result in scheduler.run_due(force=force).items():
            self.stdout.write(f"{name}: {result}")
