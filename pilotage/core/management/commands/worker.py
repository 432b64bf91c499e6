"""`pilotage worker`: run the background tasks (e-mails, imports, recomputations) and, once a
day, the daily jobs (pilotage.core.scheduler)."""

from __future__ import annotations

import logging
import threading
import time

from django import db
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from pilotage.core import scheduler


class Command(BaseCommand):
    help = "Run queued background tasks until stopped (Ctrl+C)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")

    def handle(self, *args: object, batch: bool, interval: float, **options: object) -> None:
        extra = ["--batch"] if batch else []
        if batch:
            scheduler.run_due()
        else:
            threading.Thread(target=_daily_loop, daemon=True).start()
        call_command("db_worker", "--interval", str(interval), *extra)


def _daily_loop() -> None:
    """The daily jobs, looked at every minute while the worker runs."""
    while True:
        try:
            scheduler.run_due()
        except Exception:  # the database may be away for a moment: try again later
            logging.getLogger(__name__).exception("Daily jobs not run")
        finally:
            db.close_old_connections()
        time.sleep(60)
