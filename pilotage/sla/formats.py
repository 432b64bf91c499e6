"""What a ticket file may hold and how its columns are found: the fields Pilotage reads,
the known exports (GLPI, Zammad, Jira Service Management) recognised by their real
headers, the header row found even below a title, the mapping offered to the user."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from pilotage.lib.tabular import Table, open_table

from .models import ColumnMapping

# What Pilotage needs from a ticket file, and what a pause file gives.
TICKET_FIELDS = {
    "id": gettext_lazy("Ticket id"),
    "title": gettext_lazy("Title"),
    "priority": gettext_lazy("Priority"),
    "status": gettext_lazy("Status"),
    "opened": gettext_lazy("Opened"),
    "taken": gettext_lazy("Taken in charge"),
    "resolved": gettext_lazy("Restored / resolved"),
}
TICKET_REQUIRED = ("id", "priority", "opened")
PAUSE_FIELDS = {
    "id": gettext_lazy("Ticket id"),
    "paused_from": gettext_lazy("Paused from"),
    "paused_until": gettext_lazy("Paused until"),
}
PAUSE_REQUIRED = ("id", "paused_from")
# A ticket's status history (from GLPI's Historique, Zammad's ticket history, Jira's
# changelog): the statuses that pause the clock, and a resolution followed by a reopening,
# become pauses.
STATUS_FIELDS = {
    "id": gettext_lazy("Ticket id"),
    "status": gettext_lazy("Status"),
    "changed_at": gettext_lazy("Changed at"),
}
STATUS_REQUIRED = ("id", "status", "changed_at")
FIELDS = {
    "tickets": (TICKET_FIELDS, TICKET_REQUIRED),
    "pauses": (PAUSE_FIELDS, PAUSE_REQUIRED),
    "statuses": (STATUS_FIELDS, STATUS_REQUIRED),
}
PAUSE_REASON = {"pauses": "import", "statuses": "status"}
RESOLVED_STATUSES = {"résolu", "clos", "solved", "closed", "resolved", "done", "terminé", "fermé"}


@dataclass(frozen=True)
class Profile:
    """A known export, recognised when all its ``signature`` headers are present."""

    source: str
    label: str
    signature: tuple[str, ...]
    mapping: dict[str, str]


PROFILES = [
    # GLPI 10/11 ticket search exported as CSV (French UI). GLPI exports no taken-in-charge
    # date (only a duration in its own calendar): the time to intervene stays unknown.
    Profile(
        "glpi",
        "GLPI",
        ("ID", "Titre", "Priorité", "Date d'ouverture"),
        {
            "id": "ID",
            "title": "Titre",
            "priority": "Priorité",
            "status": "Statut",
            "opened": "Date d'ouverture",
            "resolved": "Date de résolution",
        },
    ),
    Profile(
        "glpi",
        "GLPI (English)",
        ("ID", "Title", "Priority", "Opening date"),
        {
            "id": "ID",
            "title": "Title",
            "priority": "Priority",
            "status": "Status",
            "opened": "Opening date",
            "resolved": "Resolution date",
        },
    ),
    # Zammad's reporting download (XLSX, headers on row 3, always in English).
    Profile(
        "zammad",
        "Zammad",
        ("#", "Title", "Priority", "Created At"),
        {
            "id": "#",
            "title": "Title",
            "priority": "Priority",
            "status": "State",
            "opened": "Created At",
            "taken": "First Response At",
            "resolved": "Closed At",
        },
    ),
    # Jira Service Management issue navigator, "Export CSV".
    Profile(
        "jira",
        "Jira Service Management",
        ("Issue key", "Summary", "Priority", "Created"),
        {
            "id": "Issue key",
            "title": "Summary",
            "priority": "Priority",
            "status": "Status",
            "opened": "Created",
            "taken": "Custom field ([CHART] Date of First Response)",
            "resolved": "Resolved",
        },
    ),
]
HEADER_SEARCH_ROWS = 10


def header_key(text: str) -> str:
    """Headers compared without case, spaces around, or the kind of apostrophe."""
    return str(text or "").strip().replace("\u2019", "'").casefold()


def recognise(headers: list[str]) -> Profile | None:
    present = {header_key(h) for h in headers}
    for profile in PROFILES:
        if all(header_key(h) in present for h in profile.signature):
            return profile
    return None


def read_table(stream: Any) -> Table:
    """The table of a ticket file, its header found even below a title (Zammad puts it on
    row 3), title and footer lines (fewer than two filled cells) left out."""
    table = open_table(stream)
    headers, rows = table.headers, table.rows
    if recognise(headers) is None:
        buffered = []
        for _ in range(HEADER_SEARCH_ROWS):
            try:
                buffered.append(next(rows))
            except StopIteration:
                break
        found = next(
            (k for k, (_n, row) in enumerate(buffered) if recognise([str(c or "") for c in row])),
            None,
        )
        if found is not None:
            headers = [str(c or "").strip() for c in buffered[found][1]]
            buffered = buffered[found + 1 :]
        rows = itertools.chain(buffered, rows)

    def data_rows() -> Iterator[tuple[int, list[Any]]]:
        for number, row in rows:
            if sum(1 for c in row if c not in (None, "") and str(c).strip()) >= 2:
                yield number, row

    return Table(
        headers=headers,
        rows=data_rows(),
        encoding=table.encoding,
        separator=table.separator,
        source=table.source,
    )


def suggest_mapping(
    headers: list[str], *, vendor_id: int | None, kind: str
) -> tuple[str, dict[str, str]]:
    """The source and column mapping to offer: a known export, else the vendor's last one."""
    by_fold = {header_key(h): h for h in headers}
    if kind == "tickets":
        profile = recognise(headers)
        if profile:
            return profile.source, {
                k: by_fold[header_key(v)]
                for k, v in profile.mapping.items()
                if header_key(v) in by_fold
            }
    if vendor_id:
        saved = ColumnMapping.objects.filter(vendor_id=vendor_id, kind=kind).first()
        if saved:
            return "generic", {k: v for k, v in saved.mapping.items() if v in headers}
    fields = FIELDS[kind][0]
    guess = {}
    for key, label in fields.items():
        for candidate in (key, str(label)):
            if header_key(candidate) in by_fold:
                guess[key] = by_fold[header_key(candidate)]
    return "generic", guess
