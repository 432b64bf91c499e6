"""Template helpers loaded in every template: money, permissions, stage display."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import get_language

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
