"""Expected receivable figures of the fixtures of this folder, computed from the files themselves.

Plain Python 3.11, standard library only (csv, datetime, decimal); it imports nothing from
Pilotage, so it is an independent check of the FEC and invoice-file readers and of the
indicators. It follows the rules of Pilotage's cash specification literally, one invoice at
a time (README.md says where the rules left a choice and which one is taken here).

    python3 tests/data/cash/expected.py            # Markdown tables (pasted in README.md)
    python3 tests/data/cash/expected.py --json     # the same figures, machine-readable

Entry points (all money is Decimal euros, days and shares are floats, None when undefined):
* fec_figures(path, as_of, window, terms)                        -> dict
* invoice_figures(path, events_path, as_of, window, terms)       -> dict
* fec_invoices(path, terms) / file_invoices(path, terms)         -> per-invoice listings
* fec_problems(path)                                             -> [(line, message)]
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ZERO = Decimal("0")
CENT = Decimal("0.01")
ONE_DAY = dt.timedelta(days=1)

AS_OF = dt.date(2025, 12, 31)
WINDOW = 90
REMINDER_DAYS = 7
INDEMNITY = Decimal("40.00")
PENALTY_POINTS = Decimal("10")
COUNTBACK_MONTHS = 24

# Payment terms: ("net", N), ("eom_after", N) = date + N days then end of that month,
# ("eom_before", N) = end of the document's month then + N days. Keyed by customer account
# (CompAuxNum) in the FEC and by customer name in the invoice file; the rest: net 30.
DEFAULT_TERMS = ("net", 30)
FEC_TERMS = {"C0003": ("eom_after", 45), "C0004": ("net", 90)}
INVOICE_TERMS = {
    "Hydraulique Lyonnaise SA": ("eom_after", 45),
    "Transports Chabert & Fils": ("net", 90),
}

# ECB main refinancing rate in force on 1 January / 1 July (percent).
ECB_RATES = {
    dt.date(2024, 1, 1): Decimal("4.50"),
    dt.date(2024, 7, 1): Decimal("4.25"),
    dt.date(2025, 1, 1): Decimal("3.15"),
    dt.date(2025, 7, 1): Decimal("2.15"),
    dt.date(2026, 1, 1): Decimal("2.15"),
    dt.date(2026, 7, 1): Decimal("2.15"),
}

FEC_COLUMNS = [
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
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
]
OPENING_JOURNALS = {"AN", "RAN", "ANO"}
INVOICE_KINDS = {"invoice", "opening"}  # the debits the invoice-based indicators look at


# ----------------------------------------------------------------------------------------
# Dates and payment terms
# ----------------------------------------------------------------------------------------


def month_end(x: dt.date) -> dt.date:
    return x.replace(day=calendar.monthrange(x.year, x.month)[1])


def due_date(date: dt.date, terms: tuple[str, int]) -> dt.date:
    kind, n = terms
    if kind == "net":
        return date + dt.timedelta(days=n)
    if kind == "eom_after":
        return month_end(date + dt.timedelta(days=n))
    if kind == "eom_before":
        return month_end(date) + dt.timedelta(days=n)
    raise ValueError(f"unknown terms {terms!r}")


def legal_limit(date: dt.date) -> dt.date:
    """Latest due date allowed (L441-10): 60 days, or either reading of 45 days end of month."""
    return max(
        date + dt.timedelta(days=60),
        due_date(date, ("eom_after", 45)),
        due_date(date, ("eom_before", 45)),
    )


def terms_for(terms: dict, *keys: str) -> tuple[str, int]:
    for k in keys:
        if k in terms:
            return terms[k]
    return terms.get("*", DEFAULT_TERMS)


def penalty_rate(d: dt.date) -> Decimal:
    """Legal late-payment rate of day d, percent: ECB rate of 1 Jan (Jan–Jun) or 1 Jul + 10."""
    return ECB_RATES[dt.date(d.year, 1 if d.month <= 6 else 7, 1)] + PENALTY_POINTS


# ----------------------------------------------------------------------------------------
# Invoices (one model for both sources)
# ----------------------------------------------------------------------------------------


@dataclass
class Item:
    """A debit of a customer (invoice, opening invoice…) or, with a negative amount, a credit
    that stays on its own (an unapplied FEC credit, a credit-note row of an invoice file)."""

    number: str
    customer: str
    name: str
    kind: str  # invoice | opening | refund | other_debit | unapplied | credit_note
    date: dt.date  # document date
    due: dt.date
    amount: Decimal  # incl. VAT; negative for a credit
    line: int = 0
    letter: str = ""
    delivered: dt.date | None = None
    # (date it counts from, amount, what settled it)
    settlements: list[tuple[dt.date, Decimal, str]] = field(default_factory=list)

    @property
    def is_invoice(self) -> bool:
        return self.amount > 0 and self.kind in INVOICE_KINDS

    def settled_upto(self, at: dt.date) -> Decimal:
        return sum((a for c, a, _w in self.settlements if c <= at), ZERO)

    def owed_at(self, at: dt.date) -> Decimal:
        billed = self.amount if self.date <= at else ZERO
        return billed - self.settled_upto(at)

    @property
    def paid_on(self) -> dt.date | None:
        """The day the settlements reach the amount (None while open)."""
        running = ZERO
        for counted, amount, _w in sorted(self.settlements, key=lambda s: s[0]):
            running += amount
            if (self.amount >= 0 and running >= self.amount) or (
                self.amount < 0 and running <= self.amount
            ):
                return counted
        return None

    def penalty(self, as_of: dt.date) -> Decimal:
        """Σ over each day late (due + 1 … the day the last part is settled, or as_of while
        open) of the amount still owed that day × rate of the day ÷ 365. A part settled on
        day d is still owed on day d."""
        paid = self.paid_on
        end = paid if paid is not None and paid <= as_of else as_of
        total = ZERO
        d = self.due + ONE_DAY
        while d <= end:
            owed = self.amount - sum((a for c, a, _w in self.settlements if c < d), ZERO)
            if owed > 0:
                total += owed * penalty_rate(d) / Decimal(100) / Decimal(365)
            d += ONE_DAY
        return total


@dataclass
class Book:
    items: list[Item]
    sales: list[tuple[dt.date, Decimal]]  # invoices +, credit notes − (opening lines excluded)
    source: str


# ----------------------------------------------------------------------------------------
# FEC
# ----------------------------------------------------------------------------------------


class FecError(ValueError):
    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("; ".join(f"line {n}: {m}" for n, m in problems))


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def parse_fec_date(text: str) -> dt.date:
    if len(text) != 8 or not text.isdigit():
        raise ValueError(f"date {text!r} is not YYYYMMDD")
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))


def parse_fec_amount(text: str) -> Decimal:
    t = text.strip()
    if not t:
        return ZERO
    body = t.lstrip("+-")
    ok = (
        body
        and all(ch.isdigit() or ch in ",." for ch in body)
        and (body.count(",") + body.count(".") <= 1)
    )
    if not ok:
        raise ValueError(f"amount {text!r}")
    return Decimal(t.replace(",", "."))


def _read_fec(path: str | Path) -> tuple[list[dict], list[tuple[int, str]]]:
    text = decode(Path(path).read_bytes())
    physical = text.split("\n")
    if physical and physical[-1] == "":
        physical.pop()
    physical = [p[:-1] if p.endswith("\r") else p for p in physical]
    header = physical[0]
    sep = "\t" if "\t" in header else "|" if "|" in header else None
    if sep is None:
        return [], [(1, "separator not found (tab or pipe)")]
    names = [h.strip().lower() for h in header.split(sep)]
    col = {n: i for i, n in enumerate(names)}
    amounts = "debit" in col and "credit" in col
    if not amounts and not ("montant" in col and "sens" in col):
        return [], [(1, "no Debit/Credit nor Montant/Sens columns")]
    for need in ("journalcode", "ecriturenum", "ecrituredate", "comptenum"):
        if need not in col:
            return [], [(1, f"column {need} missing")]
    problems: list[tuple[int, str]] = []
    rows: list[dict] = []
    refused_entries: set[tuple[str, str]] = set()
    for n, text_line in enumerate(physical[1:], start=2):
        if not text_line.strip():
            continue
        f = text_line.split(sep)
        if len(f) != len(names):
            problems.append((n, f"{len(f)} fields, the header has {len(names)}"))
            if len(f) > max(col["journalcode"], col["ecriturenum"]):
                refused_entries.add((f[col["journalcode"]], f[col["ecriturenum"]]))
            continue

        def get(name: str, f=f) -> str:
            return f[col[name]].strip() if name in col else ""

        try:
            row = {
                "line": n,
                "journal": get("journalcode"),
                "journal_lib": get("journallib"),
                "num": get("ecriturenum"),
                "date": parse_fec_date(get("ecrituredate")),
                "account": get("comptenum"),
                "account_lib": get("comptelib"),
                "aux": get("compauxnum"),
                "aux_lib": get("compauxlib"),
                "piece": get("pieceref"),
                "piece_date": parse_fec_date(get("piecedate")) if get("piecedate") else None,
                "label": get("ecriturelib"),
                "letter": get("ecriturelet"),
                "let_date": parse_fec_date(get("datelet")) if get("datelet") else None,
                "valid_date": parse_fec_date(get("validdate")) if get("validdate") else None,
            }
            if amounts:
                row["debit"] = parse_fec_amount(get("debit"))
                row["credit"] = parse_fec_amount(get("credit"))
            else:
                m = parse_fec_amount(get("montant"))
                sens = get("sens").upper()
                if sens in ("D", "+1", "1"):
                    row["debit"], row["credit"] = m, ZERO
                elif sens in ("C", "-1"):
                    row["debit"], row["credit"] = ZERO, m
                else:
                    raise ValueError(f"Sens {sens!r}")
        except ValueError as exc:
            problems.append((n, str(exc)))
            refused_entries.add((get("journalcode"), get("ecriturenum")))
            continue
        rows.append(row)
    # Balance, entry by entry (entries holding a refused line are already reported).
    entries: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        entries[(r["journal"], r["num"])].append(r)
    for key, lines in entries.items():
        if key in refused_entries:
            continue
        deb = sum((r["debit"] for r in lines), ZERO)
        cre = sum((r["credit"] for r in lines), ZERO)
        if deb != cre:
            problems.append(
                (lines[0]["line"], f"entry {key[0]} {key[1]} unbalanced: {deb} debit, {cre} credit")
            )
    problems.sort()
    return rows, problems


def fec_problems(path: str | Path) -> list[tuple[int, str]]:
    return _read_fec(path)[1]


def read_fec(path: str | Path) -> list[dict]:
    rows, problems = _read_fec(path)
    if problems:
        raise FecError(problems)
    return rows


@dataclass
class _Credit:
    customer: str
    kind: str  # payment | credit_note | opening_credit | settlement
    date: dt.date
    amount: Decimal
    line: int
    letter: str
    ref: str  # PieceRef (EcritureNum if empty)
    entry: str  # JournalCode EcritureNum


def fec_book(path: str | Path, terms: dict = FEC_TERMS) -> Book:
    rows = read_fec(path)
    entries: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        entries[(r["journal"], r["num"])].append(r)

    def classify(lines: list[dict]) -> str:
        first = lines[0]
        if (
            first["journal"].upper() in OPENING_JOURNALS
            or "nouveau" in first["journal_lib"].lower()
        ):
            return "opening"
        if any(x["account"].startswith("5") for x in lines):
            return "treasury"
        if any(x["account"].startswith("7") for x in lines):
            return "sales"
        return "other"

    debits: dict[str, list[Item]] = defaultdict(list)
    credits: dict[str, list[_Credit]] = defaultdict(list)
    sales: list[tuple[dt.date, Decimal]] = []
    names: dict[str, str] = {}
    for lines in entries.values():
        kind = classify(lines)
        for r in lines:
            if not r["account"].startswith("411"):
                continue
            cust = r["aux"] or r["account"]
            name = r["aux_lib"] or r["account_lib"]
            names.setdefault(cust, name)
            doc_date = r["piece_date"] or r["date"]
            net = r["debit"] - r["credit"]
            if net > 0:
                item_kind = {
                    "opening": "opening",
                    "treasury": "refund",
                    "sales": "invoice",
                    "other": "other_debit",
                }[kind]
                item = Item(
                    number=r["piece"] or r["num"],
                    customer=cust,
                    name=name,
                    kind=item_kind,
                    date=doc_date,
                    due=due_date(doc_date, terms_for(terms, cust, name)),
                    amount=net,
                    line=r["line"],
                    letter=r["letter"],
                )
                debits[cust].append(item)
                if item_kind == "invoice":
                    sales.append((doc_date, net))
            elif net < 0:
                ckind = {
                    "opening": "opening_credit",
                    "treasury": "payment",
                    "sales": "credit_note",
                    "other": "settlement",
                }[kind]
                # Credit notes and opening credits: their document date; payments and other
                # settlements: their own entry date.
                cdate = doc_date if ckind in ("opening_credit", "credit_note") else r["date"]
                credits[cust].append(
                    _Credit(
                        cust,
                        ckind,
                        cdate,
                        -net,
                        r["line"],
                        r["letter"],
                        r["piece"] or r["num"],
                        f"{r['journal']} {r['num']}",
                    )
                )
                if ckind == "credit_note":
                    sales.append((doc_date, net))
    items: list[Item] = []
    for cust in sorted(set(debits) | set(credits)):
        items += _match(debits[cust], credits[cust], cust, names[cust])
    return Book(items, sales, f"FEC {Path(path).name}")


def _settle(item: Item, credit: _Credit, amount: Decimal) -> None:
    # A payment counts from its own date, or from the invoice's date if it came first.
    item.settlements.append(
        (max(credit.date, item.date), amount, f"{credit.kind} {credit.ref} ({credit.entry})")
    )


def _match(debits: list[Item], credits: list[_Credit], cust: str, name: str) -> list[Item]:
    open_ = {id(d): d.amount for d in debits}

    def apply(credit: _Credit, left: Decimal, targets: list[Item]) -> Decimal:
        for d in targets:
            if left <= 0:
                break
            take = min(left, open_[id(d)])
            if take > 0:
                _settle(d, credit, take)
                open_[id(d)] -= take
                left -= take
        return left

    def debit_key(d: Item):
        return (d.date, d.line)

    def credit_key(c: _Credit):
        return (c.date, c.line)

    # 1. Within each letter (as written), first in first out.
    leftovers: list[tuple[_Credit, Decimal]] = []
    for letter in sorted(
        {c.letter for c in credits if c.letter} | {d.letter for d in debits if d.letter}
    ):
        group_d = sorted((d for d in debits if d.letter == letter), key=debit_key)
        for c in sorted((c for c in credits if c.letter == letter), key=credit_key):
            left = apply(c, c.amount, group_d)
            if left > 0:
                leftovers.append((c, left))
    # 2. What is left, and unlettered credits, against the debits still open, oldest first.
    leftovers += [(c, c.amount) for c in credits if not c.letter]
    leftovers.sort(key=lambda cl: credit_key(cl[0]))
    pending = sorted(debits, key=debit_key)
    items = list(debits)
    for c, left in leftovers:
        left = apply(c, left, pending)
        # 3. Still left: an unapplied credit (advance, overpayment), due on its own date.
        if left > 0:
            items.append(
                Item(
                    c.ref,
                    cust,
                    name,
                    "unapplied",
                    c.date,
                    c.date,
                    -left,
                    line=c.line,
                    letter=c.letter,
                )
            )
    return items


# ----------------------------------------------------------------------------------------
# Invoice file, reminders and disputes
# ----------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return " ".join(t.lower().replace("\ufeff", "").split())


INVOICE_ALIASES = {
    "number": {
        "n° facture",
        "no facture",
        "n facture",
        "numero facture",
        "numero",
        "facture",
        "invoice number",
        "invoice no",
        "invoice",
    },
    "customer": {"client", "customer"},
    "date": {"date facture", "date", "invoice date", "issue date"},
    "due": {"date echeance", "echeance", "due date"},
    "amount": {"montant ttc", "amount", "amount incl. vat", "total ttc"},
    "paid_date": {"date reglement", "paid date", "payment date", "paid on"},
    "paid_amount": {"montant regle", "paid amount", "amount paid"},
    "delivered": {"date livraison", "delivery date", "delivered"},
}
EVENT_ALIASES = {
    "number": INVOICE_ALIASES["number"],
    "date": {"date"},
    "type": {"type"},
    "channel": {"canal", "channel"},
    "reason": {"motif", "reason"},
}
EVENT_TYPES = {
    "relance": "reminder",
    "reminder": "reminder",
    "litige ouvert": "opened",
    "dispute opened": "opened",
    "litige clos": "closed",
    "dispute closed": "closed",
}


def _read_table(path: str | Path, aliases: dict[str, set[str]]) -> list[dict[str, str]]:
    text = decode(Path(path).read_bytes())
    first = text.split("\n", 1)[0]
    delim = ";" if ";" in first else "\t" if "\t" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header = [_norm(h) for h in next(reader)]
    where = {}
    for key, names in aliases.items():
        for i, h in enumerate(header):
            if h in names:
                where[key] = i
                break
    out = []
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        out.append({k: (row[i].strip() if i < len(row) else "") for k, i in where.items()})
    return out


def parse_any_date(text: str) -> dt.date | None:
    t = text.strip()
    if not t:
        return None
    if "/" in t:
        d, m, y = t.split("/")
        return dt.date(int(y), int(m), int(d))
    return dt.date.fromisoformat(t[:10])


def parse_any_amount(text: str) -> Decimal | None:
    t = text.strip()
    for space in (" ", "\u00a0", "\u202f"):
        t = t.replace(space, "")
    if not t:
        return None
    return Decimal(t.replace(",", "."))


def file_book(path: str | Path, terms: dict = INVOICE_TERMS) -> Book:
    items: list[Item] = []
    sales: list[tuple[dt.date, Decimal]] = []
    for n, r in enumerate(_read_table(path, INVOICE_ALIASES), start=2):
        date = parse_any_date(r["date"])
        amount = parse_any_amount(r["amount"])
        due = parse_any_date(r.get("due", ""))
        if amount < 0:
            due = due or date  # a credit note is due on its own date
        due = due or due_date(date, terms_for(terms, r["customer"]))
        item = Item(
            number=r["number"],
            customer=r["customer"],
            name=r["customer"],
            kind="invoice" if amount > 0 else "credit_note",
            date=date,
            due=due,
            amount=amount,
            line=n,
            delivered=parse_any_date(r.get("delivered", "")),
        )
        paid_date = parse_any_date(r.get("paid_date", ""))
        if paid_date is not None:
            paid = parse_any_amount(r.get("paid_amount", ""))
            item.settlements.append(
                (max(paid_date, date), amount if paid is None else paid, "settlement")
            )
        items.append(item)
        sales.append((date, amount))
    return Book(items, sales, f"invoice file {Path(path).name}")


def read_events(path: str | Path) -> list[dict]:
    out = []
    for r in _read_table(path, EVENT_ALIASES):
        out.append(
            {
                "number": r["number"],
                "date": parse_any_date(r["date"]),
                "type": EVENT_TYPES[_norm(r["type"])],
                "channel": r.get("channel", ""),
                "reason": r.get("reason", ""),
            }
        )
    return out


# ----------------------------------------------------------------------------------------
# Indicators, one invoice at a time
# ----------------------------------------------------------------------------------------


def _mean(values: list) -> float | None:
    return float(sum(values) / len(values)) if values else None


def _weighted(pairs: list[tuple[int, Decimal]]) -> float | None:
    weight = sum((w for _v, w in pairs), ZERO)
    return float(sum((v * w for v, w in pairs), ZERO) / weight) if weight else None


def receivables(book: Book, at: dt.date) -> Decimal:
    return sum((i.owed_at(at) for i in book.items), ZERO)


def sales_between(book: Book, start: dt.date, end: dt.date) -> Decimal:
    return sum((a for d, a in book.sales if start <= d <= end), ZERO)


def countback(receivable: Decimal, book: Book, end: dt.date) -> float | None:
    """Receivables exhausted against the sales of end's month, then the month before…"""
    left = receivable
    days = 0.0
    if left <= 0:
        return 0.0
    first = end.replace(day=1)
    for _ in range(COUNTBACK_MONTHS):
        last = month_end(first)
        length = last.day
        sold = sales_between(book, first, last)
        if sold > 0 and left <= sold:
            return days + length * float(left / sold)
        if sold > 0:
            left -= sold
        days += length
        first = (first - ONE_DAY).replace(day=1)
    return None


