"""Indicator values from a CSV or XLSX file: one row per value (period, indicator, value,
optional comment). Every row is checked first, through the same rules as the form; if one is
refused, nothing is stored and the errors name their rows."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pilotage.core import audit
from pilotage.core.imports import confirm_mapping
from pilotage.core.models import AuditAction, ImportStatus, Membership, User
from pilotage.engagements.models import Engagement
from pilotage.lib.tabular import UnreadableFile, fold, guess_columns, open_table

from . import periods, services
from .labels import period_label
from .models import Indicator, KpiImport

FIELDS = {
    "period": gettext_lazy("Period"),
    "indicator": gettext_lazy("Indicator"),
    "value": gettext_lazy("Value"),
    "comment": gettext_lazy("Comment"),
}
REQUIRED = ("period", "indicator", "value")
SYNONYMS = {
    "period": ("période", "periode", "mois", "month", "period", "date"),
    "indicator": ("indicateur", "indicator", "kpi", "nom", "name"),
    "value": ("valeur", "value", "montant", "résultat"),
    "comment": ("commentaire", "comment", "remarque", "note"),
}
ALLOWED = (".csv", ".txt", ".xlsx")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_ERRORS = 100


def upload(*, actor: User, engagement: Engagement, file: Any) -> KpiImport:
    """Keep the file and the columns it names, to be mapped."""
    name = getattr(file, "name", "") or "file"
    if not name.lower().endswith(ALLOWED):
        raise ValidationError({"file": _("Send a CSV or an XLSX file.")})
    if file.size > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 5 MB.")})
    try:
        table = open_table(file)
    except UnreadableFile as e:
        raise ValidationError(
            {"file": _("This file cannot be read: %(reason)s") % {"reason": e}}
        ) from None
    headers = [str(h) for h in table.headers]
    file.seek(0)
    with transaction.atomic():
        job = KpiImport(
            organisation=engagement.organisation,
            engagement=engagement,
            uploaded_by=actor,
            original_name=name[-255:],
            mapping={"_headers": headers, **guess_columns(headers, SYNONYMS, FIELDS)},
        )
        job.file.save(name, file, save=False)
        job.save()
    return job


def _indicators(engagement: Engagement) -> dict[str, Indicator]:
    """Indicators by folded name and by catalogue code."""
    out: dict[str, Indicator] = {}
    for indicator in engagement.indicators.filter(active=True):
        indicator.engagement = engagement
        out[fold(indicator.name)] = indicator
        if indicator.template:
            out[fold(indicator.template)] = indicator
    return out


def start(
    *, actor: User, membership: Membership, job: KpiImport, mapping: dict[str, str]
) -> KpiImport:
    """Check the mapping, then every row; store all the values or none."""
    headers = confirm_mapping(job, mapping, REQUIRED)
    job.mapping = {"_headers": headers, **{k: v for k, v in mapping.items() if v}}
    engagement = job.engagement
    known = _indicators(engagement)
    entries, row_errors, rows = [], [], 0
    with job.file.open("rb") as f:
        table = open_table(f)
        index = {h: k for k, h in enumerate(table.headers)}
        column = {key: index[col] for key, col in job.mapping.items() if not key.startswith("_")}

        def cell(row: list[Any], key: str) -> str:
            k = column.get(key)
            value = row[k] if k is not None and k < len(row) else None
            if hasattr(value, "date") and callable(value.date):
                value = value.date().isoformat()
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            return "" if value is None else str(value).strip()

        for number, row in table.rows:
            if not any(str(v or "").strip() for v in row):
                continue
            rows += 1
            if rows > MAX_ROWS:
                row_errors.append(
                    {
                        "row": number,
                        "column": "",
                        "message": _("More than %(n)s rows: split the file.") % {"n": MAX_ROWS},
                    }
                )
                break
            name = cell(row, "indicator")
            indicator = known.get(fold(name))
            if indicator is None:
                row_errors.append(
                    {
                        "row": number,
                        "column": job.mapping["indicator"],
                        "message": _("No indicator “%(name)s” in this engagement.")
                        % {"name": name},
                    }
                )
                continue
            period = periods.parse(cell(row, "period"), indicator.frequency)
            if period is None:
                row_errors.append(
                    {
                        "row": number,
                        "column": job.mapping["period"],
                        "message": _("“%(text)s” is not a period of %(name)s.")
                        % {"text": cell(row, "period"), "name": indicator.name},
                    }
                )
                continue
            entries.append(
                services.Entry(
                    indicator,
                    period,
                    cell(row, "value"),
                    comment=cell(row, "comment"),
                    field=str(number),
                )
            )
    seen: dict[tuple[int, Any], str] = {}
    for entry in entries:
        key = (entry.indicator.pk, entry.period)
        if key in seen:
            row_errors.append(
                {
                    "row": int(entry.field),
                    "column": "",
                    "message": _("%(name)s, %(period)s is already on row %(row)s.")
                    % {
                        "name": entry.indicator.name,
                        "period": period_label(entry.period, entry.indicator.frequency),
                        "row": seen[key],
                    },
                }
            )
        seen[key] = entry.field
    if not row_errors and entries:
        try:
            with transaction.atomic():
                services.values_submit(actor=actor, membership=membership, entries=entries)
                job.created_count = len(entries)
                _finish(job, ImportStatus.DONE, rows)
                audit.record(
                    action=AuditAction.CREATE,
                    organisation=job.organisation,
                    actor=actor,
                    obj=job,
                    changes={"rows": [None, rows], "created": [None, len(entries)]},
                )
            return job
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                row_errors += [{"row": int(field), "column": "", "message": m} for m in messages]
    if not entries and not row_errors:
        row_errors.append({"row": 1, "column": "", "message": _("The file holds no value.")})
    row_errors.sort(key=lambda e: e["row"])
    job.errors = row_errors[:MAX_ERRORS]
    job.error_count = len(row_errors)
    _finish(job, ImportStatus.FAILED, rows)
    return job


def _finish(job: KpiImport, status: str, rows: int) -> None:
    job.status = status
    job.total_rows = job.processed_rows = rows
    job.finished_at = timezone.now()
    job.save()
