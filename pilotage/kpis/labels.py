"""How periods, values and unit errors read, in the reader's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import periods, units


def period_label(start: dt.date, frequency: str) -> str:
    """``nov. 2026``, ``S47 2026`` (``W47 2026``), ``T4 2026`` (``Q4 2026``)."""
    if frequency == periods.WEEKLY:
        year, week = periods.iso_week(start)
        return pgettext("week", "W%(week)02d %(year)s") % {"week": week, "year": year}
    if frequency == periods.QUARTERLY:
        return pgettext("quarter", "Q%(quarter)s %(year)s") % {
            "quarter": (start.month - 1) // 3 + 1,
            "year": start.year,
        }
    return date_format(start, "N Y")


def short_period_label(start: dt.date, frequency: str) -> str:
    """For chart axes: ``nov. 26``, ``S47``, ``T4 26``."""
    if frequency == periods.WEEKLY:
        return pgettext("week", "W%(week)02d") % {"week": periods.iso_week(start)[1]}
    if frequency == periods.QUARTERLY:
        return pgettext("quarter", "Q%(quarter)s %(year)s") % {
            "quarter": (start.month - 1) // 3 + 1,
            "year": start.strftime("%y"),
        }
    return date_format(start, "N y")


def unit_name(unit: str) -> str:
    return {
        units.DAYS: _("days"),
        units.PERCENT: _("percent"),
        units.COUNT: _("number"),
        units.EUROS: _("euros"),
        units.HOURS: _("hours"),
        units.SCORE: _("score"),
    }[unit]


def axis_title(unit: str) -> str:
    """A chart's vertical axis: ``jours``, ``%``, ``nombre``…"""
    return {
        units.DAYS: pgettext("axis", "days"),
        units.PERCENT: "%",
        units.COUNT: pgettext("axis", "number"),
        units.EUROS: "€",
        units.HOURS: pgettext("axis", "hours"),
        units.SCORE: pgettext("axis", "score"),
    }[unit]


def value_text(value: Decimal | float | None, unit: str) -> str:
    """``45,5 j``, ``82,3 %``, ``12``, ``1 250,00 €``, ``3,5 h``, ``7,8``."""
    if value is None:
        return "—"
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-units.DECIMALS[unit]))
    if unit != units.EUROS:  # no trailing zeros: 4,5 h, 45 j
        number = (
            number.quantize(Decimal(1))
            if number == number.to_integral_value()
            else number.normalize()
        )
    shown = number_format(number, use_l10n=True, force_grouping=True)
    suffix = {
        units.DAYS: pgettext("unit", "d"),
        units.PERCENT: "%",
        units.EUROS: "€",
        units.HOURS: pgettext("unit", "h"),
    }.get(unit)
    return f"{shown}\u00a0{suffix}" if suffix else shown


def unit_error(e: units.BadValue) -> str:
    if e.code == "empty":
        return _("Give a value.")
    if e.code == "not_number":
        return _("This is not a number (expected: %(unit)s).") % {"unit": unit_name(e.unit)}
    if e.code == "unit":
        return _("Wrong unit: %(found)s instead of %(unit)s.") % {
            "found": unit_name(e.found),
            "unit": unit_name(e.unit),
        }
    if e.code == "scale":
        return _("This score is out of %(found)s; the indicator's is out of %(scale)s.") % {
            "found": e.found,
            "scale": number_format(e.high.normalize(), use_l10n=True),
        }
    if e.code == "integer":
        return _("A count is a whole number.")
    return _("The value must lie between %(low)s and %(high)s.") % {
        "low": number_format(e.low, use_l10n=True, force_grouping=True),
        "high": number_format(e.high, use_l10n=True, force_grouping=True),
    }


def describe_warning(
    warning: Any, unit: str, red: float | None, periods_: list[dt.date], frequency: str
) -> str:
    """One sentence saying which rule fired, on which values."""
    shown = [value_text(v, unit) for v in warning.values]
    if warning.rule == "worsening":
        first = period_label(periods_[warning.positions[0]], frequency)
        return _("Worse at each period since %(first)s: %(values)s.") % {
            "first": first,
            "values": " → ".join(shown),
        }
    if warning.rule == "trend":
        return _(
            "The line through the last %(count)s values (%(values)s) leads to %(projected)s "
            "within two periods; red from %(red)s."
        ) % {
            "count": len(shown),
            "values": ", ".join(shown),
            "projected": _(" then ").join(value_text(v, unit) for v in warning.projected),
            "red": value_text(red, unit),
        }
    history = sorted(warning.values[:-1])
    return _(
        "%(value)s against a usual %(low)s to %(high)s over the %(count)s periods before "
        "(robust z-score %(score)s, %(side)s)."
    ) % {
        "value": shown[-1],
        "low": value_text(history[len(history) // 4], unit),
        "high": value_text(history[(3 * len(history)) // 4], unit),
        "count": len(history),
        "score": number_format(round(warning.score or 0, 1), use_l10n=True),
        "side": _("on the worse side") if warning.worse else _("on the better side"),
    }