def aging(book: Book, at: dt.date) -> dict[str, Decimal]:
    out = dict.fromkeys(("not_due", "1_30", "31_60", "61_90", "over_90", "unapplied_credits"), ZERO)
    for i in book.items:
        owed = i.owed_at(at)
        if owed == 0 or i.date > at:
            continue
        if i.amount < 0:
            out["unapplied_credits"] += owed
            continue
        late = (at - i.due).days
        key = (
            "not_due"
            if late <= 0
            else "1_30"
            if late <= 30
            else "31_60"
            if late <= 60
            else "61_90"
            if late <= 90
            else "over_90"
        )
        out[key] += owed
    return out


def figures(book: Book, as_of: dt.date = AS_OF, window: int = WINDOW) -> dict:
    start = as_of - dt.timedelta(days=window - 1)
    in_p = lambda d: d is not None and start <= d <= as_of  # noqa: E731
    invoices = [i for i in book.items if i.is_invoice]

    rec = receivables(book, as_of)
    sold = sales_between(book, start, as_of)
    dso = float(rec / sold * window) if sold > 0 else None
    end = month_end(as_of)
    dso_cb = countback(receivables(book, end), book, end)

    due_in = [i for i in invoices if in_p(i.due)]
    on_time = [i for i in due_in if i.paid_on is not None and i.paid_on <= i.due]
    due_amount = sum((i.amount for i in due_in), ZERO)

    paid_in = [i for i in invoices if in_p(i.paid_on)]
    late_days = [(max(0, (i.paid_on - i.due).days), i.amount) for i in paid_in]

    overdue = [i for i in invoices if i.owed_at(as_of) > 0 and (as_of - i.due).days > 0]
    overdue_days = [((as_of - i.due).days, i.owed_at(as_of)) for i in overdue]

    over_limit = [i for i in invoices if in_p(i.date) and i.due > legal_limit(i.date)]
    late = [i for i in paid_in if i.paid_on > i.due] + overdue
    penalties = sum((i.penalty(as_of) for i in late), ZERO).quantize(CENT, ROUND_HALF_UP)

    return {
        "as_of": as_of,
        "window": window,
        "period": (start, as_of),
        "receivables": rec,
        "sales": sold,
        "dso_standard_days": dso,
        "dso_countback_days": dso_cb,
        "paid_on_time_share": len(on_time) / len(due_in) if due_in else None,
        "paid_on_time_amount_share": (
            float(sum((i.amount for i in on_time), ZERO) / due_amount) if due_amount else None
        ),
        "due_invoices": len(due_in),
        "paid_on_time_invoices": len(on_time),
        "avg_days_late": _mean([d for d, _a in late_days]),
        "avg_days_late_weighted": _weighted(late_days),
        "paid_invoices": len(paid_in),
        "open_overdue_avg_days": _mean([d for d, _a in overdue_days]),
        "open_overdue_avg_days_weighted": _weighted(overdue_days),
        "open_overdue_invoices": len(overdue),
        "aging": aging(book, as_of),
        "statutory": {
            "terms_over_limit": len(over_limit),
            "late_invoices": len(late),
            "penalties": penalties,
            "indemnities": INDEMNITY * len(late),
        },
    }


