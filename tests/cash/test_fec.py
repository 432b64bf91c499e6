"""Reading a FEC: the format's variants, its refusals, and how lettering settles invoices.

Each small book below is written out line by line; the expected invoices, payments and
dates are worked by hand in the comments."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from pilotage.cash import documents as d
from pilotage.cash import fec

COLUMNS = [
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


def line(
    journal,
    num,
    date,
    account,
    debit="0,00",
    credit="0,00",
    *,
    aux="",
    ref="",
    piece_date="",
    letter="",
    jlib="",
):
    values = {
        "JournalCode": journal,
        "JournalLib": jlib
        or {"VT": "Ventes", "BQ": "Banque", "AN": "A nouveaux", "OD": "Opérations diverses"}[
            journal
        ],
        "EcritureNum": num,
        "EcritureDate": date,
        "CompteNum": account,
        "CompteLib": "Compte " + account,
        "CompAuxNum": aux,
        "CompAuxLib": f"Client {aux}" if aux else "",
        "PieceRef": ref,
        "PieceDate": piece_date,
        "EcritureLib": "libellé",
        "Debit": debit,
        "Credit": credit,
        "EcritureLet": letter,
        "DateLet": "20251231" if letter else "",
        "ValidDate": date,
        "Montantdevise": "",
        "Idevise": "",
    }
    return [values[c] for c in COLUMNS]


def sale(num, date, aux, ttc, *, ref, letter="", piece_date=""):
    """A sale of ``ttc`` (incl. 20 % VAT): 411 debit, 706 and 44571 credits."""
    cents = round(float(ttc.replace(",", ".")) * 100)
    ht = cents * 5 // 6
    fmt = lambda c: f"{c // 100},{c % 100:02d}"  # noqa: E731
    return [
        line(
            "VT", num, date, "411000", ttc, aux=aux, ref=ref, piece_date=piece_date, letter=letter
        ),
        line("VT", num, date, "706000", credit=fmt(ht), ref=ref),
        line("VT", num, date, "445710", credit=fmt(cents - ht), ref=ref),
    ]


def payment(num, date, aux, amount, *, letter="", ref=""):
    return [
        line("BQ", num, date, "512000", amount, ref=ref or f"VIR{num}"),
        line(
            "BQ", num, date, "411000", credit=amount, aux=aux, ref=ref or f"VIR{num}", letter=letter
        ),
    ]


def book(rows, *, sep="\t", encoding="utf-8", header=COLUMNS):
    text = sep.join(header) + "\n" + "\n".join(sep.join(r) for r in rows) + "\n"
    return io.BytesIO(text.encode(encoding))


def read(rows, **kw):
    return fec.documents(fec.read(book(rows, **kw)))


def day(text):
    return d.day(dt.date.fromisoformat(text))


def settlements(docs, number):
    k = docs.number.index(number)
    return [
        (d.date_of(docs.set_date[j]).isoformat(), docs.set_amount[j])
        for j in range(len(docs.set_doc))
        if docs.set_doc[j] == k
    ]


def test_a_lettered_payment_settles_its_invoice_on_its_own_date_not_the_lettering_date():
    docs = read(
        [
            *sale("1", "20250110", "C1", "1200,00", ref="F1", letter="AA"),
            *payment("2", "20250215", "C1", "1200,00", letter="AA"),
        ]
    )
    assert docs.number == ["F1"] and docs.kind == [d.INVOICE]
    assert docs.amount == [120000]
    assert settlements(docs, "F1") == [("2025-02-15", 120000)]  # DateLet says 31/12: ignored


def test_the_invoice_is_dated_by_its_piece_date_when_booked_later():
    docs = read([*sale("1", "20250120", "C1", "600,00", ref="F1", piece_date="20250114")])
    assert d.date_of(docs.issued[0]) == dt.date(2025, 1, 14)


def test_one_payment_for_two_invoices_and_a_partial_payment():
    # C1: F1 1,200 and F2 600 both lettered AB, paid by one transfer of 1,800.
    # C2: F3 1,000 lettered "ac" (partial): 400 paid on 01/03, then 600 unlettered on 20/03.
    docs = read(
        [
            *sale("1", "20250105", "C1", "1200,00", ref="F1", letter="AB"),
            *sale("2", "20250112", "C1", "600,00", ref="F2", letter="AB"),
            *sale("3", "20250115", "C2", "1000,00", ref="F3", letter="ac"),
            *payment("4", "20250220", "C1", "1800,00", letter="AB"),
            *payment("5", "20250301", "C2", "400,00", letter="ac"),
            *payment("6", "20250320", "C2", "600,00"),
        ]
    )
    assert settlements(docs, "F1") == [("2025-02-20", 120000)]
    assert settlements(docs, "F2") == [("2025-02-20", 60000)]
    assert settlements(docs, "F3") == [("2025-03-01", 40000), ("2025-03-20", 60000)]
    led = docs.ledger()
    paid = dict(zip(docs.number, led.paid_on.astype(str), strict=False))
    assert paid == {"F1": "2025-02-20", "F2": "2025-02-20", "F3": "2025-03-20"}


def test_a_credit_note_lettered_with_its_invoice_settles_part_of_it():
    # F1 1,200, credit note AV1 of 240 on 20/01, payment of 960 on 25/02: all lettered AC.
    docs = read(
        [
            *sale("1", "20250110", "C1", "1200,00", ref="F1", letter="AC"),
            line(
                "VT", "2", "20250120", "411000", credit="240,00", aux="C1", ref="AV1", letter="AC"
            ),
            line("VT", "2", "20250120", "709000", "200,00", ref="AV1"),
            line("VT", "2", "20250120", "445710", "40,00", ref="AV1"),
            *payment("3", "20250225", "C1", "960,00", letter="AC"),
        ]
    )
    assert docs.kind == [d.INVOICE, d.CREDIT_NOTE]
    assert docs.amount == [120000, -24000]
    assert settlements(docs, "F1") == [("2025-01-20", 24000), ("2025-02-25", 96000)]
    assert settlements(docs, "AV1") == [("2025-01-20", -24000)]
    led = docs.ledger()
    assert str(led.paid_on[0]) == "2025-02-25"
    # Sales of January: 1,200 − 240; nothing owed at the end of February.
    from pilotage.cash import metrics as m

    assert m.sales(led, ["2025-01-01"], ["2025-01-31"])[0] == 96000
    assert m.receivables(led, ["2025-02-28"])[0] == 0


def test_unlettered_payments_settle_the_oldest_open_invoices_and_an_advance_waits_for_its_invoice():
    # C1 pays 500 on 05/01 before any invoice (an advance), then is invoiced F1 300 on
    # 10/01 and F2 400 on 20/01, nothing lettered. The advance settles F1 entirely (from
    # 10/01, its date) and 200 of F2 (from 20/01); F2 keeps 200 open.
    docs = read(
        [
            *payment("1", "20250105", "C1", "500,00"),
            *sale("2", "20250110", "C1", "300,00", ref="F1"),
            *sale("3", "20250120", "C1", "400,00", ref="F2"),
        ]
    )
    assert docs.number == ["F1", "F2"]
    led = docs.ledger()
    assert str(led.paid_on[0]) == "2025-01-10"
    assert str(led.paid_on[1]) == "NaT"
    from pilotage.cash import metrics as m

    assert m.receivables(led, ["2025-01-31"])[0] == 20000
    assert m.receivables(led, ["2025-01-07"])[0] == 0  # an advance is not a negative receivable


def test_a_credit_left_over_is_an_unapplied_credit_apart_in_the_aging():
    docs = read(
        [
            *sale("1", "20250110", "C1", "300,00", ref="F1", letter="AA"),
            *payment("2", "20250201", "C1", "500,00", letter="AA", ref="VIR-OVER"),
        ]
    )
    assert docs.kind == [d.INVOICE, d.UNAPPLIED]
    assert docs.amount == [30000, -20000]
    assert docs.number[1] == "VIR-OVER"
    from pilotage.cash import metrics as m

    led = docs.ledger()
    assert m.aging(led, "2025-03-01")["unapplied_credits"] == -20000
    assert m.sales(led, ["2025-01-01"], ["2025-12-31"])[0] == 30000  # an overpayment is no sale


def test_opening_entries_carry_last_years_invoices_which_are_not_sales_of_the_year():
    rows = [
        line(
            "AN",
            "1",
            "20250101",
            "411000",
            "2400,00",
            aux="C1",
            ref="F24-9",
            piece_date="20241115",
            letter="AD",
        ),
        line(
            "AN",
            "1",
            "20250101",
            "411000",
            credit="100,00",
            aux="C2",
            ref="AV24-1",
            piece_date="20241220",
        ),
        line("AN", "1", "20250101", "512000", "5000,00"),
        line("AN", "1", "20250101", "101000", credit="7300,00"),
        *payment("2", "20250110", "C1", "2400,00", letter="AD"),
    ]
    docs = read(rows)
    assert docs.kind == [d.OPENING, d.OPENING_CREDIT]
    assert d.date_of(docs.issued[0]) == dt.date(2024, 11, 15)
    led = docs.ledger()
    assert str(led.due[0]) == "2024-12-15"  # net 30 from the piece date
    assert str(led.paid_on[0]) == "2025-01-10"
    from pilotage.cash import metrics as m

    assert m.sales(led, ["2024-01-01"], ["2025-12-31"])[0] == 0
    # Its lateness is measured: due 15/12, paid 10/01.
    assert m.days_late_paid(led, ["2025-01-01"], ["2025-01-31"]).mean_days[0] == 26


def test_a_write_off_settles_like_a_payment_and_a_rejected_payment_reopens_a_debt():
    docs = read(
        [
            *sale("1", "20250110", "C1", "120,00", ref="F1", letter="AE"),
            line("OD", "2", "20250601", "654000", "100,00"),
            line("OD", "2", "20250601", "445710", "20,00"),
            line("OD", "2", "20250601", "411000", credit="120,00", aux="C1", letter="AE"),
            *sale("3", "20250110", "C2", "600,00", ref="F2", letter="AF"),
            *payment("4", "20250210", "C2", "600,00", letter="AF"),
            # The cheque bounces: the bank takes it back.
            line("BQ", "5", "20250215", "411000", "600,00", aux="C2", ref="IMP1"),
            line("BQ", "5", "20250215", "512000", credit="600,00", ref="IMP1"),
        ]
    )
    assert settlements(docs, "F1") == [("2025-06-01", 12000)]
    assert docs.kind[docs.number.index("IMP1")] == d.REFUND
    from pilotage.cash import metrics as m

    led = docs.ledger()
    assert m.receivables(led, ["2025-02-28"])[0] == 12000 + 60000
    assert m.sales(led, ["2025-01-01"], ["2025-12-31"])[0] == 72000  # the rejection is no sale


def test_pipe_separated_windows_1252_with_a_bom_less_header_reads_the_same():
    rows = [
        *sale("1", "20250110", "C1", "1200,00", ref="Fé1", letter="AA"),
        *payment("2", "20250215", "C1", "1200,00", letter="AA"),
    ]
    a = read(rows)
    b = read(rows, sep="|", encoding="cp1252")
    assert (a.number, a.amount, a.set_amount) == (b.number, b.amount, b.set_amount)
    assert b.number == ["Fé1"]


def test_a_utf8_bom_extra_columns_decimal_points_and_blank_lines_are_fine():
    header = ["\ufeffJournalCode", *COLUMNS[1:], "CodeAnalytique"]
    rows = [[*r, "X"] for r in sale("1", "20250110", "C1", "1200.00", ref="F1")]
    stream = io.BytesIO(
        ("\t".join(header) + "\n\n" + "\n".join("\t".join(r) for r in rows) + "\n\n").encode(
            "utf-8"
        )
    )
    docs = fec.documents(fec.read(stream))
    assert docs.amount == [120000]


def test_montant_and_sens_replace_debit_and_credit():
    header = [c for c in COLUMNS if c not in ("Debit", "Credit")] + ["Montant", "Sens"]

    def signed(r):
        values = dict(zip(COLUMNS, r, strict=True))
        debit, credit = values.pop("Debit"), values.pop("Credit")
        values["Montant"], values["Sens"] = (debit, "D") if debit != "0,00" else (credit, "C")
        return [values[c] for c in header]

    rows = [
        signed(r)
        for r in [
            *sale("1", "20250110", "C1", "1200,00", ref="F1", letter="AA"),
            *payment("2", "20250215", "C1", "1200,00", letter="AA"),
        ]
    ]
    docs = read(rows, header=header)
    assert docs.amount == [120000]
    assert settlements(docs, "F1") == [("2025-02-15", 120000)]


def refused(rows, **kw):
    with pytest.raises(fec.FecRefused) as caught:
        fec.read(book(rows, **kw))
    return [(e.line, e.column) for e in caught.value.errors], caught.value


def test_a_broken_line_an_unbalanced_entry_and_a_foreign_date_are_refused_with_their_lines():
    rows = [
        *sale("1", "20250110", "C1", "1200,00", ref="F1"),  # lines 2–4
        line("VT", "2", "20250111", "411000", "100,00", aux="C2", ref="F2"),  # 5: unbalanced…
        line("VT", "2", "20250111", "706000", credit="90,00", ref="F2"),  # 6
        line("BQ", "3", "14/03/2025", "512000", "5,00"),  # 7: a date the FEC never writes
        line("BQ", "3", "20250314", "411000", credit="5,00", aux="C1"),  # 8
        line("VT", "4", "20250115", "411000", "10,00")[:12],  # 9: cut short
    ]
    where, error = refused(rows)
    assert where == [(5, "Debit"), (7, "EcritureDate"), (9, "")]
    messages = [e.message for e in error.errors]
    assert "100,00" in messages[0] and "90,00" in messages[0]
    assert "14/03/2025" in messages[1]
    assert "12" in messages[2] and "18" in messages[2]


def test_amounts_with_thousands_separators_or_three_decimals_are_refused():
    where, _e = refused(
        [
            line("VT", "1", "20250110", "411000", "1 200,00"),
            line("VT", "1", "20250110", "706000", credit="1200,005"),
        ]
    )
    assert where == [(2, "Debit"), (3, "Debit")]


def test_a_file_that_is_not_a_fec_is_refused_on_its_first_line():
    where, error = refused([["a", "b"]], header=["Numéro", "Client"], sep=";")
    assert where == [(1, "")]
    where, error = refused([], header=[c for c in COLUMNS if c != "EcritureLet"])
    assert "EcritureLet" in error.errors[0].message
    where, error = refused([])
    assert "no entry" in error.errors[0].message or "aucune" in error.errors[0].message


def test_only_the_customer_accounts_are_kept_and_suppliers_are_ignored():
    rows = [
        line("HA", "1", "20250110", "607000", "100,00", jlib="Achats"),
        line("HA", "1", "20250110", "401000", credit="100,00", aux="F9", jlib="Achats"),
        *sale("2", "20250110", "C1", "60,00", ref="F1"),
    ]
    lines = fec.read(book(rows))
    assert lines.customer == ["C1"] and lines.lines_read == 5 and lines.entries == 2
    assert (d.date_of(lines.first_day), d.date_of(lines.last_day)) == (dt.date(2025, 1, 10),) * 2


def test_the_same_letter_for_two_customers_does_not_mix_them():
    docs = read(
        [
            *sale("1", "20250110", "C1", "100,00", ref="F1", letter="AA"),
            *sale("2", "20250110", "C2", "200,00", ref="F2", letter="AA"),
            *payment("3", "20250201", "C2", "200,00", letter="AA"),
        ]
    )
    assert settlements(docs, "F1") == []
    assert settlements(docs, "F2") == [("2025-02-01", 20000)]
