"""Invoice files (an invoicing tool's export, a vendor's) and reminder/dispute logs: the
columns Pilotage reads, how they are found, and every row checked before anything is used.

Rows become :class:`~pilotage.cash.documents.Documents` (one invoice, at most one
settlement per row) and :class:`~pilotage.cash.report.Events`. Errors name the row and
the column; the caller stores nothing if there is one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pilotage.lib.dates import BadDate, parse_instant
from pilotage.lib.money import BadAmount, parse_cents
from pilotage.lib.tabular import fold, guess_columns

from . import documents as d
from .report import Events

INVOICE_FIELDS = {
    "number": gettext_lazy("Invoice number"),
    "customer": gettext_lazy("Customer"),
    "issued": gettext_lazy("Invoice date"),
    "due": gettext_lazy("Due date"),
    "amount": gettext_lazy("Amount incl. VAT"),
    "paid_on": gettext_lazy("Paid on"),
    "paid_amount": gettext_lazy("Amount paid"),
    "delivered": gettext_lazy("Delivery date"),
}
INVOICE_REQUIRED = ("number", "customer", "issued", "amount")
EVENT_FIELDS = {
    "number": gettext_lazy("Invoice number"),
    "date": gettext_lazy("Date"),
    "type": gettext_lazy("Type"),
    "channel": gettext_lazy("Channel"),
    "reason": gettext_lazy("Reason"),
}
EVENT_REQUIRED = ("number", "date", "type")
FIELDS = {"invoices": (INVOICE_FIELDS, INVOICE_REQUIRED), "events": (EVENT_FIELDS, EVENT_REQUIRED)}

# Headers invoicing tools and spreadsheets commonly use (compared without case or accents).
SYNONYMS = {
    "invoices": {
        "number": (
            "n° facture",
            "no facture",
            "numéro de facture",
            "numéro facture",
            "facture",
            "numéro",
            "invoice number",
            "invoice",
            "number",
        ),
        "customer": ("client", "nom du client", "raison sociale", "customer", "client name"),
        "issued": ("date facture", "date de facture", "date d'émission", "date", "invoice date"),
        "due": ("date échéance", "échéance", "date d'échéance", "due date", "due"),
        "amount": ("montant ttc", "total ttc", "ttc", "montant", "amount", "total"),
        "paid_on": (
            "date règlement",
            "date de règlement",
            "date de paiement",
            "payé le",
            "paid on",
        ),
        "paid_amount": ("montant réglé", "réglé", "montant payé", "paid amount", "amount paid"),
        "delivered": ("date livraison", "date de livraison", "livré le", "delivery date"),
    },
    "events": {
        "number": ("n° facture", "facture", "numéro de facture", "invoice number", "invoice"),
        "date": ("date",),
        "type": ("type", "événement", "kind"),
        "channel": ("canal", "channel", "moyen"),
        "reason": ("motif", "raison", "reason", "commentaire", "comment"),
    },
}

REMINDER, DISPUTE_OPENED, DISPUTE_CLOSED = "reminder", "dispute_opened", "dispute_closed"
EVENT_TYPES = {
    "relance": REMINDER,
    "rappel": REMINDER,
    "reminder": REMINDER,
    "litige ouvert": DISPUTE_OPENED,
    "litige": DISPUTE_OPENED,
    "ouverture litige": DISPUTE_OPENED,
    "dispute opened": DISPUTE_OPENED,
    "dispute": DISPUTE_OPENED,
    "litige clos": DISPUTE_CLOSED,
    "litige fermé": DISPUTE_CLOSED,
    "litige résolu": DISPUTE_CLOSED,
    "clôture litige": DISPUTE_CLOSED,
    "dispute closed": DISPUTE_CLOSED,
}
CHANNELS = {
    "e-mail": "email",
    "email": "email",
    "mail": "email",
    "courriel": "email",
    "téléphone": "phone",
    "telephone": "phone",
    "phone": "phone",
    "appel": "phone",
    "courrier": "letter",
    "lettre": "letter",
    "letter": "letter",
    "recommandé": "registered",
    "lettre recommandée": "registered",
    "registered letter": "registered",
    "registered": "registered",
    "mise en demeure": "formal_notice",
    "formal notice": "formal_notice",
    "": "other",
    "autre": "other",
    "other": "other",
}
MAX_ERRORS_SHOWN = 100


# Looked up folded (without case or accents).
EVENT_TYPES = {fold(k): v for k, v in EVENT_TYPES.items()}
CHANNELS = {fold(k): v for k, v in CHANNELS.items()}


def suggest_mapping(headers: list[str], kind: str) -> dict[str, str]:
    return guess_columns(headers, SYNONYMS[kind], FIELDS[kind][0])


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Checked:
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0

    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(RowError(row, column, message))


def _date(value: Any) -> dt.date | None:
    """A date cell; None if empty; ValueError if unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        instant = parse_instant(value, dt.UTC)  # type: ignore[arg-type]
    except BadDate:
        raise ValueError(str(value)) from None
    assert instant is not None
    return instant.date()


