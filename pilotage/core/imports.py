"""The page of one import job, whatever it imports: the column mapping to confirm (with the
file's first rows), then its progress, polled by htmx, then its outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.lib.http import posted
from pilotage.lib.tabular import Table, UnreadableFile

from .forms import MappingForm
from .models import ImportJob, ImportStatus
from .views import apply_errors

PREVIEW_ROWS = 5


def preview(job: Any, read: Callable[[Any], Table], limit: int = PREVIEW_ROWS) -> list[list[str]]:
    """The first rows of the job's file, as text."""
    try:
        with job.file.open("rb") as f:
            rows = []
            for _n, row in read(f).rows:
                rows.append(["" if v is None else str(v) for v in row])
                if len(rows) >= limit:
                    break
            return rows
    except (UnreadableFile, OSError):
        return []


def confirm_mapping(
    job: ImportJob, mapping: dict[str, str], required: tuple[str, ...]
) -> list[str]:
    """Refuse a mapping that leaves a required field without its column or names a column
    the file does not have, or a job that has already run; returns the file's headers."""
    headers = job.mapping.get("_headers", [])
    errors = {
        key: _("Choose the column that holds this.") for key in required if not mapping.get(key)
    }
    errors.update(
        {key: _("Unknown column.") for key, col in mapping.items() if col and col not in headers}
    )
    if errors:
        raise ValidationError(errors)
    if job.status != ImportStatus.PENDING:
        raise ValidationError(_("This import has already run."))
    return headers


def import_page(
    request: HttpRequest,
    *,
    job: ImportJob,
    fields: tuple[dict[str, Any], tuple[str, ...]] | None,
    start: Callable[[dict[str, str]], Any],
    read: Callable[[Any], Table],
    here: str,
    templates: tuple[str, str],
    context: dict[str, Any],
) -> HttpResponse:
    """``fields``: what the file may hold and what it must (None: nothing to map);
    ``start(mapping)``: the service that runs the import; ``here``: this page's address;
    ``templates``: the whole page and the status fragment htmx polls."""
    headers = job.mapping.get("_headers", [])
    form = None
    if job.status == ImportStatus.PENDING and fields is not None:
        form = MappingForm(
            posted(request),
            fields=fields[0],
            headers=headers,
            required=fields[1],
            initial_map={k: v for k, v in job.mapping.items() if not k.startswith("_")},
        )
        if request.method == "POST" and form.is_valid():
            try:
                start(form.cleaned_data)
            except ValidationError as e:
                apply_errors(form, e)
            else:
                return redirect(here)
    elif request.method == "POST":
        raise Http404
    page, fragment = templates
    return render(
        request,
        fragment if request.htmx and form is None else page,  # type: ignore[attr-defined]
        {
            **context,
            "job": job,
            "form": form,
            "headers": headers,
            "preview": preview(job, read) if form else [],
            "waited_long": job.status == ImportStatus.QUEUED
            and timezone.now() - job.created_at > dt.timedelta(minutes=1),
        },
    )
