"""Durations as a leader reads them: 6 h 20, 45 min, 4 h, 2 j 3 h."""

from __future__ import annotations


def hours_text(seconds: float) -> str:
    """Rounded to the minute; hours keep counting past a day (covered time is not calendar time)."""
    minutes = int(round(seconds / 60))
    h, m = divmod(minutes, 60)
    if h and m:
        return f"{h} h {m:02d}"
    if h:
        return f"{h} h"
    return f"{m} min"
