"""Indicator values, periods and states as the pages show them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import gettext as _

from ..labels import period_label, value_text

register = template.Library()


@register.filter
def kpi_value(value: Any, unit: str) -> str:
    return value_text(value, unit)


@register.filter
def period_name(start: dt.date, frequency: str) -> str:
    return period_label(start, frequency)


STATE_SIGNS = {"green": "●", "amber": "▲", "red": "■"}


@register.filter
def state_name(state: str | None) -> str:
    return {
        "green": _("on target"),
        "amber": _("watch"),
        "red": _("off target"),
    }.get(state or "", _("no value"))


@register.filter
def state_sign(state: str | None) -> str:
    return STATE_SIGNS.get(state or "", "○")


@register.filter
def rule_name(rule: str) -> str:
    return {
        "worsening": _("Three periods in a row getting worse"),
        "trend": _("The trend reaches the red threshold within two periods"),
        "outlier": _("Outside its usual range"),
    }.get(rule, rule)
