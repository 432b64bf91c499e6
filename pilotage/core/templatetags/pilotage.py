"""Template helpers loaded in every template: money, permissions, stage display."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext

from pilotage.lib.durations import hours_text
from pilotage.lib.money import format_money

from ..permissions import can as can_rule

register = template.Library()


@register.filter
def money(value: Any, currency: str = "EUR") -> str:
    """``12345.67`` → ``12 345,67 €`` in French, ``€12,345.67`` in English."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return ""
    return format_money(amount, currency=currency, language=get_language() or "fr")


@register.simple_tag(takes_context=True)
def can(context: template.Context, perm: str, obj: Any = None) -> bool:
    return can_rule(context.get("membership"), perm, obj)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


STAGE_COLOURS = {
    "diagnostic": "secondary",
    "specification": "info",
    "selection": "info",
    "contract": "primary",
    "pilot": "warning",
    "run": "success",
    "exit": "danger",
    "closed": "dark",
}


@register.filter
def stage_colour(stage: str) -> str:
    return STAGE_COLOURS.get(stage, "secondary")


WIDGET_CLASSES = {
    "CheckboxInput": "form-check-input",
    "Select": "form-select",
    "SelectMultiple": "form-select",
    "RadioSelect": "",
    "CheckboxSelectMultiple": "",
    "HiddenInput": "",
    "FileInput": "form-control",
    "ClearableFileInput": "form-control",
}


@register.filter
def bs_widget(bound_field: Any) -> str:
    """Render a form field's widget with Bootstrap's classes and its error state."""
    widget = bound_field.field.widget
    css = WIDGET_CLASSES.get(type(widget).__name__, "form-control")
    attrs: dict[str, Any] = {}
    if css:
        existing = widget.attrs.get("class", "")
        attrs["class"] = f"{existing} {css}".strip()
        if bound_field.errors:
            attrs["class"] += " is-invalid"
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}_error"
    elif bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_helptext"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def widget_type(bound_field: Any) -> str:
    return type(bound_field.field.widget).__name__


@register.filter
def duration_seconds(value: Any) -> str:
    """3600 → "1 h"; 22800 → "6 h 20"."""
    try:
        return hours_text(float(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def duration_minutes(value: Any) -> str:
    try:
        return hours_text(float(value) * 60)
    except (TypeError, ValueError):
        return ""


# -- indicators (values of a report: euros as numbers, shares 0–1, days) -------------------


@register.filter
def euros(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return money(Decimal(str(value)))


def _number(value: float, digits: int) -> str:
    text = f"{value:,.{digits}f}"
    if (get_language() or "fr").startswith("fr"):
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


@register.filter
def days(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return pgettext("days, short", "%(n)s d") % {"n": _number(float(value), 1)}


@register.filter
def percent(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return f"{_number(float(value) * 100, 1)}\u00a0%"


@register.filter
def month_label(value: str) -> str:
    """``2025-03`` → ``mars 2025``."""
    try:
        return date_format(dt.date.fromisoformat(f"{value}-01"), "F Y")
    except (TypeError, ValueError):
        return str(value)


@register.simple_tag
def indicator_state(value: Any, target: Any, lower: Any = False, kind: str = "") -> str:
    """``ok`` or ``bad`` against the target (a share is compared in percent), else ``""``."""
    if value is None or target in (None, ""):
        return ""
    actual = float(value) * (100 if kind == "share" else 1)
    good = actual <= float(target) if lower else actual >= float(target)
    return "ok" if good else "bad"
