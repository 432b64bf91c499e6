"""Template helpers of the diagnostic: classes, verdicts and risk levels as words, colours
and signs; hours as the leader reads them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import pgettext

from .. import labels

register = template.Library()


@register.filter
def category_name(code: str | None) -> str:
    return str(labels.CATEGORY_NAMES.get(code or "", ""))


@register.filter
def category_hint(code: str | None) -> str:
    return str(labels.CATEGORY_HINTS.get(code or "", ""))


@register.filter
def category_class(code: str | None) -> str:
    return labels.CATEGORY_STYLE.get(code or "", labels.CATEGORY_STYLE[""])[0]


@register.filter
def category_icon(code: str | None) -> str:
    return labels.CATEGORY_STYLE.get(code or "", labels.CATEGORY_STYLE[""])[1]


@register.filter
def verdict_name(code: str) -> str:
    return str(labels.VERDICT_NAMES.get(code, code))


@register.filter
def level_name(code: str | None) -> str:
    return str(labels.LEVEL_NAMES.get(code or "", ""))


@register.filter
def level_class(code: str | None) -> str:
    return labels.LEVEL_STYLE.get(code or "", ("text-bg-light border", ""))[0]


@register.filter
def level_icon(code: str | None) -> str:
    return labels.LEVEL_STYLE.get(code or "", ("", "bi-dash-circle"))[1]


@register.filter
def hours(value: Any) -> str:
    """``12.50`` → "12,5 h"; ``0.25`` → "0,25 h"; None → "—"."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return "—"
    places = max(0, -int(amount.normalize().as_tuple().exponent))
    return pgettext("hours, short", "%(n)s h") % {"n": floatformat(amount, places)}


@register.filter
def documented_name(code: str | None) -> str:
    return str(labels.DOCUMENTED_SHORT.get(code or "", ""))
