"""Read the dates ticket and invoice files carry, in the zone the file was written in.

Accepted: ``23/11/2026 14:05[:30]``, ``23-11-2026 14:05``, ``2026-11-23 14:05[:30]``,
ISO 8601 with or without an offset (``2026-11-23T14:05:00+01:00``, ``…Z``), Jira's
``23/Nov/26 2:05 PM``, Excel serial numbers (``46349.586805``) and datetime values
from a spreadsheet. Local times are read with fold=0 (an ambiguous autumn time is its
first occurrence).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%y %H:%M",
    "%d/%b/%y %I:%M %p",
    "%d/%b/%Y %I:%M %p",
    "%d/%b/%y %H:%M",
)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T")
_MONTHS_FR = {
    "janv": "Jan",
    "févr": "Feb",
    "fevr": "Feb",
    "mars": "Mar",
    "avr": "Apr",
    "mai": "May",
    "juin": "Jun",
    "juil": "Jul",
    "août": "Aug",
    "aout": "Aug",
    "sept": "Sep",
    "oct": "Oct",
    "nov": "Nov",
    "déc": "Dec",
    "dec": "Dec",
}


class BadDate(ValueError):
    pass


def parse_instant(value: Any, zone: ZoneInfo, *, fold: int = 0) -> dt.datetime | None:
    """An aware datetime (UTC) from a cell; None for an empty cell; BadDate if unreadable.

    ``fold=1`` reads an ambiguous autumn local time as its second occurrence."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        naive_or_aware = value
    elif isinstance(value, dt.date):
        naive_or_aware = dt.datetime.combine(value, dt.time())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        naive_or_aware = _excel(float(value))
    else:
        text = str(value).strip()
        if not text:
            return None
        naive_or_aware = _parse_text(text)
    if naive_or_aware.tzinfo is None:
        naive_or_aware = naive_or_aware.replace(tzinfo=zone, fold=fold)
    return naive_or_aware.astimezone(dt.UTC)


def _excel(serial: float) -> dt.datetime:
    if not 1 <= serial < 2958466:
        raise BadDate(f"{serial} is no Excel date")
    return EXCEL_EPOCH + dt.timedelta(days=serial)


# The shapes nearly every export uses, read without strptime (ten times faster).
_DMY = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def _fast(text: str) -> dt.datetime | None:
    m = _DMY.match(text)
    if m:
        d, mo, y, h, mi, s = m.groups()
    else:
        m = _YMD.match(text)
        if not m:
            return None
        y, mo, d, h, mi, s = m.groups()
    try:
        return dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        raise BadDate(text) from None


def _parse_text(text: str) -> dt.datetime:
    quick = _fast(text)
    if quick is not None:
        return quick
    if _ISO.match(text):
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise BadDate(text) from None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _excel(float(text))
    normalised = text.replace(".", "") if re.search(r"[A-Za-zéû]", text) else text
    for fr, en in _MONTHS_FR.items():
        normalised = re.sub(rf"\b{fr}\b", en, normalised, flags=re.IGNORECASE)
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(normalised, fmt)
        except ValueError:
            continue
    raise BadDate(text)
