"""`pilotage worker`: run the background tasks (e-mails, imports, recomputations)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run queued background tasks until stopped (Ctrl+C)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")

    def handle(self, *args: object, batch: bool, interval: float, **options: object) -> None:
        extra = ["--batch"] if batch else []
        call_command("db_worker", "--interval", str(interval), *extra)
