"""Every write of the cash capability: settings, customer terms, uploads (run by
:mod:`pilotage.cash.imports`), reminders and disputes. Each writes its audit entry in the
same transaction."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils.translation import gettext as _

from pilotage.core import audit
from pilotage.core.imports import confirm_mapping
from pilotage.core.models import AuditAction, ImportStatus, User
from pilotage.engagements.models import Engagement
from pilotage.kpis.tasks import refresh_soon
from pilotage.lib import bulk
from pilotage.lib.tabular import UnreadableFile, open_table
from pilotage.sla.models import ColumnMapping

from . import documents as d
from . import files
from .models import (
    CashEvent,
    CashImport,
    CashSettings,
    Customer,
    Document,
    ImportKind,
    Settlement,
)

ALLOWED_UPLOADS = (".csv", ".txt", ".tsv", ".xlsx")
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
MAPPING_KIND = {ImportKind.INVOICES: "cash_invoices", ImportKind.EVENTS: "cash_events"}


def settings_of(engagement: Engagement) -> CashSettings:
    found, _created = CashSettings.objects.get_or_create(engagement=engagement)
    return found


def touch(engagement: Engagement) -> None:
    """Data changed: what was computed before is stale (a new stamp, never seen before,
    even after the database is restored)."""
    settings_of(engagement)
    CashSettings.objects.filter(engagement=engagement).update(stamp=uuid.uuid4())
    refresh_soon(engagement.pk)


def settings_update(*, actor: User, engagement: Engagement, data: dict[str, Any]) -> CashSettings:
    with transaction.atomic():
        current = settings_of(engagement)
        current = CashSettings.objects.select_for_update().get(pk=current.pk)
        terms_changed = (
            data.get("terms_days", current.terms_days) != current.terms_days
            or data.get("terms_rule", current.terms_rule) != current.terms_rule
        )
        audit.save_changes(
            current,
            actor=actor,
            organisation=engagement.organisation,
            fields=CashSettings.AUDITED,
            values={k: v for k, v in data.items() if k in CashSettings.AUDITED},
        )
        if terms_changed:
            due_recompute(engagement=engagement)
        touch(engagement)
    current.refresh_from_db()
    return current


def customer_terms_update(
    *, actor: User, customer: Customer, terms_days: int | None, terms_rule: str
) -> Customer:
    if (terms_days is None) != (not terms_rule):
        raise ValidationError(
            {"terms_days": _("Give both the days and how they are counted, or neither.")}
        )
    with transaction.atomic():
        audit.save_changes(
            Customer.objects.select_for_update().get(pk=customer.pk),
            actor=actor,
            organisation=customer.engagement.organisation,
            fields=Customer.AUDITED,
            values={"terms_days": terms_days, "terms_rule": terms_rule},
        )
        due_recompute(engagement=customer.engagement)
        touch(customer.engagement)
    customer.refresh_from_db()
    return customer


def terms_of(engagement: Engagement) -> tuple[d.Terms, dict[str, d.Terms]]:
    per_customer = {
        c.code: c.terms for c in Customer.objects.filter(engagement=engagement) if c.terms
    }
    return settings_of(engagement).terms, per_customer


def due_recompute(*, engagement: Engagement) -> int:
    """Due dates not given by a file follow the terms: recompute them, and what follows."""
    docs, pks = load(engagement, with_given_due_only=True)
    if not pks:
        return 0
    default, per_customer = terms_of(engagement)
    led = docs.ledger(default, per_customer)
    connection = connections[router.db_for_write(Document)]
    adapt = connection.ops.adapt_datefield_value
    return bulk.update(
        Document,
        ("due",),
        ([adapt(d.date_or_none(led.due[k])), pk] for k, pk in enumerate(pks)),
    )


def load(
    engagement: Engagement, *, with_given_due_only: bool = False
) -> tuple[d.Documents, list[int]]:
    """The engagement's documents and settlements, as the indicators read them.

    Dates the file gave are kept as given; with ``with_given_due_only`` the stored due dates
    are forgotten where the file gave none, so that the terms give them again."""
    docs = d.Documents()
    pks: list[int] = []
    index: dict[int, int] = {}
    rows = (
        Document.objects.filter(engagement=engagement)
        .order_by("pk")
        .values_list(
            "pk",
            "customer__code",
            "customer__name",
            "number",
            "kind",
            "issued",
            "due",
            "due_given",
            "amount",
            "delivered",
            "line",
        )
    )
    for pk, code, name, number, kind, issued, due, given, amount, delivered, line in rows.iterator(
        chunk_size=20000
    ):
        index[pk] = docs.add(
            customer=code,
            number=number,
            kind=kind,
            issued=d.day(issued),
            amount=int(amount * 100),
            due=(d.day(given) if given else None) if with_given_due_only else d.day(due),
            delivered=d.day(delivered) if delivered else None,
            line=line,
        )
        docs.names.setdefault(code, name)
        pks.append(pk)
    settlements = Settlement.objects.filter(document__engagement=engagement).values_list(
        "document_id", "date", "amount", "kind"
    )
    for doc, date, amount, kind in settlements.iterator(chunk_size=20000):
        docs.settle(index[doc], date=d.day(date), amount=int(amount * 100), kind=kind)
    return docs, pks


# -- imports -----------------------------------------------------------------------------


def import_upload(*, actor: User, engagement: Engagement, upload: Any, kind: str) -> CashImport:
    """Keep an uploaded file; a FEC runs at once, other files wait for their mapping."""
    from . import sources

    name = getattr(upload, "name", "") or "file"
    if kind not in ImportKind.values:
        raise ValidationError({"kind": _("Unknown kind of file.")})
    if not name.lower().endswith(ALLOWED_UPLOADS):
        raise ValidationError({"file": _("Send a FEC (.txt), a CSV or an XLSX file.")})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is larger than 500 MB.")})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    looks_fec = sources.is_fec(upload)
    if kind == ImportKind.FEC and not looks_fec:
        raise ValidationError(
            {
                "file": _(
                    "This is not a FEC: its first line must name the columns JournalCode, EcritureNum…"
                )
            }
        )
    if kind != ImportKind.FEC and looks_fec:
        raise ValidationError({"kind": _("This file is a FEC: choose “Books (FEC)”.")})
    mapping: dict[str, Any] = {}
    if kind != ImportKind.FEC:
        try:
            table = open_table(upload)
        except UnreadableFile as e:
            raise ValidationError(
                {"file": _("This file cannot be read: %(reason)s") % {"reason": e}}
            ) from None
        headers = [str(h) for h in table.headers]
        upload.seek(0)
        guess = files.suggest_mapping(headers, kind)
        if engagement.vendor_id:
            saved = ColumnMapping.objects.filter(
                vendor_id=engagement.vendor_id, kind=MAPPING_KIND[kind]
            ).first()
            if saved:
                guess.update({k: v for k, v in saved.mapping.items() if v in headers})
        mapping = {"_headers": headers, **guess}
    with transaction.atomic():
        job = CashImport(
            organisation=engagement.organisation,
            engagement=engagement,
            uploaded_by=actor,
            kind=kind,
            original_name=name[:255],
            digest=digest.hexdigest(),
            mapping=mapping,
            status=ImportStatus.QUEUED if kind == ImportKind.FEC else ImportStatus.PENDING,
        )
        job.file.save(name, upload, save=False)
        job.save()
        if kind == ImportKind.FEC:
            transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def import_start(*, actor: User, job: CashImport, mapping: dict[str, str]) -> CashImport:
    headers = confirm_mapping(job, mapping, files.FIELDS[job.kind][1])
    job.mapping = {"_headers": headers, **{k: v for k, v in mapping.items() if v}}
    job.status = ImportStatus.QUEUED
    job.save(update_fields=["mapping", "status"])
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_cash_import

    run_cash_import.enqueue(import_id=job_id)


def data_delete(*, actor: User, engagement: Engagement) -> int:
    """Forget the engagement's documents, customers and imported files (to start again, or
    to change from invoice files to the books); the log of reminders and disputes stays."""
    with transaction.atomic():
        count = Document.objects.filter(engagement=engagement).count()
        jobs = list(
            CashImport.objects.filter(engagement=engagement).exclude(kind=ImportKind.EVENTS)
        )
        Document.objects.filter(engagement=engagement).delete()
        Customer.objects.filter(engagement=engagement).delete()
        CashImport.objects.filter(pk__in=[j.pk for j in jobs]).delete()
        audit.record(
            action=AuditAction.DELETE,
            organisation=engagement.organisation,
            actor=actor,
            obj=engagement,
            changes={"cash_documents": [count, 0], "cash_imports": [len(jobs), 0]},
        )
        touch(engagement)
        for job in jobs:
            transaction.on_commit(lambda f=job.file: f.delete(save=False))
    return count


# -- reminders and disputes entered by hand --------------------------------------------------


def event_create(*, actor: User, engagement: Engagement, data: dict[str, Any]) -> CashEvent:
    number = (data.get("number") or "").strip()
    if not Document.objects.filter(engagement=engagement, number=number).exists():
        raise ValidationError(
            {"number": _("No invoice %(number)s in this engagement's data.") % {"number": number}}
        )
    if CashEvent.objects.filter(
        engagement=engagement,
        number=number,
        kind=data["kind"],
        date=data["date"],
        channel=data["channel"],
    ).exists():
        raise ValidationError(_("This event is already in the log."))
    with transaction.atomic():
        event = CashEvent.objects.create(
            organisation=engagement.organisation,
            engagement=engagement,
            number=number,
            kind=data["kind"],
            date=data["date"],
            channel=data["channel"],
            reason=data.get("reason", ""),
            created_by=actor,
        )
        audit.record(
            action=AuditAction.CREATE,
            organisation=engagement.organisation,
            actor=actor,
            obj=event,
            changes=audit.created(audit.snapshot(event, CashEvent.AUDITED)),
        )
        touch(engagement)
    return event


def event_delete(*, actor: User, event: CashEvent) -> None:
    with transaction.atomic():
        audit.record(
            action=AuditAction.DELETE,
            organisation=event.organisation,
            actor=actor,
            obj=event,
            changes=audit.deleted(audit.snapshot(event, CashEvent.AUDITED)),
        )
        engagement = event.engagement
        event.delete()
        touch(engagement)
