"""Every write to a contract: create, change, amend, its clause checklist, its signed
document, sharing with the vendor, notice given, deletion. Each one transaction with its
audit entries; bad input raises ValidationError naming the field, and nothing is stored."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pilotage.core import audit
from pilotage.core.models import AuditAction, User
from pilotage.engagements.models import Engagement
from pilotage.lib import uploads

from . import clauses, terms
from .models import Clause, ClauseStatus, Contract, ContractKind, NoticeUnit

MAX_OFFSETS = 5
MAX_OFFSET_DAYS = 365

# The fields a contract form may set (the document has its own service).
TERM_FIELDS = (
    "starts_on",
    "initial_term_months",
    "renewal_term_months",
    "tacit_renewal",
    "notice_amount",
    "notice_unit",
)
EDITABLE = (
    "reference",
    "title",
    "signed_on",
    *TERM_FIELDS,
    "fixed_monthly_fee",
    "variable_fee",
    "performance_share",
    "payment_terms",
    "alert_offsets",
    "notes",
)
AMENDMENT_FIELDS = (
    "reference",
    "title",
    "signed_on",
    "starts_on",
    "fixed_monthly_fee",
    "variable_fee",
    "performance_share",
    "payment_terms",
    "notes",
)


def duration_text(amount: int, unit: str) -> str:
    if unit == NoticeUnit.DAYS:
        return ngettext("%(n)s day", "%(n)s days", amount) % {"n": amount}
    return ngettext("%(n)s month", "%(n)s months", amount) % {"n": amount}


def _day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def terms_of(contract: Contract) -> terms.Terms:
    return terms.Terms(
        start=contract.starts_on,
        initial_months=contract.initial_term_months,
        renewal_months=contract.renewal_term_months,
        tacit=contract.tacit_renewal,
        notice_amount=contract.notice_amount,
        notice_unit="days" if contract.notice_unit == NoticeUnit.DAYS else "months",
        notice_given_on=contract.notice_given_on,
    )


def _term_messages(contract: Contract, today: dt.date) -> dict[str, str]:
    """The problems of the contract's dates and terms, as messages on their fields."""
    if contract.starts_on is None or contract.initial_term_months is None:
        return {}
    t = terms_of(contract)
    notice = duration_text(contract.notice_amount or 0, contract.notice_unit)
    messages = {
        "initial_short": _("A term lasts at least one month."),
        "renewal_short": _("A renewal lasts at least one month."),
        "notice_negative": _("The notice period cannot be negative."),
        "notice_initial": _(
            "The notice (%(notice)s) must be shorter than the initial term (%(term)s)."
        )
        % {"notice": notice, "term": duration_text(t.initial_months, NoticeUnit.MONTHS)},
        "notice_renewal": _(
            "The notice (%(notice)s) must be shorter than the renewal term (%(term)s)."
        )
        % {"notice": notice, "term": duration_text(t.renewal, NoticeUnit.MONTHS)},
        "signed_future": _("The signature date cannot be in the future."),
        "notice_future": _("Notice cannot be recorded as given in the future."),
        "notice_before_start": _("Notice cannot be given before the contract starts (%(date)s).")
        % {"date": _day(t.start)},
        "notice_no_renewal": _(
            "This contract does not renew tacitly: it ends on %(date)s without notice."
        )
        % {"date": _day(t.cycle_end(0))},
    }
    problems = terms.validate(t, signed_on=contract.signed_on, today=today)
    return {field: messages[code] for field, code in problems.items()}


def read_offsets(values: Any) -> list[int]:
    """The alert offsets, most distant first; ValidationError on ``alert_offsets``."""
    try:
        offsets = sorted({int(v) for v in values}, reverse=True)
    except (TypeError, ValueError):
        raise ValidationError(
            {"alert_offsets": _("Give whole numbers of days, separated by commas.")}
        ) from None
    if not offsets:
        raise ValidationError({"alert_offsets": _("Give at least one alert, for instance 30.")})
    if len(offsets) > MAX_OFFSETS:
        raise ValidationError(
            {"alert_offsets": _("At most %(n)s alerts per deadline.") % {"n": MAX_OFFSETS}}
        )
    if offsets[0] > MAX_OFFSET_DAYS or offsets[-1] < 0:
        raise ValidationError(
            {
                "alert_offsets": _("An alert comes between 0 and %(n)s days before.")
                % {"n": MAX_OFFSET_DAYS}
            }
        )
    return offsets


