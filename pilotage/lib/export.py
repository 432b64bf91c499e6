"""One row generator, three formats: CSV (semicolon, UTF-8 with BOM for French Excel), XLSX, JSON.

Columns are ``(key, title)`` pairs: CSV and XLSX show the titles (in the reader's
language), JSON uses the stable keys.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    n = 0
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
        n += 1
    return ("\ufeff" + buf.getvalue()).encode("utf-8"), n


def to_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Export"
) -> tuple[bytes, int]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    header_cells = []
    for h in headers:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=h)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    ws.append(header_cells)
    n = 0
    for row in rows:
        ws.append(list(row))
        n += 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), n


def to_json(keys: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    items = [dict(zip(keys, row, strict=True)) for row in rows]
    return json.dumps(items, ensure_ascii=False, indent=1, default=str).encode("utf-8"), len(items)


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}


def render(
    fmt: str, columns: Sequence[tuple[str, Any]], rows: Iterable[Sequence[Any]]
) -> tuple[bytes, int]:
    """Write ``rows`` in ``fmt``; returns the bytes and the number of rows written."""
    if fmt not in WRITERS:
        raise ValueError(f"Unknown export format {fmt!r}")
    if fmt == "json":
        return to_json([key for key, _title in columns], rows)
    return WRITERS[fmt]([str(title) for _key, title in columns], rows)
