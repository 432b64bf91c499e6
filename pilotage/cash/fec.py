"""Read a FEC (Fichier des Écritures Comptables, art. A47 A-1 of the Livre des procédures
fiscales) and turn its customer accounts into invoices, credit notes and payments.

The file is checked whole before anything is used: every line must have the header's
fields, readable dates (``YYYYMMDD``) and amounts (decimal comma or point), and every
entry must balance. Errors name the line (the header is line 1); one error and the file
is refused. Only the customer lines (accounts ``411…``) and, per entry, its balance and
the classes of its accounts are kept, so memory grows with the customer lines, not with
the file.

How customer lines become documents, and how the lettering settles them: see
:func:`documents` (and the help page, which says the same in the user's words).
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from . import documents as d

REQUIRED = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
AMOUNT_PAIRS = (("Debit", "Credit"), ("Montant", "Sens"))
OPENING_JOURNALS = frozenset({"AN", "RAN", "ANO"})
CUSTOMER_PREFIXES = ("411",)
MAX_ERRORS_SHOWN = 100
PROGRESS_EVERY = 50_000

# How a customer line is read, from the accounts of its entry.
OPENING, TREASURY, SALES, OTHER = "opening", "treasury", "sales", "other"
_HAS_BANK, _HAS_SALES = 1, 2


@dataclass
class FecError:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.line, "column": self.column, "message": self.message}


class FecRefused(ValueError):
    def __init__(self, errors: list[FecError], count: int):
        super().__init__(f"{count} error(s)")
        self.errors = errors
        self.count = count


@dataclass
class CustomerLines:
    """The customer-account lines of a FEC, column by column."""

    line: list[int] = field(default_factory=list)
    customer: list[str] = field(default_factory=list)
    journal: list[str] = field(default_factory=list)
    entry: list[str] = field(default_factory=list)
    date: list[int] = field(default_factory=list)  # EcritureDate, days since 1970
    doc_date: list[int] = field(default_factory=list)  # PieceDate, else EcritureDate
    ref: list[str] = field(default_factory=list)
    label: list[str] = field(default_factory=list)
    debit: list[int] = field(default_factory=list)  # cents
    credit: list[int] = field(default_factory=list)
    letter: list[str] = field(default_factory=list)
    reading: list[str] = field(default_factory=list)  # opening / treasury / sales / other
    names: dict[str, str] = field(default_factory=dict)
    first_day: int | None = None
    last_day: int | None = None
    lines_read: int = 0
    entries: int = 0

    def __len__(self) -> int:
        return len(self.line)


class _Errors:
    def __init__(self) -> None:
        self.shown: list[FecError] = []
        self.count = 0

    def add(self, line: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.shown) < MAX_ERRORS_SHOWN:
            self.shown.append(FecError(line, column, message))


def _decode(stream: IO[bytes]) -> io.TextIOWrapper:
    head = stream.read(65536)
    stream.seek(0)
    encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    if encoding == "utf-8":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as e:
            if e.start < len(head) - 3:  # not merely a character cut by the sample's end
                encoding = "cp1252"
    return io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")


class _Dates:
    """``YYYYMMDD`` → days since 1970, with a cache (a year of books has ~365 dates)."""

    def __init__(self) -> None:
        self.cache: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        try:
            return self.cache[text]
        except KeyError:
            pass
        if len(text) != 8 or not text.isdigit():
            raise ValueError(text)
        value = d.day(dt.date(int(text[:4]), int(text[4:6]), int(text[6:])))
        self.cache[text] = value
        return value


def _cents(text: str) -> int:
    """``1234,56`` or ``1234.56`` (a sign allowed, no thousands separator) → 123456."""
    if not text:
        return 0
    sign = -1 if text[0] == "-" else 1
    body = text[1:] if text[0] in "+-" else text
    whole, sep, frac = body.replace(",", ".").partition(".")
    if not whole:
        whole = "0"
    if not whole.isdigit() or (sep and not frac.isdigit()) or len(frac.rstrip("0")) > 2:
        raise ValueError(text)
    return sign * (int(whole) * 100 + int((frac + "00")[:2]))


def read(
    stream: IO[bytes],
    *,
    prefixes: tuple[str, ...] = CUSTOMER_PREFIXES,
    progress: Callable[[int], None] | None = None,
) -> CustomerLines:
    """Check the whole FEC and keep its customer lines; :class:`FecRefused` on any error."""
    errors = _Errors()
    out = CustomerLines()
    try:
        text = _decode(stream)
        header_line = text.readline()
    except UnicodeDecodeError:
        raise FecRefused(
            [FecError(1, "", _("The file is neither UTF-8 nor Windows-1252 text."))], 1
        ) from None
    sep = "\t" if "\t" in header_line else "|"
    header = [h.strip().strip('"') for h in header_line.rstrip("\r\n").split(sep)]
    position = {h.casefold(): i for i, h in enumerate(header)}
    missing = [c for c in REQUIRED if c.casefold() not in position]
    pair = next(
        (p for p in AMOUNT_PAIRS if all(c.casefold() in position for c in p)), AMOUNT_PAIRS[0]
    )
    missing += [c for c in pair if c.casefold() not in position]
    if missing or sep not in header_line:
        message = (
            _("This is not a FEC: missing columns %(columns)s.") % {"columns": ", ".join(missing)}
            if missing
            else _("This is not a FEC: the columns must be separated by tabs or pipes (|).")
        )
        raise FecRefused([FecError(1, "", message)], 1)
    col = {c: position[c.casefold()] for c in (*REQUIRED, *pair)}
    i_journal, i_jlib, i_entry, i_date = (
        col["JournalCode"],
        col["JournalLib"],
        col["EcritureNum"],
        col["EcritureDate"],
    )
    i_account, i_alib, i_aux, i_auxlib = (
        col["CompteNum"],
        col["CompteLib"],
        col["CompAuxNum"],
        col["CompAuxLib"],
    )
    i_ref, i_pdate, i_label, i_let = (
        col["PieceRef"],
        col["PieceDate"],
        col["EcritureLib"],
        col["EcritureLet"],
    )
    i_a, i_b = col[pair[0]], col[pair[1]]
    signed = pair[0] == "Montant"
    width = len(header)
    parse_date = _Dates()
    # Per entry: [debits, credits, first line, account classes seen]
    entries: dict[tuple[str, str], list[int]] = {}
    entry_of_line: list[tuple[str, str]] = []
    spoiled: set[tuple[str, str]] = set()  # entries with a refused line: not checked for balance
    number = 1
    first = last = None
    current: tuple[str, str] | None = None

    def fail(line: int, column: str, message: str) -> None:
        errors.add(line, column, message)
        if current is not None:
            spoiled.add(current)

    try:
        for raw in text:
            number += 1
            if progress and number % PROGRESS_EVERY == 0:
                progress(number)
            row = raw.rstrip("\r\n")
            if not row.strip():
                continue
            f = row.split(sep)
            current = (
                (f[i_journal].strip(), f[i_entry].strip())
                if len(f) > max(i_journal, i_entry)
                else None
            )
            if len(f) != width:
                fail(
                    number,
                    "",
                    _("This line has %(found)s fields where the header has %(expected)s.")
                    % {"found": len(f), "expected": width},
                )
                continue
            try:
                when = parse_date(f[i_date].strip())
            except ValueError:
                fail(
                    number,
                    "EcritureDate",
                    _("Unreadable date “%(value)s”: a FEC writes dates as YYYYMMDD.")
                    % {"value": f[i_date]},
                )
                continue
            try:
                if signed:
                    value = _cents(f[i_a].strip())
                    way = f[i_b].strip().upper()
                    if way in ("D", "+1", "1"):
                        debit, credit = value, 0
                    elif way in ("C", "-1"):
                        debit, credit = 0, value
                    else:
                        fail(
                            number,
                            "Sens",
                            _("Unknown direction “%(value)s”: D or C expected.") % {"value": way},
                        )
                        continue
                else:
                    debit, credit = _cents(f[i_a].strip()), _cents(f[i_b].strip())
            except ValueError as e:
                fail(
                    number,
                    pair[0],
                    _("Unreadable amount “%(value)s”.") % {"value": e.args[0]},
                )
                continue
            if debit < 0 or credit < 0:  # a negative debit is a credit, and the other way round
                debit, credit = max(debit, 0) - min(credit, 0), max(credit, 0) - min(debit, 0)
            journal, entry_no = f[i_journal].strip(), f[i_entry].strip()
            account = f[i_account].strip()
            if not journal or not entry_no or not account:
                fail(
                    number,
                    "JournalCode"
                    if not journal
                    else "EcritureNum"
                    if not entry_no
                    else "CompteNum",
                    _("The journal, the entry number and the account are required."),
                )
                continue
            first = when if first is None or when < first else first
            last = when if last is None or when > last else last
            key = (journal, entry_no)
            totals = entries.get(key)
            if totals is None:
                totals = entries[key] = [0, 0, number, 0]
            totals[0] += debit
            totals[1] += credit
            if account[0] == "5":
                totals[3] |= _HAS_BANK
            elif account[0] == "7":
                totals[3] |= _HAS_SALES
            if not account.startswith(prefixes):
                continue
            customer = f[i_aux].strip() or account
            if customer not in out.names:
                out.names[customer] = f[i_auxlib].strip() or f[i_alib].strip() or customer
            piece_date = f[i_pdate].strip()
            try:
                doc_date = parse_date(piece_date) if piece_date else when
            except ValueError:
                fail(
                    number,
                    "PieceDate",
                    _("Unreadable date “%(value)s”: a FEC writes dates as YYYYMMDD.")
                    % {"value": piece_date},
                )
                continue
            out.line.append(number)
            out.customer.append(customer)
            out.journal.append(journal)
            out.entry.append(entry_no)
            out.date.append(when)
            out.doc_date.append(doc_date)
            out.ref.append(f[i_ref].strip() or entry_no)
            out.label.append(f[i_label].strip()[:200])
            out.debit.append(debit)
            out.credit.append(credit)
            out.letter.append(f[i_let].strip())
            entry_of_line.append(key)
            jlib = f[i_jlib].casefold()
            out.reading.append(
                OPENING if journal.upper() in OPENING_JOURNALS or "nouveau" in jlib else ""
            )
    except UnicodeDecodeError:
        errors.add(number, "", _("The file is neither UTF-8 nor Windows-1252 text."))
    for (journal, entry_no), (debit, credit, line, _classes) in entries.items():
        if debit != credit and (journal, entry_no) not in spoiled:
            errors.add(
                line,
                "Debit",
                _(
                    "Entry %(journal)s %(entry)s does not balance: debits %(debit)s, credits %(credit)s."
                )
                % {
                    "journal": journal,
                    "entry": entry_no,
                    "debit": _euros(debit),
                    "credit": _euros(credit),
                },
            )
    if first is None and not errors.count:
        errors.add(1, "", _("The file holds no entry."))
    if errors.count:
        raise FecRefused(sorted(errors.shown, key=lambda e: e.line), errors.count)
    for k, key in enumerate(entry_of_line):
        if out.reading[k]:
            continue
        classes = entries[key][3]
        out.reading[k] = (
            TREASURY if classes & _HAS_BANK else SALES if classes & _HAS_SALES else OTHER
        )
    out.first_day, out.last_day = first, last
    out.lines_read = number - 1
    out.entries = len(entries)
    return out


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f}".replace(".", ",")


def documents(lines: CustomerLines) -> d.Documents:
    """Invoices, credit notes and the settlements the lettering says, then first in, first out.

    1. Lines of one customer with the same letter form a group: its credits settle its
       debits, oldest first.
    2. What is left of the credits settles the customer's debits still open, oldest first.
    3. A credit still left is an unapplied credit (an advance, an overpayment)."""
    docs = d.Documents(names=dict(lines.names))
    # Debit lines become documents; credit lines are settlements (credit notes also documents).
    debits: dict[str, list[tuple[int, int, int]]] = {}  # customer → (date, line, doc)
    credits: dict[str, list[tuple[int, int, int, str, int]]] = {}
    groups: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    owed: dict[int, int] = {}  # doc → what is still owed
    left: dict[int, int] = {}  # credit id → what is still to apply
    # (date, amount, settlement kind, credit note doc or -1, reference, kind if left over)
    credit_rows: list[tuple[int, int, str, int, str, str]] = []
    for k in range(len(lines)):
        customer, reading = lines.customer[k], lines.reading[k]
        debit, credit = lines.debit[k], lines.credit[k]
        letter = lines.letter[k]
        if debit == credit:
            continue  # a zero line, or a line both sides at once: nothing owed either way
        if debit > credit:
            kind = {OPENING: d.OPENING, SALES: d.INVOICE, TREASURY: d.REFUND}.get(
                reading, d.OTHER_DEBIT
            )
            date = lines.doc_date[k] if kind in (d.OPENING, d.INVOICE) else lines.date[k]
            doc = docs.add(
                customer=customer,
                number=lines.ref[k],
                kind=kind,
                issued=date,
                amount=debit - credit,
                line=lines.line[k],
            )
            owed[doc] = debit - credit
            item = (date, lines.line[k], doc)
            debits.setdefault(customer, []).append(item)
            if letter:
                groups.setdefault((customer, letter), ([], []))[0].append(doc)
            continue
        amount = credit - debit
        if reading == SALES:
            date = lines.doc_date[k]
            doc = docs.add(
                customer=customer,
                number=lines.ref[k],
                kind=d.CREDIT_NOTE,
                issued=date,
                amount=-amount,
                line=lines.line[k],
            )
            kind = d.CREDIT
        elif reading == OPENING:
            date, doc, kind = lines.doc_date[k], -1, d.PAYMENT
        else:
            date, doc = lines.date[k], -1
            kind = d.PAYMENT if reading == TREASURY else d.OTHER
        cid = len(credit_rows)
        spare = d.OPENING_CREDIT if reading == OPENING else d.UNAPPLIED
        credit_rows.append((date, amount, kind, doc, lines.ref[k], spare))
        left[cid] = amount
        credits.setdefault(customer, []).append((date, lines.line[k], cid, kind, doc))
        if letter:
            groups.setdefault((customer, letter), ([], []))[1].append(cid)
    line_of_credit = {cid: line for rows in credits.values() for _d, line, cid, _k, _doc in rows}

    def apply(cid: int, targets: list[int]) -> None:
        date, _amount, kind, credit_doc, _ref, _spare = credit_rows[cid]
        for doc in targets:
            if not left[cid]:
                return
            if owed[doc] <= 0:
                continue
            part = min(owed[doc], left[cid])
            owed[doc] -= part
            left[cid] -= part
            docs.settle(doc, date=date, amount=part, kind=kind)
            if credit_doc >= 0:
                docs.settle(credit_doc, date=date, amount=-part, kind=kind)

    def oldest(doc_ids: list[int]) -> list[int]:
        return sorted(doc_ids, key=lambda doc: (docs.issued[doc], docs.line[doc]))

    for debit_docs, credit_ids in groups.values():
        targets = oldest(debit_docs)
        for cid in sorted(credit_ids, key=lambda c: (credit_rows[c][0], line_of_credit[c])):
            apply(cid, targets)
    for customer, rows in credits.items():
        targets = [doc for _date, _line, doc in sorted(debits.get(customer, []))]
        for date, line, cid, _kind, credit_doc in sorted(rows):
            apply(cid, targets)
            if left[cid] and credit_doc < 0:
                # Nothing left to settle: an advance or an overpayment, owed back or to use.
                docs.add(
                    customer=customer,
                    number=credit_rows[cid][4],
                    kind=credit_rows[cid][5],
                    issued=date,
                    amount=-left[cid],
                    line=line,
                )
    return docs
