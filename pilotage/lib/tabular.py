"""Read CSV and XLSX files row by row, whatever their encoding and separator.

CSV: UTF-8 with or without BOM, else Windows-1252; separator sniffed among ``;``, ``,``,
tab and ``|``. XLSX: the first sheet, read in streaming mode. Rows come as lists of
strings (CSV) or cell values (XLSX), numbered from 2 (the header is row 1), as a
spreadsheet shows them.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

SEPARATORS = ";,\t|"
XLSX_MAGIC = b"PK\x03\x04"


class UnreadableFile(ValueError):
    """The file is not a CSV or XLSX this module can read."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (row number, values)
    encoding: str = ""
    separator: str = ""
    # The text layer over the caller's stream, kept alive with the table: collected, it
    # would close the caller's stream.
    source: Any = None


def sniff_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        # A multi-byte character cut by the end of the sample is still UTF-8.
        if e.start < len(head) - 3:
            return "cp1252"
    return "utf-8"


def sniff_separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def open_table(stream: IO[bytes]) -> Table:
    head = stream.read(65536)
    stream.seek(0)
    if head.startswith(XLSX_MAGIC):
        return _open_xlsx(stream)
    if not head.strip():
        raise UnreadableFile("empty file")
    encoding = sniff_encoding(head)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    first = text.readline()
    text.seek(0)
    separator = sniff_separator(first)
    reader = csv.reader(text, delimiter=separator)
    try:
        headers = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error, UnicodeDecodeError) as e:
        raise UnreadableFile(str(e)) from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, row in enumerate(reader, start=2):
                if any(cell.strip() for cell in row):
                    yield number, row
        except (csv.Error, UnicodeDecodeError) as e:
            raise UnreadableFile(f"row {reader.line_num}: {e}") from None

    return Table(headers=headers, rows=rows(), encoding=encoding, separator=separator, source=text)


def _open_xlsx(stream: IO[bytes]) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds on a damaged file
        raise UnreadableFile(f"XLSX: {e}") from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        headers = ["" if h is None else str(h).strip() for h in next(values)]
    except StopIteration:
        raise UnreadableFile("empty sheet") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, row in enumerate(values, start=2):
            if any(v not in (None, "") for v in row):
                yield number, list(row)
        workbook.close()

    return Table(headers=headers, rows=rows(), encoding="xlsx", separator="")


def fold(text: Any) -> str:
    """Compared without case, accents, spaces around or the kind of apostrophe."""
    text = str(text or "").strip().replace("\u2019", "'").casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def guess_columns(
    headers: list[str], names: dict[str, tuple[str, ...]], labels: dict[str, Any]
) -> dict[str, str]:
    """Which header holds each field: the first of its usual ``names`` (or its ``label``)
    found among ``headers``, compared folded; a header serves one field only."""
    by_fold = {fold(h): h for h in headers}
    guess: dict[str, str] = {}
    for key, usual in names.items():
        for name in (*usual, str(labels[key])):
            header = by_fold.get(fold(name))
            if header and header not in guess.values():
                guess[key] = header
                break
    return guess