def fec_figures(
    path: str | Path, as_of: dt.date = AS_OF, window: int = WINDOW, terms: dict = FEC_TERMS
) -> dict:
    return figures(fec_book(path, terms), as_of, window)


def invoice_figures(
    path: str | Path,
    events_path: str | Path | None,
    as_of: dt.date = AS_OF,
    window: int = WINDOW,
    terms: dict = INVOICE_TERMS,
    reminder_days: int = REMINDER_DAYS,
) -> dict:
    book = file_book(path, terms)
    out = figures(book, as_of, window)
    start, _end = out["period"]
    in_p = lambda d: d is not None and start <= d <= as_of  # noqa: E731
    invoices = [i for i in book.items if i.is_invoice]

    delays = [(i.date - i.delivered).days for i in invoices if in_p(i.date) and i.delivered]
    out["delivery_to_invoice_days"] = _mean(delays)
    out["delivery_invoices"] = len(delays)

    events = read_events(events_path) if events_path else []
    # Reminders: invoices unpaid at the end of their due date whose due + D falls in P.
    needing = [
        i
        for i in invoices
        if in_p(i.due + dt.timedelta(days=reminder_days))
        and (i.paid_on is None or i.paid_on > i.due)
    ]
    reminded = [
        i
        for i in needing
        if any(
            e["type"] == "reminder"
            and e["number"] == i.number
            and i.due + ONE_DAY <= e["date"] <= i.due + dt.timedelta(days=reminder_days)
            for e in events
        )
    ]
    out["reminders_needed"] = len(needing)
    out["reminders_in_time"] = len(reminded)
    out["reminders_when_due_share"] = len(reminded) / len(needing) if needing else None

    opened = [e for e in events if e["type"] == "opened" and in_p(e["date"])]
    closed = [e for e in events if e["type"] == "closed" and in_p(e["date"])]
    state: dict[str, str] = {}
    for e in sorted(events, key=lambda e: e["date"]):
        if e["date"] <= as_of and e["type"] in ("opened", "closed"):
            state[e["number"]] = e["type"]
    to_close = []
    for c in closed:
        starts = [
            e["date"]
            for e in events
            if e["type"] == "opened" and e["number"] == c["number"] and e["date"] <= c["date"]
        ]
        if starts:
            to_close.append((c["date"] - max(starts)).days)
    out["disputes_opened"] = len(opened)
    out["disputes_closed"] = len(closed)
    out["disputes_open"] = sum(1 for s in state.values() if s == "opened")
    out["disputes_mean_days_to_close"] = _mean(to_close)
    return out


