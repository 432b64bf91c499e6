"""`pilotage audit verify`: walk the hash chains of the audit trail."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pilotage.core import audit
from pilotage.core.models import Organisation


class Command(BaseCommand):
    help = "Audit trail tools. `verify` exits 0 when every chain is intact, 1 and names the first broken entry otherwise."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check every entry's hash and link.")
        verify.add_argument("--org", help="Only this organisation (its short name).")

    def handle(self, *args: object, action: str, org: str | None = None, **options: object) -> None:
        organisation = None
        if org:
            organisation = Organisation.objects.filter(slug=org).first()
            if organisation is None:
                raise CommandError(f"No organisation named {org!r}.")
        result = audit.verify(organisation)
        if result.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Audit trail intact: {result.entries} entries in {result.chains} chains."
                )
            )
            return
        for broken in result.breaks:
            self.stderr.write(self.style.ERROR(f"BROKEN: {broken}"))
        raise CommandError(
            f"Audit trail broken: {len(result.breaks)} chain(s). First break: {result.breaks[0]}",
            returncode=1,
        )
