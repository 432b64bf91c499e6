"""Verdicts and recommendations as the pilot pages show them: a sign as well as a colour."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from .. import evaluate

register = template.Library()

VERDICTS = {
    evaluate.MET: ("green", "✓"),
    evaluate.NOT_MET: ("red", "✗"),
    evaluate.NO_DATA: ("none", "○"),
}
RECOMMENDATIONS = {
    evaluate.GO: ("green", "✓"),
    evaluate.NO_GO: ("red", "✗"),
    evaluate.CANNOT_JUDGE: ("none", "?"),
}


@register.filter
def verdict_name(verdict: str) -> str:
    return {
        evaluate.MET: _("met"),
        evaluate.NOT_MET: _("not met"),
        evaluate.NO_DATA: _("no data"),
    }.get(verdict, verdict)


@register.filter
def verdict_class(verdict: str) -> str:
    return VERDICTS.get(verdict, ("none", ""))[0]


@register.filter
def verdict_sign(verdict: str) -> str:
    return VERDICTS.get(verdict, ("none", "○"))[1]


@register.filter
def recommendation_name(verdict: str) -> str:
    return {
        evaluate.GO: _("Go"),
        evaluate.NO_GO: _("No-go"),
        evaluate.CANNOT_JUDGE: _("Cannot judge yet"),
    }.get(verdict, verdict)


@register.filter
def recommendation_class(verdict: str) -> str:
    return RECOMMENDATIONS.get(verdict, ("none", ""))[0]


@register.filter
def recommendation_sign(verdict: str) -> str:
    return RECOMMENDATIONS.get(verdict, ("none", "?"))[1]