# ----------------------------------------------------------------------------------------
# Per-invoice listings
# ----------------------------------------------------------------------------------------


def listing(book: Book, as_of: dt.date = AS_OF) -> list[dict]:
    out = []
    for i in sorted(book.items, key=lambda i: (i.date, i.number)):
        paid = i.paid_on
        late = i.amount > 0 and (
            (paid is not None and paid <= as_of and paid > i.due)
            or (i.owed_at(as_of) > 0 and as_of > i.due)
        )
        out.append(
            {
                "number": i.number,
                "customer": i.customer,
                "name": i.name,
                "kind": i.kind,
                "date": i.date,
                "due": i.due,
                "amount": i.amount,
                "paid_on": paid,
                "owed_at_as_of": i.owed_at(as_of),
                "over_legal_limit": i.amount > 0 and i.due > legal_limit(i.date),
                "penalty_at_as_of": i.penalty(as_of).quantize(CENT, ROUND_HALF_UP)
                if late
                else ZERO,
                "settlements": [(c, a, w) for c, a, w in i.settlements],
                "delivered": i.delivered,
            }
        )
    return out


def fec_invoices(path: str | Path, terms: dict = FEC_TERMS, as_of: dt.date = AS_OF) -> list[dict]:
    """Every debit of 411 (invoices, opening invoices) and every unapplied credit."""
    return listing(fec_book(path, terms), as_of)


