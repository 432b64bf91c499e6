"""`pilotage kpis remind` (daily: e-mail vendors the values they owe) and
`pilotage kpis refresh` (compute again the indicators fed by imported data)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pilotage.engagements.models import Engagement
from pilotage.kpis import computed, reminders


class Command(BaseCommand):
    help = (
        "Indicator tools. `remind` sends the reminders due today (run it once a day, e.g. from "
        "cron: a day missed is caught up the next day); `refresh` computes the computed "
        "indicators again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="E-mail vendors the indicator values they owe.")
        remind.add_argument("--today", help="Act as if today were this day (YYYY-MM-DD).")
        refresh = sub.add_parser("refresh", help="Compute the computed indicators again.")
        refresh.add_argument(
            "engagement", nargs="*", type=int, help="Engagement numbers (all by default)."
        )

    def handle(self, *args, **options) -> None:
        if options["action"] == "remind":
            today = None
            if options.get("today"):
                try:
                    today = dt.date.fromisoformat(options["today"])
                except ValueError:
                    raise CommandError(
                        f"Unreadable date {options['today']!r}: write YYYY-MM-DD."
                    ) from None
            sent = reminders.send_due(today)
            self.stdout.write(f"{sent} reminder(s) sent.")
            return
        engagements = Engagement.objects.all()
        if options["engagement"]:
            engagements = engagements.filter(pk__in=options["engagement"])
        total = 0
        for engagement in engagements:
            total += computed.refresh(engagement)
        self.stdout.write(f"{total} computed value(s) now stored.")
