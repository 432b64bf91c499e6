"""Customer documents and their settlements, whatever file they came from (pure, no Django).

A FEC and an invoice file are both read into :class:`Documents`: invoices, credit notes,
opening balances, refunds and unapplied credits, each with the settlements that paid it.
Due dates not given by the file come from the payment terms; :meth:`Documents.ledger`
then hands everything to the indicators of :mod:`pilotage.cash.metrics`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from . import metrics, terms

EPOCH = dt.date(1970, 1, 1).toordinal()

# Kinds of document.
INVOICE = "invoice"
CREDIT_NOTE = "credit_note"
OPENING = "opening"  # an invoice carried forward by the opening entries (journal AN)
OPENING_CREDIT = "opening_credit"
REFUND = "refund"  # a debit through the bank: refund, rejected payment
OTHER_DEBIT = "other_debit"
UNAPPLIED = "unapplied"  # a credit left over once every invoice it could settle is paid
KINDS = (INVOICE, CREDIT_NOTE, OPENING, OPENING_CREDIT, REFUND, OTHER_DEBIT, UNAPPLIED)
SALES = frozenset({INVOICE, CREDIT_NOTE})
MEASURED = frozenset({INVOICE, OPENING})  # payment behaviour measured on these

# Kinds of settlement.
PAYMENT = "payment"
CREDIT = "credit_note"
OTHER = "other"


def day(value: dt.date) -> int:
    """Days since 1970-01-01 (the integer behind ``datetime64[D]``)."""
    return value.toordinal() - EPOCH


def date_of(days: int) -> dt.date:
    return dt.date.fromordinal(days + EPOCH)


def date_or_none(value: np.datetime64) -> dt.date | None:
    """A ``datetime64`` day as a date (None for NaT)."""
    return None if np.isnat(value) else dt.date.fromordinal(int(value.astype(np.int64)) + EPOCH)


@dataclass(frozen=True)
class Terms:
    rule: str = terms.NET
    days: int = 30

    @classmethod
    def parse(cls, text: str) -> Terms:
        """``30``, ``net 30``, ``45 eom`` / ``45 eom_after``, ``45 eom_before``."""
        words = text.replace("_", " ").replace("-", " ").lower().split()
        numbers = [w for w in words if w.isdigit()]
        if len(numbers) != 1 or len(words) > 3:
            raise ValueError(text)
        rule = terms.NET
        if "eom" in words or "fdm" in words:
            rule = terms.EOM_BEFORE if "before" in words else terms.EOM_AFTER
        elif not set(words) <= {"net", numbers[0]}:
            raise ValueError(text)
        days = int(numbers[0])
        if days > 365:
            raise ValueError(text)
        return cls(rule, days)


@dataclass
class Documents:
    """Columns of documents (one index per document) and of their settlements."""

    customer: list[str] = field(default_factory=list)
    number: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    issued: list[int] = field(default_factory=list)  # days since 1970
    due: list[int | None] = field(default_factory=list)  # None: from the payment terms
    amount: list[int] = field(default_factory=list)  # cents, negative for credits
    delivered: list[int | None] = field(default_factory=list)
    line: list[int] = field(default_factory=list)  # where the file has it
    set_doc: list[int] = field(default_factory=list)
    set_date: list[int] = field(default_factory=list)
    set_amount: list[int] = field(default_factory=list)
    set_kind: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # customer code → name

    def add(
        self,
        *,
        customer: str,
        number: str,
        kind: str,
        issued: int,
        amount: int,
        due: int | None = None,
        delivered: int | None = None,
        line: int = 0,
    ) -> int:
        self.customer.append(customer)
        self.number.append(number)
        self.kind.append(kind)
        self.issued.append(issued)
        self.due.append(due)
        self.amount.append(amount)
        self.delivered.append(delivered)
        self.line.append(line)
        return len(self.kind) - 1

    def settle(self, doc: int, *, date: int, amount: int, kind: str) -> None:
        self.set_doc.append(doc)
        self.set_date.append(date)
        self.set_amount.append(amount)
        self.set_kind.append(kind)

    def __len__(self) -> int:
        return len(self.kind)

    def due_dates(self, default: Terms, per_customer: dict[str, Terms] | None = None) -> np.ndarray:
        """The due date of each document: the file's, else from the terms (its customer's,
        else the default); credits are due on their own date."""
        per_customer = per_customer or {}
        n = len(self)
        issued = np.array(self.issued, dtype="datetime64[D]")
        rule = np.full(n, default.rule, dtype=object)
        days = np.full(n, default.days, dtype=np.int64)
        if per_customer and n:
            codes = np.array(self.customer, dtype=object)
            by_terms: dict[Terms, list[str]] = {}
            for code, t in per_customer.items():
                by_terms.setdefault(t, []).append(code)
            for t, group in by_terms.items():
                mask = np.isin(codes, group)
                rule[mask] = t.rule
                days[mask] = t.days
        due = terms.due_dates(issued, rule.astype(str), days) if n else issued
        own_date = np.array([k not in MEASURED for k in self.kind], dtype=bool)
        if n:
            due[own_date] = issued[own_date]
            given = np.array([d is not None for d in self.due], dtype=bool)
            due[given] = np.array([d for d in self.due if d is not None], dtype="datetime64[D]")
        return due

    def ledger(
        self, default: Terms = Terms(), per_customer: dict[str, Terms] | None = None
    ) -> metrics.Ledger:
        return metrics.Ledger.build(
            issued=np.array(self.issued, dtype="datetime64[D]"),
            due=self.due_dates(default, per_customer),
            amount=np.array(self.amount, dtype=np.int64),
            pay_invoice=np.array(self.set_doc, dtype=np.int64),
            pay_date=np.array(self.set_date, dtype="datetime64[D]"),
            pay_amount=np.array(self.set_amount, dtype=np.int64),
            delivered=np.array(
                ["NaT" if d is None else d for d in self.delivered], dtype="datetime64[D]"
            )
            if any(d is not None for d in self.delivered)
            else None,
            sale=np.array([k in SALES for k in self.kind], dtype=bool),
            invoice=np.array([k in MEASURED for k in self.kind], dtype=bool),
        )
