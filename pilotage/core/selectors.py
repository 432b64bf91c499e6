"""Reads of people and the trail, shared by pages, the API and exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AuditAction, AuditEntry, Membership

# Object types shown in the trail filter: model label → model (when it is one).
EXTRA_OBJECT_TYPES = {"export": gettext_lazy("Export")}


def member_list(membership: Membership) -> QuerySet[Membership]:
    return (
        Membership.objects.visible_to(membership)
        .select_related("user", "vendor")
        .order_by("-is_active", "role", "user__last_name", "user__email")
    )


def object_type_label(object_type: str) -> str:
    if object_type in EXTRA_OBJECT_TYPES:
        return str(EXTRA_OBJECT_TYPES[object_type])
    try:
        return str(apps.get_model(object_type)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return object_type


def audit_object_types(membership: Membership) -> list[tuple[str, str]]:
    types = (
        AuditEntry.objects.visible_to(membership)
        .exclude(object_type="")
        .order_by()
        .values_list("object_type", flat=True)
        .distinct()
    )
    return sorted(((t, object_type_label(t)) for t in types), key=lambda x: x[1])


def audit_entries(
    membership: Membership, filters: dict[str, Any] | None = None
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.visible_to(membership).select_related("actor")
    f = filters or {}
    if f.get("person"):
        qs = qs.filter(
            Q(actor=f["person"]) | Q(object_type="core.user", object_id=str(f["person"].pk))
        )
    if f.get("action"):
        qs = qs.filter(action=f["action"])
    if f.get("object_type"):
        qs = qs.filter(object_type=f["object_type"])
    if f.get("object_id"):
        qs = qs.filter(object_id=f["object_id"].strip())
    if f.get("q"):
        qs = qs.filter(Q(object_repr__icontains=f["q"]) | Q(actor_label__icontains=f["q"]))
    tz = timezone.get_current_timezone()
    if f.get("since"):
        qs = qs.filter(at__gte=dt.datetime.combine(f["since"], dt.time.min, tzinfo=tz))
    if f.get("until"):
        qs = qs.filter(
            at__lt=dt.datetime.combine(f["until"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        )
    return qs.order_by("-at", "-id")


# Values an entry may carry that are no model field.
EXTRA_CHANGE_LABELS = {
    "note": gettext_lazy("Note"),
    "rows": gettext_lazy("Rows"),
    "ip": gettext_lazy("IP address"),
}


def _field_label_and_value(object_type: str, name: str, value: Any) -> tuple[str, Any]:
    try:
        model = apps.get_model(object_type)
        field = model._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return str(EXTRA_CHANGE_LABELS.get(name, name)), _shown(value)
    label = str(getattr(field, "verbose_name", name))
    if isinstance(value, dict | list):
        return label[:1].upper() + label[1:], _shown(value)
    choices = dict(getattr(field, "flatchoices", None) or [])
    if value in choices:
        value = str(choices[value])
    if isinstance(value, bool) or value in ("True", "False"):
        value = _("yes") if value in (True, "True") else _("no")
    return label[:1].upper() + label[1:], value


def _shown(value: Any) -> Any:
    """Lists and mappings (weekly hours, tiers…) as one readable line."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(_shown(v)) for v in value)
    return value


def describe_changes(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """``[(field label, before, after)]`` in the reader's language."""
    out = []
    for name, pair in (entry.changes or {}).items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        label, before_shown = _field_label_and_value(entry.object_type, name, before)
        _label, after_shown = _field_label_and_value(entry.object_type, name, after)
        out.append((label, before_shown, after_shown))
    return out


# Export columns: a stable key (JSON) and a title in the reader's language (CSV, XLSX).
AUDIT_COLUMNS = [
    ("seq", gettext_lazy("No.")),
    ("at", gettext_lazy("Date and time")),
    ("actor", gettext_lazy("Who")),
    ("action", gettext_lazy("Action")),
    ("object_type", gettext_lazy("Object type")),
    ("object_id", gettext_lazy("Object number")),
    ("object", gettext_lazy("Object")),
    ("changes", gettext_lazy("Values")),
    ("ip", gettext_lazy("IP address")),
    ("hash", gettext_lazy("Fingerprint (SHA-256)")),
]


def audit_export_rows(qs: QuerySet[AuditEntry]) -> Iterator[list[Any]]:
    """One row per entry, the same for CSV, XLSX and JSON."""
    actions = dict(AuditAction.choices)
    for e in qs.iterator(chunk_size=2000):
        changes = "; ".join(
            f"{label}: {'' if b is None else b} → {'' if a is None else a}"
            for label, b, a in describe_changes(e)
        )
        yield [
            e.seq,
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_label,
            str(actions.get(e.action, e.action)),
            object_type_label(e.object_type),
            e.object_id,
            e.object_repr,
            changes,
            e.ip,
            e.hash,
        ]
