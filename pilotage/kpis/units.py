"""Units of indicator values: what each accepts, read from what a person types.

Pure: ``read("45 j", DAYS)`` gives ``Decimal("45")``; a value in the wrong unit (``"45 %"``
for a number of days), of the wrong type (``"3,5"`` for a count) or out of range raises
:class:`BadValue` with the reason, in English here and translated by the caller.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

DAYS, PERCENT, COUNT, EUROS, HOURS, SCORE = "days", "percent", "count", "euros", "hours", "score"
UNITS = (DAYS, PERCENT, COUNT, EUROS, HOURS, SCORE)

# Suffixes a value may carry, by unit (lower case, without spaces).
SUFFIXES: dict[str, tuple[str, ...]] = {
    DAYS: ("j", "jour", "jours", "d", "day", "days"),
    PERCENT: ("%",),
    COUNT: (),
    EUROS: ("€", "eur", "euro", "euros"),
    HOURS: ("h", "heure", "heures", "hour", "hours"),
    SCORE: ("/10", "/5", "/100", "pts", "points"),
}
# Bounds every value of the unit lies within.
LIMITS: dict[str, tuple[Decimal, Decimal]] = {
    DAYS: (Decimal(-3660), Decimal(3660)),
    PERCENT: (Decimal(0), Decimal(100)),
    COUNT: (Decimal(0), Decimal(10**9)),
    EUROS: (Decimal(-(10**12)), Decimal(10**12)),
    HOURS: (Decimal(0), Decimal(10_000)),
    SCORE: (Decimal(0), Decimal(100)),
}
DECIMALS = {DAYS: 1, PERCENT: 1, COUNT: 0, EUROS: 2, HOURS: 2, SCORE: 1}

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NUMBER = re.compile(r"^([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+))(.*)$")


class BadValue(ValueError):
    """``code`` names the fault ("empty", "not_number", "unit", "scale", "integer", "range");
    ``unit`` the unit it was read for; ``found`` the other unit for "unit", the other scale for
    "scale"; the bounds for "range" (``high``: the scale for "scale")."""

    def __init__(
        self,
        code: str,
        unit: str,
        found: str = "",
        low: Decimal = Decimal(0),
        high: Decimal = Decimal(0),
    ):
        super().__init__(code)
        self.code, self.unit, self.found, self.low, self.high = code, unit, found, low, high


def _unit_of_suffix(suffix: str) -> str | None:
    for unit, known in SUFFIXES.items():
        if suffix in known:
            return unit
    return None


def read(
    text: str | int | float | Decimal | None, unit: str, *, scale: Decimal | None = None
) -> Decimal:
    """The value ``text`` gives in ``unit``: French or English writing (``1 234,5``, ``1,234.5``
    is refused as ambiguous only when it has both), an optional suffix of the same unit.
    ``scale`` is the top of a score's scale (10 by default)."""
    if isinstance(text, bool):
        raise BadValue("not_number", unit)
    if isinstance(text, int | float | Decimal):
        number = Decimal(str(text))
    else:
        compact = _SPACES.sub("", text or "").lower()
        if not compact:
            raise BadValue("empty", unit)
        match = _NUMBER.match(compact)
        if not match:
            raise BadValue("not_number", unit)
        digits, suffix = match.groups()
        if suffix:
            other = _unit_of_suffix(suffix)
            if other is None:
                raise BadValue("not_number", unit)
            if other != unit:
                raise BadValue("unit", unit, found=other)
            top = scale if scale is not None else Decimal(10)
            if suffix.startswith("/") and Decimal(suffix[1:]) != top:
                raise BadValue("scale", unit, found=suffix[1:], high=top)
        try:
            number = Decimal(digits.replace(",", "."))
        except InvalidOperation:
            raise BadValue("not_number", unit) from None
    if not number.is_finite():
        raise BadValue("not_number", unit)
    if unit == COUNT and number != number.to_integral_value():
        raise BadValue("integer", unit)
    low, high = LIMITS[unit]
    if unit == SCORE:
        high = scale if scale is not None else Decimal(10)
    if not low <= number <= high:
        raise BadValue("range", unit, low=low, high=high)
    return number.quantize(Decimal(1).scaleb(-DECIMALS[unit]))