def file_invoices(
    path: str | Path, terms: dict = INVOICE_TERMS, as_of: dt.date = AS_OF
) -> list[dict]:
    return listing(file_book(path, terms), as_of)


def ledger_balances(path: str | Path) -> dict[str, Decimal]:
    """Debits − credits of the 411 lines per customer account, straight from the file."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for r in read_fec(path):
        if r["account"].startswith("411"):
            out[r["aux"] or r["account"]] += r["debit"] - r["credit"]
    return dict(sorted(out.items()))


# ----------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------


def _fmt(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, Decimal):
        return f"{v:,.2f}".replace(",", " ")
    if isinstance(v, float):
        return f"{v:.4f}"
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _rows(fig: dict) -> list[tuple[str, str]]:
    rows = []
    for k, v in fig.items():
        if k in ("as_of", "window", "period"):
            continue
        if isinstance(v, dict):
            rows += [(f"{k}.{kk}", _fmt(vv)) for kk, vv in v.items()]
        else:
            rows.append((k, _fmt(v)))
    return rows


def _jsonable(v):
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def main(argv: list[str]) -> None:
    fec = fec_figures(HERE / "fec_2025.txt")
    pipe = fec_figures(HERE / "fec_2025_pipe_cp1252.txt")
    assert fec == pipe, "the two FEC files must give the same figures"
    assert fec_invoices(HERE / "fec_2025.txt") == fec_invoices(HERE / "fec_2025_pipe_cp1252.txt")
    inv = invoice_figures(HERE / "invoices_2025.csv", HERE / "events_2025.csv")
    bad = fec_problems(HERE / "fec_bad.txt")
    balances = ledger_balances(HERE / "fec_2025.txt")
    by_customer: dict[str, Decimal] = defaultdict(Decimal)
    for x in fec_invoices(HERE / "fec_2025.txt"):
        by_customer[x["customer"]] += x["owed_at_as_of"]
    assert balances == dict(sorted(by_customer.items())), (balances, by_customer)
    assert sum(balances.values()) == fec["receivables"]
    assert sum(fec["aging"].values()) == fec["receivables"]
    assert sum(inv["aging"].values()) == inv["receivables"]
    if "--json" in argv:
        print(
            json.dumps(
                _jsonable(
                    {"fec": fec, "invoice_file": inv, "fec_bad": bad, "ledger_balances": balances}
                ),
                indent=2,
            )
        )
        return
    print(f"As of {AS_OF}, window {WINDOW} days: period {fec['period'][0]} → {fec['period'][1]}\n")
    keys = [k for k, _v in _rows(inv)]
    fr, ir = dict(_rows(fec)), dict(_rows(inv))
    print("| figure | FEC (both files) | invoices_2025.csv |")
    print("|---|---:|---:|")
    for k in keys:
        print(f"| {k} | {fr.get(k, '')} | {ir[k]} |")
    print("\n411 balance per customer at 31/12/2025 (= what the matching leaves owed):\n")
    for k, v in balances.items():
        print(f"* {k}: {_fmt(v)}")
    print("\nfec_bad.txt refused:")
    for n, m in bad:
        print(f"* line {n}: {m}")
    print("\nFEC, per invoice (debits of 411 and unapplied credits):\n")
    print(
        "| number | customer | kind | date | due | amount | paid on | owed 31/12 | > limit | penalty |"
    )
    print("|---|---|---|---|---|---:|---|---:|---|---:|")
    for x in fec_invoices(HERE / "fec_2025.txt"):
        print(
            f"| {x['number']} | {x['customer']} | {x['kind']} | {_fmt(x['date'])} | "
            f"{_fmt(x['due'])} | {_fmt(x['amount'])} | {_fmt(x['paid_on'])} | "
            f"{_fmt(x['owed_at_as_of'])} | {'yes' if x['over_legal_limit'] else ''} | "
            f"{_fmt(x['penalty_at_as_of']) if x['penalty_at_as_of'] else ''} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