class _Row:
    def __init__(
        self,
        out: Checked,
        number: int,
        row: list[Any],
        index: dict[str, int],
        mapping: dict[str, str],
    ):
        self.out, self.number, self.row, self.index, self.mapping = out, number, row, index, mapping
        self.ok = True

    def cell(self, key: str) -> Any:
        i = self.index.get(key)
        if i is None or i >= len(self.row):
            return None
        value = self.row[i]
        return value.strip() if isinstance(value, str) else value

    def text(self, key: str) -> str:
        value = self.cell(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def fail(self, key: str, message: str) -> None:
        self.ok = False
        self.out.error(self.number, self.mapping.get(key, key), message)

    def date(self, key: str, *, required: bool = False) -> int | None:
        raw = self.cell(key)
        try:
            value = _date(raw)
        except ValueError:
            self.fail(key, _("Unreadable date “%(value)s”.") % {"value": raw})
            return None
        if value is None:
            if required:
                self.fail(key, _("Missing: %(field)s.") % {"field": self._label(key)})
            return None
        return d.day(value)

    def cents(self, key: str, *, required: bool = False) -> int | None:
        raw = self.cell(key)
        if raw is None or raw == "":
            if required:
                self.fail(key, _("Missing: %(field)s.") % {"field": self._label(key)})
            return None
        try:
            return parse_cents(raw)
        except BadAmount:
            self.fail(key, _("Unreadable amount “%(value)s”.") % {"value": raw})
            return None

    def _label(self, key: str) -> str:
        labels = {**INVOICE_FIELDS, **EVENT_FIELDS}
        return str(labels[key])


def read_invoices(
    rows: Iterator[tuple[int, list[Any]]], *, headers: list[str], mapping: dict[str, str]
) -> tuple[d.Documents, Checked]:
    index = {key: headers.index(col) for key, col in mapping.items() if col in headers}
    docs = d.Documents()
    out = Checked()
    seen: dict[str, int] = {}
    for number, raw in rows:
        out.rows += 1
        row = _Row(out, number, raw, index, mapping)
        ref = row.text("number")[:60]
        customer = row.text("customer")[:200]
        if not ref:
            row.fail("number", _("The invoice number is missing."))
        if not customer:
            row.fail("customer", _("The customer is missing."))
        issued = row.date("issued", required=True)
        due = row.date("due")
        paid_on = row.date("paid_on")
        delivered = row.date("delivered")
        amount = row.cents("amount", required=True)
        paid = row.cents("paid_amount")
        if not row.ok:
            continue
        assert issued is not None and amount is not None
        if ref in seen:
            row.fail(
                "number",
                _("Invoice %(number)s already appears on row %(row)s.")
                % {"number": ref, "row": seen[ref]},
            )
            continue
        if due is not None and due < issued:
            row.fail("due", _("The due date is before the invoice date."))
        if paid and paid_on is None:
            row.fail("paid_on", _("An amount paid needs the date it was paid."))
        if paid is not None and amount and (paid * amount < 0 or abs(paid) > abs(amount)):
            row.fail("paid_amount", _("The amount paid is more than the invoice's amount."))
        if not row.ok:
            continue
        seen[ref] = number
        code = customer.casefold()
        docs.names.setdefault(code, customer)
        doc = docs.add(
            customer=code,
            number=ref,
            kind=d.INVOICE if amount >= 0 else d.CREDIT_NOTE,
            issued=issued,
            amount=amount,
            due=due,
            delivered=delivered,
            line=number,
        )
        if paid_on is not None:
            docs.settle(
                doc,
                date=paid_on,
                amount=amount if paid is None else paid,
                kind=d.PAYMENT if amount >= 0 else d.CREDIT,
            )
    return docs, out


@dataclass
class EventRows:
    """Events read from a file, tied to invoice numbers."""

    number: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    date: list[int] = field(default_factory=list)
    channel: list[str] = field(default_factory=list)
    reason: list[str] = field(default_factory=list)
    row: list[int] = field(default_factory=list)


def read_events(
    rows: Iterator[tuple[int, list[Any]]],
    *,
    headers: list[str],
    mapping: dict[str, str],
    known: set[str] | None = None,
) -> tuple[EventRows, Checked]:
    """``known``: the invoice numbers events may refer to (None: any)."""
    index = {key: headers.index(col) for key, col in mapping.items() if col in headers}
    out = Checked()
    events = EventRows()
    for number, raw in rows:
        out.rows += 1
        row = _Row(out, number, raw, index, mapping)
        ref = row.text("number")
        when = row.date("date", required=True)
        kind = EVENT_TYPES.get(fold(row.text("type")))
        channel = CHANNELS.get(fold(row.text("channel")))
        if not ref:
            row.fail("number", _("The invoice number is missing."))
        elif known is not None and ref not in known:
            row.fail(
                "number", _("No invoice %(number)s: import the invoices first.") % {"number": ref}
            )
        if kind is None:
            row.fail(
                "type",
                _("Unknown type “%(value)s”: reminder, dispute opened or dispute closed expected.")
                % {"value": row.text("type")},
            )
        if channel is None:
            row.fail(
                "channel",
                _(
                    "Unknown channel “%(value)s”: e-mail, phone, letter, registered letter, formal notice or other expected."
                )
                % {"value": row.text("channel")},
            )
        if not row.ok:
            continue
        assert when is not None and kind is not None and channel is not None
        events.number.append(ref)
        events.kind.append(kind)
        events.date.append(when)
        events.channel.append(channel)
        events.reason.append(row.text("reason")[:300])
        events.row.append(number)
    return events, out


def pair_events(events: EventRows, doc_of: dict[str, int]) -> Events:
    """Reminders and disputes (an opening paired with the next closing of the same invoice)."""
    out = Events()
    opened: dict[str, list[int]] = {}
    order = sorted(range(len(events.kind)), key=lambda k: (events.date[k], events.row[k]))
    for k in order:
        ref, kind, when = events.number[k], events.kind[k], events.date[k]
        if ref not in doc_of:
            continue
        if kind == REMINDER:
            out.reminder_doc.append(doc_of[ref])
            out.reminder_date.append(when)
        elif kind == DISPUTE_OPENED:
            opened.setdefault(ref, []).append(len(out.dispute_doc))
            out.dispute_doc.append(doc_of[ref])
            out.dispute_opened.append(when)
            out.dispute_closed.append(None)
        elif opened.get(ref):
            out.dispute_closed[opened[ref].pop(0)] = when
    return out