def _check(contract: Contract, today: dt.date) -> None:
    errors: dict[str, str] = {}
    if not (contract.reference or "").strip():
        errors["reference"] = _("Give the contract's reference.")
    elif (
        Contract.objects.filter(engagement_id=contract.engagement_id, reference=contract.reference)
        .exclude(pk=contract.pk)
        .exists()
    ):
        errors["reference"] = _("Another contract of this engagement has this reference.")
    if contract.starts_on is None:
        errors["starts_on"] = _("Give the date the contract starts.")
    if contract.fixed_monthly_fee is not None and contract.fixed_monthly_fee < 0:
        errors["fixed_monthly_fee"] = _("A fee cannot be negative.")
    if contract.notice_unit not in NoticeUnit.values:
        errors["notice_unit"] = _("Choose days or months.")
    if contract.kind == ContractKind.CONTRACT and "notice_unit" not in errors:
        for field, message in _term_messages(contract, today).items():
            errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    try:
        contract.full_clean(exclude=["document", "created_by"])
    except ValidationError as e:
        raise ValidationError(e.message_dict) from None


def _record(action: str, actor: User | None, contract: Contract, obj: Any, changes: dict) -> None:
    if changes:
        audit.record(
            action=action,
            organisation=contract.engagement.organisation,
            actor=actor,
            obj=obj,
            object_repr=f"{contract.engagement} · {obj}",
            changes=changes,
        )


