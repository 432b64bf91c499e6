"""Tell a FEC from an invoice file and read either into documents (no database needed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

from pilotage.lib.tabular import UnreadableFile, open_table

from . import fec, files
from .documents import Documents

FEC, INVOICES = "fec", "invoices"


class Refused(ValueError):
    """The file cannot be used; ``errors`` name the rows (dicts: row, column, message)."""

    def __init__(self, errors: list[dict[str, object]], count: int):
        super().__init__(f"{count} error(s)")
        self.errors = errors
        self.count = count


@dataclass
class Loaded:
    kind: str
    docs: Documents
    rows: int
    lines: fec.CustomerLines | None = None


def is_fec(stream: IO[bytes]) -> bool:
    head = stream.read(4096)
    stream.seek(0)
    first = head.split(b"\n", 1)[0].lower()
    return b"journalcode" in first and b"ecriturenum" in first


def load(stream: IO[bytes], *, mapping: dict[str, str] | None = None) -> Loaded:
    """Read a FEC or an invoice file (columns found by their usual names unless mapped)."""
    if is_fec(stream):
        try:
            lines = fec.read(stream)
        except fec.FecRefused as e:
            raise Refused([x.as_dict() for x in e.errors], e.count) from None
        return Loaded(FEC, fec.documents(lines), lines.lines_read, lines)
    try:
        table = open_table(stream)
    except UnreadableFile as e:
        raise Refused([{"row": 0, "column": "", "message": str(e)}], 1) from None
    mapping = mapping or files.suggest_mapping(table.headers, "invoices")
    missing = [k for k in files.INVOICE_REQUIRED if k not in mapping]
    if missing:
        labels = ", ".join(str(files.INVOICE_FIELDS[k]) for k in missing)
        raise Refused(
            [
                {
                    "row": 1,
                    "column": "",
                    "message": _("Neither a FEC nor an invoice file: no column for %(fields)s.")
                    % {"fields": labels},
                }
            ],
            1,
        )
    docs, checked = files.read_invoices(table.rows, headers=table.headers, mapping=mapping)
    if checked.error_count:
        raise Refused([e.as_dict() for e in checked.errors], checked.error_count)
    return Loaded(INVOICES, docs, checked.rows)
