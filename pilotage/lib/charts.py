"""Charts as SVG, drawn by Vega-Lite (vl-convert) on the server.

The same SVG goes into the web page (inline: it carries no script and no style
attribute, so the Content-Security-Policy holds) and into PDF reports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
LOCALES: dict[str, Any] = {"fr": "fr-FR", "en": "en-GB"}
BRAND = "#1f3a5f"
GOOD = "#198754"
BAD = "#dc3545"


def render_svg(spec: dict[str, Any], *, language: str = "fr") -> str:
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec, format_locale=LOCALES.get(language[:2], "en-GB"))
    # The drawing is decoration for screen readers: the page carries the figures as a table.
    return svg.replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ', 1)


def compliance_chart(
    points: Sequence[tuple[str, float | None]],
    *,
    target: float,
    y_title: str,
    language: str = "fr",
) -> str:
    """Monthly compliance bars (green on target, red below) with the target as a dashed line."""
    values = [
        {"month": label, "compliance": value, "ok": value >= target}
        for label, value in points
        if value is not None
    ]
    shown = [float(value) for _label, value in points if value is not None]
    floor = max(0.0, min([*shown, target]) - 10)
    floor = float(int(floor // 5 * 5))
    spec = {
        "$schema": SCHEMA,
        "width": 640,
        "height": 220,
        "background": "white",
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 11}},
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "bar", "cornerRadiusTopLeft": 2, "cornerRadiusTopRight": 2},
                "encoding": {
                    "x": {
                        "field": "month",
                        "type": "ordinal",
                        "sort": None,
                        "title": None,
                        "axis": {"labelAngle": 0},
                    },
                    "y": {
                        "field": "compliance",
                        "type": "quantitative",
                        "title": y_title,
                        "scale": {"domain": [floor, 100], "zero": False},
                    },
                    "y2": {"datum": floor},
                    "color": {
                        "field": "ok",
                        "type": "nominal",
                        "legend": None,
                        "scale": {"domain": [True, False], "range": [GOOD, BAD]},
                    },
                },
            },
            {
                "mark": {"type": "rule", "color": BRAND, "strokeDash": [4, 3], "strokeWidth": 1.5},
                "encoding": {"y": {"datum": target}},
            },
        ],
    }
    return render_svg(spec, language=language)


def trend_chart(
    points: Sequence[tuple[str, dict[str, float | None]]],
    *,
    y_title: str,
    target: float | None = None,
    percent: bool = False,
    language: str = "fr",
) -> str:
    """Monthly lines, one per series (``{series label: value}`` per month), with the target
    as a dashed line."""
    values = [
        {"month": label, "series": name, "value": value}
        for label, series in points
        for name, value in series.items()
        if value is not None
    ]
    names = list(dict.fromkeys(name for _label, series in points for name in series))
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "point": True, "strokeWidth": 2},
            "encoding": {
                "x": {
                    "field": "month",
                    "type": "ordinal",
                    "sort": None,
                    "title": None,
                    "axis": {"labelAngle": -45},
                },
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": y_title,
                    "axis": {"format": ".0%"} if percent else {},
                },
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "sort": names,
                    "scale": {"range": [BRAND, "#6ea8fe", "#fd7e14"]},
                    "legend": {"orient": "bottom"} if len(names) > 1 else None,
                },
            },
        }
    ]
    if target is not None:
        layers.append(
            {
                "mark": {"type": "rule", "color": BAD, "strokeDash": [4, 3], "strokeWidth": 1.5},
                "encoding": {"y": {"datum": target}},
            }
        )
    spec = {
        "$schema": SCHEMA,
        "width": 440,
        "height": 170,
        "background": "white",
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 10, "titleFontSize": 11}},
        "data": {"values": values},
        "layer": layers,
    }
    return render_svg(spec, language=language)


AMBER = "#fd7e14"
STATE_COLOURS = {"green": GOOD, "amber": AMBER, "red": BAD, "none": "#6c757d"}


def indicator_chart(
    points: Sequence[tuple[str, float | None, str | None]],
    *,
    y_title: str,
    target: float | None = None,
    red: float | None = None,
    language: str = "fr",
) -> str:
    """One indicator over its periods (``(label, value, state)``): a line whose points take
    the colour of their state, the target as a green dashed line, the red threshold as a red one.
    Rendered once per distinct content (the SVG is cached)."""
    from django.core.cache import cache

    values = [
        {"period": label, "value": value, "state": state or "none"}
        for label, value, state in points
    ]
    labels = [label for label, _v, _s in points]
    x = {
        "field": "period",
        "type": "ordinal",
        "sort": labels,
        "scale": {"domain": labels},
        "title": None,
        "axis": {"labelAngle": -45},
    }
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "color": BRAND, "strokeWidth": 2},
            "encoding": {"x": x, "y": {"field": "value", "type": "quantitative", "title": y_title}},
        },
        {
            "mark": {"type": "point", "filled": True, "size": 55, "opacity": 1},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative"},
                "color": {
                    "field": "state",
                    "type": "nominal",
                    "legend": None,
                    "scale": {
                        "domain": list(STATE_COLOURS),
                        "range": list(STATE_COLOURS.values()),
                    },
                },
            },
        },
    ]
    for level, colour in ((target, GOOD), (red, BAD)):
        if level is not None:
            layers.append(
                {
                    "mark": {"type": "rule", "color": colour, "strokeDash": [4, 3]},
                    "encoding": {"y": {"datum": level}},
                }
            )
    spec = {
        "$schema": SCHEMA,
        "width": 380,
        "height": 150,
        "background": "white",
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 10, "titleFontSize": 11}},
        "data": {"values": [v for v in values if v["value"] is not None]},
        "layer": layers,
    }
    key = (
        "chart:"
        + hashlib.sha256(
            json.dumps([spec, language], sort_keys=True, default=str).encode()
        ).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        svg = render_svg(spec, language=language)
        cache.set(key, svg, 7 * 24 * 3600)
    return svg