def _clean_text(fields: dict[str, Any]) -> dict[str, Any]:
    """Texts stripped, amounts read as Decimal (a bad one refused on its field)."""
    for name in ("reference", "title", "variable_fee", "payment_terms", "notes"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    for name in ("fixed_monthly_fee", "performance_share"):
        value = fields.get(name)
        if value is not None and not isinstance(value, Decimal):
            try:
                fields[name] = Decimal(str(value).replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                raise ValidationError({name: _("Give an amount, for instance 1250.50.")}) from None
    return fields


def _locked(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("engagement__organisation", "amends")
        .get(pk=contract.pk)
    )


def contract_create(
    *,
    actor: User,
    engagement: Engagement,
    reference: str,
    starts_on: dt.date | None,
    initial_term_months: int,
    today: dt.date | None = None,
    document: UploadedFile | None = None,
    **fields: Any,
) -> Contract:
    """A contract of ``engagement`` with its clause checklist (every clause "not checked")."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"contract_create() got unexpected fields {sorted(unknown)}")
    today = today or timezone.localdate()
    if "alert_offsets" in fields:
        fields["alert_offsets"] = read_offsets(fields["alert_offsets"])
    _check_document(document)
    with transaction.atomic():
        engagement = (
            Engagement.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=engagement.pk)
        )
        contract = Contract(
            engagement=engagement,
            kind=ContractKind.CONTRACT,
            created_by=actor,
            **_clean_text(
                {
                    "reference": reference,
                    "starts_on": starts_on,
                    "initial_term_months": initial_term_months,
                    **fields,
                }
            ),
        )
        _check(contract, today)
        contract.save()
        Clause.objects.bulk_create(Clause(contract=contract, key=k) for k in clauses.KEYS)
        _record(
            AuditAction.CREATE,
            actor,
            contract,
            contract,
            audit.created(audit.snapshot(contract, Contract.AUDITED)),
        )
        if document is not None:
            _store_document(actor, contract, document)
    return contract


def contract_update(
    *, actor: User, contract: Contract, today: dt.date | None = None, **fields: Any
) -> Contract:
    allowed = EDITABLE if contract.kind == ContractKind.CONTRACT else AMENDMENT_FIELDS
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"contract_update() got unexpected fields {sorted(unknown)}")
    today = today or timezone.localdate()
    if "alert_offsets" in fields:
        fields["alert_offsets"] = read_offsets(fields["alert_offsets"])
    with transaction.atomic():
        contract = _locked(contract)
        before = audit.snapshot(contract, Contract.AUDITED)
        for name, value in _clean_text(fields).items():
            setattr(contract, name, value)
        _check(contract, today)
        contract.save()
        _record(
            AuditAction.UPDATE,
            actor,
            contract,
            contract,
            audit.diff(before, audit.snapshot(contract, Contract.AUDITED)),
        )
    return contract


def amendment_create(
    *,
    actor: User,
    contract: Contract,
    reference: str,
    starts_on: dt.date | None,
    today: dt.date | None = None,
    document: UploadedFile | None = None,
    **fields: Any,
) -> Contract:
    """An amendment to ``contract``: its reference, dates, the fees it sets and what it
    changes (in its title and notes). The contract's own terms keep driving the deadlines:
    when the amendment changes the duration, change the contract's terms too."""
    unknown = set(fields) - set(AMENDMENT_FIELDS)
    if unknown:
        raise TypeError(f"amendment_create() got unexpected fields {sorted(unknown)}")
    today = today or timezone.localdate()
    _check_document(document)
    with transaction.atomic():
        parent = _locked(contract)
        if parent.kind != ContractKind.CONTRACT:
            raise ValidationError(_("An amendment amends a contract, not another amendment."))
        amendment = Contract(
            engagement=parent.engagement,
            kind=ContractKind.AMENDMENT,
            amends=parent,
            created_by=actor,
            initial_term_months=parent.initial_term_months,
            renewal_term_months=parent.renewal_term_months,
            tacit_renewal=parent.tacit_renewal,
            notice_amount=parent.notice_amount,
            notice_unit=parent.notice_unit,
            shared_with_vendor=parent.shared_with_vendor,
            alert_offsets=list(parent.alert_offsets),
            **_clean_text({"reference": reference, "starts_on": starts_on, **fields}),
        )
        _check(amendment, today)
        if amendment.signed_on is not None and amendment.signed_on > today:
            raise ValidationError({"signed_on": _("The signature date cannot be in the future.")})
        if amendment.starts_on < parent.starts_on:
            raise ValidationError(
                {
                    "starts_on": _(
                        "An amendment takes effect on or after the contract's start (%(date)s)."
                    )
                    % {"date": _day(parent.starts_on)}
                }
            )
        amendment.save()
        _record(
            AuditAction.CREATE,
            actor,
            parent,
            amendment,
            audit.created(audit.snapshot(amendment, Contract.AUDITED)),
        )
        if document is not None:
            _store_document(actor, amendment, document)
    return amendment


@dataclass
class ClauseData:
    status: str
    note: str = ""


def clauses_save(
    *, actor: User, contract: Contract, items: Mapping[str, ClauseData]
) -> list[Clause]:
    """Set the status and note of the clauses named in ``items`` (by key); errors name
    ``status_<key>`` or ``note_<key>``. Rows missing from an old contract are added."""
    errors: dict[str, str] = {}
    for key, item in items.items():
        if key not in clauses.BY_KEY:
            errors[f"status_{key}"] = _("Unknown clause.")
        elif item.status not in ClauseStatus.values:
            errors[f"status_{key}"] = _("Choose present, absent or to negotiate.")
        elif len((item.note or "").strip()) > 2000:
            errors[f"note_{key}"] = _("At most 2,000 characters.")
    if errors:
        raise ValidationError(errors)
    changed = []
    with transaction.atomic():
        contract = _locked(contract)
        if contract.kind != ContractKind.CONTRACT:
            raise ValidationError(_("The checklist belongs to the contract, not its amendments."))
        existing = {
            c.key: c
            for c in Clause.objects.select_for_update(of=("self",)).filter(contract=contract)
        }
        for key, item in items.items():
            clause = existing.get(key) or Clause(contract=contract, key=key)
            before = audit.snapshot(clause, Clause.AUDITED) if clause.pk else {}
            clause.status, clause.note = item.status, (item.note or "").strip()
            after = audit.snapshot(clause, Clause.AUDITED)
            if before == after:
                continue
            clause.save()
            _record(
                AuditAction.UPDATE if before else AuditAction.CREATE,
                actor,
                contract,
                clause,
                audit.diff(before, after),
            )
            changed.append(clause)
    return changed


# The signed document


def document_problem(file: UploadedFile | None) -> str | None:
    if file is None:
        return None
    try:
        uploads.check_file(file, file.name or "", file.size or 0, kinds=(uploads.PDF,))
    except uploads.BadUpload as e:
        if e.code == "size":
            return _("The document is larger than %(size)s MB.") % {
                "size": e.max_bytes // (1024 * 1024)
            }
        if e.code == "empty":
            return _("The document is empty.")
        if e.code == "type":
            return _("The signed document must be a PDF.")
        return _("This file is not a PDF, whatever its name says (%(name)s).") % {"name": file.name}
    return None


def _check_document(file: UploadedFile | None) -> None:
    problem = document_problem(file)
    if problem:
        raise ValidationError({"document": problem})


def _store_document(actor: User, contract: Contract, file: UploadedFile) -> None:
    """Inside the caller's transaction: save the file, record the change; the old file goes
    once the transaction has committed."""
    old = contract.document.name if contract.document else ""
    before = audit.snapshot(contract, Contract.AUDITED)
    name = (file.name or "document.pdf").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    contract.document.save(f"{contract.pk}-{secrets.token_hex(8)}.pdf", file, save=False)
    contract.document_name = name
    contract.save(update_fields=["document", "document_name"])
    storage = contract.document.storage
    # The file replaced goes once the new one is committed (the input was checked before).
    if old:
        transaction.on_commit(lambda: storage.delete(old))
    _record(
        AuditAction.UPDATE,
        actor,
        contract,
        contract,
        audit.diff(before, audit.snapshot(contract, Contract.AUDITED)),
    )


def document_upload(*, actor: User, contract: Contract, file: UploadedFile | None) -> Contract:
    if file is None:
        raise ValidationError({"document": _("Choose the PDF of the signed document.")})
    _check_document(file)
    with transaction.atomic():
        contract = _locked(contract)
        _store_document(actor, contract, file)
    return contract


def document_read(*, actor: User, contract: Contract) -> None:
    """Record that ``actor`` downloaded the signed document (terms and fees are sensitive)."""
    with transaction.atomic():
        audit.record(
            action=AuditAction.VIEW,
            organisation=contract.engagement.organisation,
            actor=actor,
            obj=contract,
            object_repr=f"{contract.engagement} · {contract}",
            changes={"document_name": [None, contract.document_name]},
        )


# Sharing, notice, deletion


def contract_share(*, actor: User, contract: Contract, shared: bool) -> Contract:
    """Let the vendor's people read the contract (and its amendments), or stop it."""
    with transaction.atomic():
        contract = _locked(contract)
        targets = [
            contract,
            *Contract.objects.select_for_update(of=("self",)).filter(amends=contract),
        ]
        for target in targets:
            before = audit.snapshot(target, Contract.AUDITED)
            target.shared_with_vendor = bool(shared)
            target.save(update_fields=["shared_with_vendor"])
            _record(
                AuditAction.UPDATE,
                actor,
                contract,
                target,
                audit.diff(before, audit.snapshot(target, Contract.AUDITED)),
            )
    return contract


def notice_give(
    *,
    actor: User,
    contract: Contract,
    given_on: dt.date | None,
    today: dt.date | None = None,
) -> Contract:
    """Record the notice given on ``given_on`` (None withdraws a notice recorded by
    mistake). The contract then ends at the end of the cycle it falls in, or of the next
    one when the deadline had passed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        contract = _locked(contract)
        if contract.kind != ContractKind.CONTRACT:
            raise ValidationError(_("Notice is given on the contract, not on an amendment."))
        before = audit.snapshot(contract, Contract.AUDITED)
        contract.notice_given_on = given_on
        if given_on is not None:
            problems = _term_messages(contract, today)
            if "notice_given_on" in problems:
                raise ValidationError({"notice_given_on": problems["notice_given_on"]})
        contract.save(update_fields=["notice_given_on"])
        _record(
            AuditAction.UPDATE,
            actor,
            contract,
            contract,
            audit.diff(before, audit.snapshot(contract, Contract.AUDITED)),
        )
    return contract


def contract_delete(*, actor: User, contract: Contract) -> None:
    """Delete a contract with its amendments, checklist and alerts (or one amendment)."""
    with transaction.atomic():
        contract = _locked(contract)
        targets = [*Contract.objects.filter(amends=contract), contract]
        files = [t.document.name for t in targets if t.document]
        for target in targets:
            values = audit.snapshot(target, Contract.AUDITED)
            pk, repr_ = target.pk, f"{target.engagement} · {target}"
            audit.record(
                action=AuditAction.DELETE,
                organisation=target.engagement.organisation,
                actor=actor,
                object_type="contracts.contract",
                object_id=str(pk),
                object_repr=repr_,
                changes=audit.deleted(values),
            )
        storage = contract.document.storage
        contract.delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
