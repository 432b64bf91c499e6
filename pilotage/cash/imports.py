"""Cash imports, run in the background: check the whole file, then write everything in
one transaction, or nothing.

A FEC rebuilds the engagement's documents from every fiscal year imported (the opening
entries of a year left out when the year before is there); an invoice file replaces the
invoices with the same numbers; a log adds the events not yet known. Importing the same
file again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core import audit
from pilotage.core.models import AuditAction, ImportStatus
from pilotage.engagements.models import Engagement
from pilotage.lib import bulk
from pilotage.lib.tabular import UnreadableFile, open_table
from pilotage.sla.models import ColumnMapping

from . import documents as d
from . import fec, files
from .models import CashEvent, CashImport, Customer, Document, ImportKind, Settlement
from .services import MAPPING_KIND, load, terms_of, touch


class _Refused(Exception):
    def __init__(self, errors: list[dict[str, Any]], count: int):
        self.errors, self.count = errors, count


def _refuse(message: str) -> _Refused:
    return _Refused([{"row": 0, "column": "", "message": message}], 1)


def run_import(import_id: int) -> None:
    """Check the whole file, then write everything in one transaction, or nothing."""
    started = CashImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, processed_rows=0
    )
    if not started:
        return
    job = CashImport.objects.select_related("engagement__organisation").get(pk=import_id)

    def progress(n: int) -> None:
        CashImport.objects.filter(pk=job.pk).update(processed_rows=n)

    try:
        if job.kind == ImportKind.FEC:
            _import_fec(job, progress)
        elif job.kind == ImportKind.INVOICES:
            _import_invoices(job)
        else:
            _import_events(job)
    except _Refused as e:
        job.errors = e.errors
        job.error_count = e.count
        job.status = ImportStatus.FAILED
        job.finished_at = timezone.now()
        job.save()


def _finish(job: CashImport, *, rows: int, created: int, updated: int, note: str = "") -> None:
    job.total_rows = job.processed_rows = rows
    job.created_count, job.updated_count = created, updated
    job.note = note[:300]
    job.status = ImportStatus.DONE
    job.finished_at = timezone.now()
    job.save()
    audit.record(
        action=AuditAction.CREATE,
        organisation=job.organisation,
        actor=job.uploaded_by,
        obj=job,
        changes={"rows": [None, rows], "created": [None, created], "updated": [None, updated]},
    )
    if job.engagement.vendor_id and job.kind in MAPPING_KIND:
        mapping = {k: v for k, v in job.mapping.items() if not k.startswith("_")}
        ColumnMapping.objects.update_or_create(
            vendor_id=job.engagement.vendor_id,
            kind=MAPPING_KIND[job.kind],
            defaults={"mapping": mapping},
        )
    touch(job.engagement)


def _other_source(engagement: Engagement, source: str) -> bool:
    return Document.objects.filter(engagement=engagement).exclude(source=source).exists()


def _read_fec(job: CashImport, progress: Any = None) -> fec.CustomerLines:
    with job.file.open("rb") as f:
        try:
            return fec.read(f, progress=progress)
        except fec.FecRefused as e:
            raise _Refused([x.as_dict() for x in e.errors], e.count) from None


def _import_fec(job: CashImport, progress: Any) -> None:
    engagement = job.engagement
    if _other_source(engagement, ImportKind.FEC):
        raise _refuse(
            _(
                "This engagement's figures come from invoice files: forget the imported data (import page) before importing its books."
            )
        )
    lines = _read_fec(job, progress)
    assert lines.first_day is not None and lines.last_day is not None
    job.period_start, job.period_end = d.date_of(lines.first_day), d.date_of(lines.last_day)
    books = CashImport.objects.filter(
        engagement=engagement, kind=ImportKind.FEC, status=ImportStatus.DONE, superseded=False
    ).exclude(pk=job.pk)
    if any(b.digest == job.digest for b in books):
        _finish(
            job,
            rows=lines.lines_read,
            created=0,
            updated=0,
            note=_("Identical to books already imported: nothing changed."),
        )
        return
    replaced = [
        b
        for b in books
        if b.period_start
        and b.period_end
        and b.period_start <= job.period_end
        and job.period_start <= b.period_end
    ]
    kept = [b for b in books if b not in replaced]
    years = sorted(
        [
            (job.period_start, job.period_end, lines),
            *((b.period_start, b.period_end, None) for b in kept),
        ],
        key=lambda y: y[0],
    )
    merged = fec.CustomerLines()
    covered = [(s, e) for s, e, _l in years]
    for start, _end, part in years:
        if part is None:
            part = _read_fec(next(b for b in kept if b.period_start == start))
        # The opening entries repeat what the previous year's books already hold.
        previous_known = any(
            s < start <= e + dt.timedelta(days=1) for s, e in covered if s != start
        )
        _extend(merged, part, drop_opening=previous_known)
    docs = fec.documents(merged)
    with transaction.atomic():
        CashImport.objects.filter(pk__in=[b.pk for b in replaced]).update(superseded=True)
        before = Document.objects.filter(engagement=engagement).count()
        Document.objects.filter(engagement=engagement).delete()
        created = _write(engagement, docs, ImportKind.FEC)
        note = _("Replaces the books of the same period imported before.") if replaced else ""
        _finish(
            job,
            rows=lines.lines_read,
            created=created,
            updated=before if replaced else 0,
            note=note,
        )


def _extend(into: fec.CustomerLines, part: fec.CustomerLines, *, drop_opening: bool) -> None:
    keep = [k for k in range(len(part)) if not (drop_opening and part.reading[k] == fec.OPENING)]
    for name in (
        "line",
        "customer",
        "journal",
        "entry",
        "date",
        "doc_date",
        "ref",
        "label",
        "debit",
        "credit",
        "letter",
        "reading",
    ):
        src = getattr(part, name)
        getattr(into, name).extend(src[k] for k in keep)
    for code, name in part.names.items():
        into.names.setdefault(code, name)


def _customers(engagement: Engagement, names: dict[str, str]) -> dict[str, int]:
    known = dict(Customer.objects.filter(engagement=engagement).values_list("code", "pk"))
    Customer.objects.bulk_create(
        [
            Customer(engagement=engagement, code=c[:200], name=n[:200])
            for c, n in names.items()
            if c not in known
        ],
        batch_size=2000,
    )
    return dict(Customer.objects.filter(engagement=engagement).values_list("code", "pk"))


DOC_COLUMNS = (
    "organisation_id",
    "engagement_id",
    "customer_id",
    "source",
    "number",
    "kind",
    "issued",
    "due_given",
    "due",
    "amount",
    "delivered",
    "paid_on",
    "line",
)


def _write(engagement: Engagement, docs: d.Documents, source: str) -> int:
    """Insert the documents and their settlements, due dates and paid dates computed."""
    customer_of = _customers(engagement, docs.names)
    default, per_customer = terms_of(engagement)
    led = docs.ledger(default, per_customer)
    connection = connections[router.db_for_write(Document)]
    adapt_date = connection.ops.adapt_datefield_value
    adapt_dec = connection.ops.adapt_decimalfield_value

    def day(value: int | None) -> Any:
        return None if value is None else adapt_date(d.date_of(value))

    def npday(value: np.datetime64) -> Any:
        return adapt_date(d.date_or_none(value))

    def money(cents: int) -> Any:
        return adapt_dec(Decimal(cents).scaleb(-2), 14, 2)

    created = bulk.insert(
        Document,
        DOC_COLUMNS,
        (
            [
                engagement.organisation_id,
                engagement.pk,
                customer_of[docs.customer[k]],
                source,
                docs.number[k][:60],
                docs.kind[k],
                day(docs.issued[k]),
                day(docs.due[k]),
                npday(led.due[k]),
                money(docs.amount[k]),
                day(docs.delivered[k]),
                npday(led.paid_on[k]),
                docs.line[k],
            ]
            for k in range(len(docs))
        ),
    )
    pks = list(
        Document.objects.filter(engagement=engagement, source=source)
        .order_by("-pk")
        .values_list("pk", flat=True)[:created]
    )[::-1]
    bulk.insert(
        Settlement,
        ("document_id", "date", "amount", "kind"),
        (
            [
                pks[docs.set_doc[k]],
                day(docs.set_date[k]),
                money(docs.set_amount[k]),
                docs.set_kind[k],
            ]
            for k in range(len(docs.set_doc))
        ),
    )
    return created


def _table(job: CashImport) -> Any:
    try:
        with job.file.open("rb") as f:
            data = f.read()
    except OSError as e:
        raise _refuse(str(e)) from None
    try:
        return open_table(io.BytesIO(data))
    except UnreadableFile as e:
        raise _refuse(_("This file cannot be read: %(reason)s") % {"reason": e}) from None


def _import_invoices(job: CashImport) -> None:
    engagement = job.engagement
    if _other_source(engagement, ImportKind.INVOICES):
        raise _refuse(
            _(
                "This engagement's figures come from its books (FEC): invoice files cannot be added to them (forget the imported data first to change)."
            )
        )
    table = _table(job)
    mapping = {k: v for k, v in job.mapping.items() if not k.startswith("_")}
    new, checked = files.read_invoices(table.rows, headers=table.headers, mapping=mapping)
    if checked.error_count:
        raise _Refused([e.as_dict() for e in checked.errors], checked.error_count)
    # Due dates the files gave, not those the terms computed: those keep following the terms.
    current, _pks = load(engagement, with_given_due_only=True)
    old_state, new_state = _fingerprints(current), _fingerprints(new)
    created = sum(1 for n in new_state if n not in old_state)
    updated = sum(1 for n, state in new_state.items() if n in old_state and old_state[n] != state)
    if not (created or updated):
        with transaction.atomic():
            _finish(
                job,
                rows=checked.rows,
                created=0,
                updated=0,
                note=_("Every invoice was already known as it is: nothing changed."),
            )
        return
    # The invoices of the file replace those with the same number; the others stay.
    merged = d.Documents(names={**current.names, **new.names})
    keep = [k for k in range(len(current)) if current.number[k] not in new_state]
    for source_docs, picks in ((current, keep), (new, range(len(new)))):
        remap = {}
        for k in picks:
            remap[k] = merged.add(
                customer=source_docs.customer[k],
                number=source_docs.number[k],
                kind=source_docs.kind[k],
                issued=source_docs.issued[k],
                amount=source_docs.amount[k],
                due=source_docs.due[k],
                delivered=source_docs.delivered[k],
                line=source_docs.line[k],
            )
        for j, doc in enumerate(source_docs.set_doc):
            if doc in remap:
                merged.settle(
                    remap[doc],
                    date=source_docs.set_date[j],
                    amount=source_docs.set_amount[j],
                    kind=source_docs.set_kind[j],
                )
    with transaction.atomic():
        Document.objects.filter(engagement=engagement).delete()
        _write(engagement, merged, ImportKind.INVOICES)
        _finish(job, rows=checked.rows, created=created, updated=updated)


def _fingerprints(docs: d.Documents) -> dict[str, tuple[Any, ...]]:
    pays: dict[int, list[tuple[int, int]]] = {}
    for j, doc in enumerate(docs.set_doc):
        pays.setdefault(doc, []).append((docs.set_date[j], docs.set_amount[j]))
    return {
        docs.number[k]: (
            docs.customer[k],
            docs.issued[k],
            docs.due[k],
            docs.amount[k],
            docs.delivered[k],
            tuple(pays.get(k, ())),
        )
        for k in range(len(docs))
    }


def _import_events(job: CashImport) -> None:
    engagement = job.engagement
    table = _table(job)
    mapping = {k: v for k, v in job.mapping.items() if not k.startswith("_")}
    known = set(Document.objects.filter(engagement=engagement).values_list("number", flat=True))
    rows, checked = files.read_events(
        table.rows, headers=table.headers, mapping=mapping, known=known
    )
    if checked.error_count:
        raise _Refused([e.as_dict() for e in checked.errors], checked.error_count)
    existing = set(
        CashEvent.objects.filter(engagement=engagement).values_list(
            "number", "kind", "date", "channel"
        )
    )
    fresh = []
    for k in range(len(rows.number)):
        key = (rows.number[k], rows.kind[k], d.date_of(rows.date[k]), rows.channel[k])
        if key in existing:
            continue
        existing.add(key)
        fresh.append(
            CashEvent(
                organisation=job.organisation,
                engagement=engagement,
                number=key[0],
                kind=key[1],
                date=key[2],
                channel=key[3],
                reason=rows.reason[k],
                source=job,
                created_by=job.uploaded_by,
            )
        )
    with transaction.atomic():
        CashEvent.objects.bulk_create(fresh, batch_size=2000)
        _finish(
            job,
            rows=checked.rows,
            created=len(fresh),
            updated=0,
            note="" if fresh else _("Every line was already in the log: nothing changed."),
        )
