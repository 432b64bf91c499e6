"""Cash imports and the other writes of pilotage.cash.services, against the sample files.

The FEC, invoice and events files of tests/data/cash/ are imported through the services;
what they store is compared with tests/data/cash/expected.py, which reads the same files
with plain per-invoice loops and knows nothing of Pilotage. The house rules checked here:
an import is all-or-nothing (errors with their row, nothing stored), importing the same
file again changes nothing, and every write leaves an audit entry.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext

from pilotage.cash import imports, selectors, services
from pilotage.cash.models import (
    CashEvent,
    CashImport,
    CashSettings,
    Customer,
    Document,
    DocumentKind,
    ImportKind,
    Settlement,
)
from pilotage.core.models import AuditAction, AuditEntry, ImportStatus
from pilotage.engagements import services as eng_services
from pilotage.engagements.models import EngagementKind, Function, Stage

DATA = Path(__file__).resolve().parent.parent / "data" / "cash"
FEC = DATA / "fec_2025.txt"
FEC_PIPE = DATA / "fec_2025_pipe_cp1252.txt"
FEC_BAD = DATA / "fec_bad.txt"
INVOICES = DATA / "invoices_2025.csv"
EVENTS = DATA / "events_2025.csv"
A = dt.date(2025, 12, 31)


def _expected():
    """tests/data/cash/expected.py, loaded from its path (once per process)."""
    name = "cash_expected"
    found = sys.modules.get(name)
    if found is not None and Path(found.__file__).resolve() == (DATA / "expected.py").resolve():
        return found
    spec = importlib.util.spec_from_file_location(name, DATA / "expected.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


expected = _expected()


@pytest.fixture
def books(world):
    """A sales-administration engagement of acme with no cash data yet (bob runs it)."""
    return eng_services.engagement_create(
        actor=world.alice,
        org=world.acme,
        title="Ateliers Mécaniques du Rhône",
        function=Function.SALES_ADMIN,
        kind=EngagementKind.OUTSOURCING,
        vendor=world.recouvra,
        referent=world.bob,
        stage=Stage.RUN,
    )


# -- helpers -------------------------------------------------------------------------------


def upload(actor, engagement, source: Path | bytes, kind: str, name: str = "") -> CashImport:
    content = source.read_bytes() if isinstance(source, Path) else source
    name = name or (source.name if isinstance(source, Path) else "file.csv")
    return services.import_upload(
        actor=actor,
        engagement=engagement,
        upload=SimpleUploadedFile(name, content),
        kind=kind,
    )


def suggested(job: CashImport) -> dict[str, str]:
    return {k: v for k, v in job.mapping.items() if not k.startswith("_")}


def run(actor, engagement, source: Path | bytes, kind: str, name: str = "") -> CashImport:
    """Upload, start with the suggested mapping (files that wait for one), run, reload."""
    job = upload(actor, engagement, source, kind, name)
    if job.status == ImportStatus.PENDING:
        services.import_start(actor=actor, job=job, mapping=suggested(job))
    imports.run_import(job.pk)
    job.refresh_from_db()
    return job


def stored(engagement) -> tuple[list, list, list]:
    """Every cash row of the engagement, primary keys included."""
    docs = list(
        Document.objects.filter(engagement=engagement)
        .order_by("pk")
        .values_list(
            "pk",
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
    )
    settlements = list(
        Settlement.objects.filter(document__engagement=engagement)
        .order_by("pk")
        .values_list("pk", "document_id", "date", "amount", "kind")
    )
    customers = list(
        Customer.objects.filter(engagement=engagement)
        .order_by("pk")
        .values_list("pk", "code", "name", "terms_days", "terms_rule")
    )
    return docs, settlements, customers


def fec_listing(engagement) -> list[tuple]:
    """Debits of 411 and unapplied credits as stored (credit notes are settlements in the
    expected listing)."""
    rows = (
        Document.objects.filter(engagement=engagement)
        .exclude(kind=DocumentKind.CREDIT_NOTE)
        .select_related("customer")
    )
    return sorted(
        (d.number, d.customer.code, d.kind, d.issued, d.due, d.amount, d.paid_on) for d in rows
    )


def expected_fec_listing(terms: dict) -> list[tuple]:
    return sorted(
        (x["number"], x["customer"], x["kind"], x["date"], x["due"], x["amount"], x["paid_on"])
        for x in expected.fec_invoices(FEC, terms)
    )


def file_listing(engagement) -> list[tuple]:
    rows = Document.objects.filter(engagement=engagement).select_related("customer")
    return sorted(
        (d.number, d.customer.name, d.kind, d.issued, d.due, d.amount, d.paid_on) for d in rows
    )


def expected_file_listing(terms: dict) -> list[tuple]:
    return sorted(
        (x["number"], x["name"], x["kind"], x["date"], x["due"], x["amount"], x["paid_on"])
        for x in expected.file_invoices(INVOICES, terms)
    )


def set_fec_terms(actor, engagement) -> None:
    for code, (rule, days) in expected.FEC_TERMS.items():
        customer = Customer.objects.get(engagement=engagement, code=code)
        services.customer_terms_update(
            actor=actor, customer=customer, terms_days=days, terms_rule=rule
        )


def receivables(engagement, at: dt.date) -> Decimal:
    return Decimal(str(selectors.cash_report(engagement, at)["receivables"])).quantize(
        Decimal("0.01")
    )


def audit_entries(object_type: str, obj_id, action: str | None = None):
    qs = AuditEntry.objects.filter(object_type=object_type, object_id=str(obj_id))
    return qs.filter(action=action) if action else qs


# -- FEC -----------------------------------------------------------------------------------


def test_a_fec_import_stores_the_documents_of_the_books(world, books):
    job = run(world.alice, books, FEC, ImportKind.FEC)

    assert job.status == ImportStatus.DONE, job.errors
    assert (job.period_start, job.period_end) == (dt.date(2025, 1, 1), A)
    assert job.total_rows == 285
    # Default terms (net 30) for every customer: the due dates follow them.
    assert fec_listing(books) == expected_fec_listing({})
    # The credit note is a document of its own, a negative sale of 08/10/2025.
    note = Document.objects.get(engagement=books, kind=DocumentKind.CREDIT_NOTE)
    assert (note.number, note.issued, note.amount) == ("AV25-0001", dt.date(2025, 10, 8), -2400)
    # The import is in the audit trail, with what it did.
    entry = audit_entries("cash.cashimport", job.pk, AuditAction.CREATE).get()
    assert entry.actor == world.alice
    assert entry.changes["created"] == [None, Document.objects.filter(engagement=books).count()]


def test_customer_terms_set_after_a_fec_import_recompute_its_due_dates(world, books):
    run(world.alice, books, FEC, ImportKind.FEC)
    assert fec_listing(books) == expected_fec_listing({})

    set_fec_terms(world.bob, books)

    # C0003: 45 days end of month (reading 1), C0004: net 90, the others net 30 still.
    assert fec_listing(books) == expected_fec_listing(expected.FEC_TERMS)
    fa32 = Document.objects.get(engagement=books, number="FA25-0032")
    assert fa32.due == dt.date(2025, 11, 30)  # from its PieceDate 14/10, not its booking 20/10
    chabert = Customer.objects.get(engagement=books, code="C0004")
    assert (chabert.terms_days, chabert.terms_rule) == (90, "net")
    entry = audit_entries("cash.customer", chabert.pk, AuditAction.UPDATE).get()
    assert entry.actor == world.bob
    assert entry.changes == {"terms_days": [None, 90], "terms_rule": ["", "net"]}


def test_the_figures_of_the_imported_books_are_the_expected_ones(world, books):
    run(world.alice, books, FEC, ImportKind.FEC)
    set_fec_terms(world.alice, books)
    theirs = expected.fec_figures(FEC)

    ours = selectors.cash_report(books, A)

    assert Decimal(str(ours["receivables"])) == theirs["receivables"]
    assert Decimal(str(ours["sales"])) == theirs["sales"]
    assert ours["dso_standard_days"] == round(theirs["dso_standard_days"], 1)
    assert ours["dso_countback_days"] == round(theirs["dso_countback_days"], 1)
    assert ours["paid_on_time_share"] == round(theirs["paid_on_time_share"], 4)
    assert ours["avg_days_late"] == round(theirs["avg_days_late"], 1)
    assert {k: Decimal(str(v)) for k, v in ours["aging"].items()} == theirs["aging"]
    assert Decimal(str(ours["statutory"]["penalties"])) == theirs["statutory"]["penalties"]


def test_a_fec_with_errors_is_refused_whole_with_its_line_numbers(world, books):
    job = run(world.alice, books, FEC_BAD, ImportKind.FEC)

    assert job.status == ImportStatus.FAILED
    lines = [e["row"] for e in job.errors]
    assert lines == [64, 118, 224]
    assert lines == [line for line, _why in expected.fec_problems(FEC_BAD)]
    assert job.error_count == 3
    columns = {e["row"]: e["column"] for e in job.errors}
    assert columns[224] == "EcritureDate"
    # Nothing stored: not a customer, not a document, not a settlement.
    assert not Document.objects.filter(engagement=books).exists()
    assert not Customer.objects.filter(engagement=books).exists()
    assert not Settlement.objects.filter(document__engagement=books).exists()
    assert job.created_count == job.updated_count == 0


def test_importing_the_same_fec_twice_changes_nothing(world, books):
    first = run(world.alice, books, FEC, ImportKind.FEC)
    set_fec_terms(world.alice, books)
    before = stored(books)

    second = run(world.alice, books, FEC, ImportKind.FEC)

    assert second.status == ImportStatus.DONE
    assert (second.created_count, second.updated_count) == (0, 0)
    assert second.note == gettext("Identical to books already imported: nothing changed.")
    assert stored(books) == before
    first.refresh_from_db()
    assert not first.superseded


def fec_2026(open_items: list[dict]) -> bytes:
    """A small FEC of 2026: the opening entry (journal AN) repeats the items open at the end
    of 2025, one line each (with their own PieceRef and PieceDate, as in 2025's), then one
    bank receipt settles each open invoice on 16/02/2026. The advance of C0005 stays open."""

    def amount(value: Decimal) -> str:
        return f"{value:.2f}".replace(".", ",")

    def line(journal, jlib, num, date, account, alib, aux, auxlib, ref, pdate, label, d, c):
        return "\t".join(
            [journal, jlib, num, date, account, alib, aux, auxlib, ref, pdate, label]
            + [amount(d), amount(c), "", "", date, "", ""]
        )

    zero = Decimal("0.00")
    rows = ["\t".join(expected.FEC_COLUMNS)]
    total = zero
    for x in open_items:
        owed = x["owed_at_as_of"]
        total += owed
        rows.append(
            line(
                "AN",
                "A nouveaux",
                "AN00001",
                "20260101",
                "411000",
                "Clients",
                x["customer"],
                x["name"],
                x["number"],
                x["date"].strftime("%Y%m%d"),
                f"Report {x['number']}",
                owed if owed > 0 else zero,
                -owed if owed < 0 else zero,
            )
        )
    rows.append(
        line(
            "AN",
            "A nouveaux",
            "AN00001",
            "20260101",
            "110000",
            "Report à nouveau",
            "",
            "",
            "AN2026",
            "20260101",
            "Report à nouveau",
            zero,
            total,
        )
    )
    receipts = [x for x in open_items if x["owed_at_as_of"] > 0]
    for k, x in enumerate(receipts, start=1):
        owed = x["owed_at_as_of"]
        num = f"BQ{k:05d}"
        label = f"VIR {x['name'].upper()}"
        rows.append(
            line(
                "BQ",
                "Banque",
                num,
                "20260216",
                "512000",
                "Banque",
                "",
                "",
                "REL2602",
                "",
                label,
                owed,
                zero,
            )
        )
        rows.append(
            line(
                "BQ",
                "Banque",
                num,
                "20260216",
                "411000",
                "Clients",
                x["customer"],
                x["name"],
                "REL2602",
                "",
                label,
                zero,
                owed,
            )
        )
    return ("\n".join(rows) + "\n").encode()


@pytest.mark.parametrize("order", ["2025 then 2026", "2026 then 2025"])
def test_the_next_year_books_do_not_count_the_open_invoices_twice(world, books, order):
    listing = expected.fec_invoices(FEC)
    open_items = [x for x in listing if x["owed_at_as_of"] != 0]
    open_at_a = expected.fec_figures(FEC)["receivables"]
    assert open_at_a == sum(x["owed_at_as_of"] for x in open_items) == Decimal("49321.80")
    unapplied = sum(x["owed_at_as_of"] for x in open_items if x["owed_at_as_of"] < 0)
    assert unapplied == Decimal("-1950.00")
    files = {"2025": (FEC, "fec_2025.txt"), "2026": (fec_2026(open_items), "fec_2026.txt")}

    jobs = {}
    for year in order.split(" then "):
        source, name = files[year]
        jobs[year] = run(world.alice, books, source, ImportKind.FEC, name=name)
        assert jobs[year].status == ImportStatus.DONE, jobs[year].errors

    # Different periods: neither replaces the other.
    for job in jobs.values():
        job.refresh_from_db()
        assert not job.superseded
    assert (jobs["2026"].period_start, jobs["2026"].period_end) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 16),
    )
    # The opening entry of 2026 repeats what the 2025 books hold: it adds nothing.
    assert receivables(books, A) == open_at_a
    assert receivables(books, dt.date(2026, 1, 1)) == open_at_a
    assert receivables(books, dt.date(2026, 2, 15)) == open_at_a
    # The receipts of 2026 settle the 2025 invoices: only the advance is left.
    assert receivables(books, dt.date(2026, 3, 31)) == unapplied
    numbers = list(Document.objects.filter(engagement=books).values_list("number", flat=True))
    assert len(numbers) == len(listing) + 1  # + the credit note AV25-0001
    assert Document.objects.filter(engagement=books, kind=DocumentKind.OPENING).count() == 5
    for x in open_items:
        doc = Document.objects.get(engagement=books, number=x["number"])
        if x["owed_at_as_of"] > 0:
            assert doc.paid_on == dt.date(2026, 2, 16), x["number"]


def test_a_fec_of_the_same_period_replaces_the_earlier_one(world, books):
    first = run(world.alice, books, FEC, ImportKind.FEC)
    count = Document.objects.filter(engagement=books).count()

    # The same books, written by another software (pipes, Windows-1252, CRLF).
    second = run(world.bob, books, FEC_PIPE, ImportKind.FEC)

    assert second.status == ImportStatus.DONE, second.errors
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.superseded and not second.superseded
    assert second.note == gettext("Replaces the books of the same period imported before.")
    assert (second.created_count, second.updated_count) == (count, count)
    assert Document.objects.filter(engagement=books).count() == count
    assert fec_listing(books) == expected_fec_listing({})
    assert audit_entries("cash.cashimport", second.pk, AuditAction.CREATE).get().actor == world.bob


def test_books_are_refused_where_invoice_files_were_imported(world):
    # "cash" has the invoices of an invoice file (FA001, FA002).
    before = stored(world.cash)

    job = run(world.alice, world.cash, FEC, ImportKind.FEC)

    assert job.status == ImportStatus.FAILED
    assert job.error_count == 1
    assert job.errors[0]["message"] == gettext(
        "This engagement's figures come from invoice files: forget the imported data (import page) before importing its books."
    )
    assert stored(world.cash) == before


def test_forgetting_the_imported_data_lets_the_books_in_and_keeps_the_log(world):
    assert services.data_delete(actor=world.alice, engagement=world.cash) == 2
    assert not Document.objects.filter(engagement=world.cash).exists()
    assert not CashImport.objects.filter(engagement=world.cash).exists()
    assert CashEvent.objects.filter(pk=world.cash_event.pk).exists()
    assert AuditEntry.objects.filter(object_type="engagements.engagement", action="delete").exists()

    job = run(world.alice, world.cash, FEC, ImportKind.FEC)

    assert job.status == ImportStatus.DONE


# -- invoice files -------------------------------------------------------------------------


def test_an_invoice_file_waits_for_its_mapping_then_is_imported(
    world, books, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = upload(world.bob, books, INVOICES, ImportKind.INVOICES)
    assert callbacks == []  # nothing runs before the columns are confirmed
    job.refresh_from_db()
    assert job.status == ImportStatus.PENDING
    assert job.mapping["_headers"] == [
        "N° facture",
        "Client",
        "Date facture",
        "Date échéance",
        "Montant TTC",
        "Date règlement",
        "Montant réglé",
        "Date livraison",
    ]
    assert suggested(job) == {
        "number": "N° facture",
        "customer": "Client",
        "issued": "Date facture",
        "due": "Date échéance",
        "amount": "Montant TTC",
        "paid_on": "Date règlement",
        "paid_amount": "Montant réglé",
        "delivered": "Date livraison",
    }
    assert not Document.objects.filter(engagement=books).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.import_start(actor=world.bob, job=job, mapping=suggested(job))

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors
    assert (job.total_rows, job.created_count, job.updated_count) == (30, 30, 0)
    # Empty due dates follow the default terms (net 30) until the customers get theirs.
    assert file_listing(books) == expected_file_listing({})
    for name, (rule, days) in expected.INVOICE_TERMS.items():
        customer = Customer.objects.get(engagement=books, name=name)
        services.customer_terms_update(
            actor=world.bob, customer=customer, terms_days=days, terms_rule=rule
        )
    assert file_listing(books) == expected_file_listing(expected.INVOICE_TERMS)
    assert Document.objects.get(engagement=books, number="FA25-0041").due == dt.date(2026, 1, 31)
    entry = audit_entries("cash.cashimport", job.pk, AuditAction.CREATE).get()
    assert entry.changes == {"rows": [None, 30], "created": [None, 30], "updated": [None, 0]}


def test_importing_the_same_invoice_file_again_changes_nothing(world, books):
    first = run(world.alice, books, INVOICES, ImportKind.INVOICES)
    assert first.status == ImportStatus.DONE
    before = stored(books)

    again = run(world.alice, books, INVOICES, ImportKind.INVOICES)

    assert again.status == ImportStatus.DONE
    assert (again.created_count, again.updated_count) == (0, 0), (
        "BUG pilotage/cash/services.py:540 (_import_invoices): the same file read again "
        f"reports {again.created_count} new and {again.updated_count} updated invoices and "
        "deletes and rewrites every document. The stored invoices are read with load(engagement), "
        "i.e. with their *computed* due dates, while the file's rows without a due date "
        "('Date échéance' empty: 6 rows) carry none, so _fingerprint() sees them as changed. "
        "Reading them with load(engagement, with_given_due_only=True) gives 0 new, 0 updated, "
        "nothing written."
    )
    assert again.note == gettext("Every invoice was already known as it is: nothing changed.")
    assert stored(books) == before, "the documents were deleted and written again"


def test_the_world_invoice_file_read_again_changes_nothing(world):
    """The same defect on the fixture's own file (no due-date column at all)."""
    before = stored(world.cash)
    with world.cash_job.file.open("rb") as f:
        content = f.read()

    again = run(world.alice, world.cash, content, ImportKind.INVOICES, name="factures.csv")

    assert again.status == ImportStatus.DONE
    assert (again.created_count, again.updated_count) == (0, 0), (
        "BUG pilotage/cash/services.py:540: factures.csv imported again reports "
        f"{again.updated_count} updated invoices (FA001 and FA002 have no due date in the file; "
        "their computed due date is compared with none)."
    )
    assert stored(world.cash) == before


@pytest.mark.parametrize(
    "bad_cell, column",
    [("31/02/2025", "Date facture"), ("12,3,4", "Montant TTC"), ("douze euros", "Montant TTC")],
)
def test_an_unreadable_date_or_amount_refuses_the_whole_file(world, books, bad_cell, column):
    date, amount = (
        ("31/02/2025", "100,00") if column == "Date facture" else ("03/02/2025", bad_cell)
    )
    content = (
        "N° facture;Client;Date facture;Montant TTC;Date règlement\r\n"
        "F-1;Durand SA;02/02/2025;1 200,00;\r\n"
        "F-2;Durand SA;02/02/2025;300,00;01/03/2025\r\n"
        f"F-3;Martin SARL;{date};{amount};\r\n"
        "F-4;Martin SARL;04/02/2025;50,00;\r\n"
    ).encode()

    job = run(world.alice, books, content, ImportKind.INVOICES, name="factures.csv")

    assert job.status == ImportStatus.FAILED
    assert job.error_count == 1
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, column)]
    assert bad_cell in job.errors[0]["message"]
    assert stored(books) == ([], [], [])
    assert (job.created_count, job.updated_count) == (0, 0)


def test_every_error_of_an_invoice_file_is_listed_with_its_row(world, books):
    content = (
        "N° facture;Client;Date facture;Montant TTC\r\n"
        "F-1;Durand SA;32/01/2025;100,00\r\n"
        "F-2;Durand SA;02/02/2025;abc\r\n"
        "F-3;;02/02/2025;10,00\r\n"
        "F-1;Durand SA;02/02/2025;10,00\r\n"
    ).encode()

    job = run(world.alice, books, content, ImportKind.INVOICES, name="factures.csv")

    assert job.status == ImportStatus.FAILED
    assert sorted({e["row"] for e in job.errors}) == [2, 3, 4]
    assert stored(books) == ([], [], [])


def test_an_invoice_file_is_refused_where_books_were_imported(world, books):
    run(world.alice, books, FEC, ImportKind.FEC)
    before = stored(books)

    job = run(world.alice, books, INVOICES, ImportKind.INVOICES)

    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {
            "row": 0,
            "column": "",
            "message": gettext(
                "This engagement's figures come from its books (FEC): invoice files cannot be added to them (forget the imported data first to change)."
            ),
        }
    ]
    assert stored(books) == before


def test_settings_terms_recompute_the_due_dates_the_file_did_not_give(world, books):
    run(world.alice, books, INVOICES, ImportKind.INVOICES)
    given = dict(
        Document.objects.filter(engagement=books, due_given__isnull=False).values_list(
            "number", "due_given"
        )
    )
    computed = dict(
        Document.objects.filter(
            engagement=books, due_given__isnull=True, kind=DocumentKind.INVOICE
        ).values_list("number", "issued")
    )
    # Boulangerie Hélène's rows and FA25-0041 have no due date in the file.
    assert set(computed) == {
        "FA25-0017",
        "FA25-0022",
        "FA25-0031",
        "FA25-0036",
        "FA25-0041",
        "FA25-0043",
    }
    for number, issued in computed.items():
        assert Document.objects.get(engagement=books, number=number).due == issued + dt.timedelta(
            30
        )

    services.settings_update(
        actor=world.bob, engagement=books, data={"terms_days": 45, "terms_rule": "eom_after"}
    )

    for number, issued in computed.items():
        due = Document.objects.get(engagement=books, number=number).due
        assert due == expected.due_date(issued, ("eom_after", 45)), number
    for number, due in given.items():
        assert Document.objects.get(engagement=books, number=number).due == due, number
    settings = CashSettings.objects.get(engagement=books)
    entry = audit_entries("cash.cashsettings", settings.pk, AuditAction.UPDATE).get()
    assert entry.actor == world.bob
    assert entry.changes == {"terms_days": [30, 45], "terms_rule": ["net", "eom_after"]}


def test_a_second_invoice_file_leaves_the_earlier_invoices_following_the_terms(world):
    # "cash" holds FA001 and FA002 from a file without due dates: the terms give them.
    extra = (
        "N° facture;Client;Date facture;Montant TTC;Date règlement\r\n"
        "FA003;Durand SA;01/02/2026;100,00;\r\n"
    ).encode()
    job = run(world.alice, world.cash, extra, ImportKind.INVOICES, name="fevrier.csv")
    assert (job.status, job.created_count) == (ImportStatus.DONE, 1)

    services.settings_update(
        actor=world.alice, engagement=world.cash, data={"terms_days": 60, "terms_rule": "net"}
    )

    due = dict(Document.objects.filter(engagement=world.cash).values_list("number", "due"))
    assert due["FA003"] == dt.date(2026, 4, 2)
    assert (due["FA001"], due["FA002"]) == (dt.date(2026, 3, 3), dt.date(2026, 3, 16)), (
        "BUG pilotage/cash/services.py:540-557 (_import_invoices): the invoices kept from an "
        "earlier file are read back with load(engagement), i.e. with their computed due dates, "
        "and written again (merged.add(due=...), then _write) as if their file had given them "
        "(Document.due_given), so FA001 and FA002 stop following the terms: net 60 leaves them "
        f"due on {due['FA001']} and {due['FA002']} instead of 2026-03-03 and 2026-03-16. "
        "load(engagement, with_given_due_only=True) keeps them following the terms."
    )


# -- reminders and disputes ----------------------------------------------------------------


def test_an_events_file_naming_an_unknown_invoice_is_refused_with_its_row(world):
    content = (
        "N° facture;Date;Type;Canal;Motif\r\n"
        "FA002;11/03/2026;relance;e-mail;Deuxième relance\r\n"
        "FA999;12/03/2026;relance;téléphone;Inconnue\r\n"
    ).encode()

    job = run(world.bob, world.cash, content, ImportKind.EVENTS, name="relances.csv")

    assert job.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "N° facture")]
    assert "FA999" in job.errors[0]["message"]
    assert list(CashEvent.objects.filter(engagement=world.cash)) == [world.cash_event]


def test_importing_the_events_file_again_adds_nothing(world, books):
    run(world.alice, books, INVOICES, ImportKind.INVOICES)
    first = run(world.alice, books, EVENTS, ImportKind.EVENTS)
    assert (first.status, first.created_count) == (ImportStatus.DONE, 18), first.errors
    logged = list(
        CashEvent.objects.filter(engagement=books)
        .order_by("pk")
        .values_list("pk", "number", "kind", "date", "channel", "reason")
    )
    assert {k for _pk, _n, k, _d, _c, _r in logged} == {
        "reminder",
        "dispute_opened",
        "dispute_closed",
    }

    again = run(world.alice, books, EVENTS, ImportKind.EVENTS)

    assert again.status == ImportStatus.DONE
    assert (again.created_count, again.updated_count) == (0, 0)
    assert again.note == gettext("Every line was already in the log: nothing changed.")
    assert (
        list(
            CashEvent.objects.filter(engagement=books)
            .order_by("pk")
            .values_list("pk", "number", "kind", "date", "channel", "reason")
        )
        == logged
    )


def test_an_event_on_an_unknown_invoice_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.event_create(
            actor=world.victor,
            engagement=world.cash,
            data={
                "number": "FA999",
                "kind": "reminder",
                "date": dt.date(2026, 3, 11),
                "channel": "email",
            },
        )
    assert "number" in refused.value.message_dict
    assert CashEvent.objects.filter(engagement=world.cash).count() == 1


def test_an_event_already_in_the_log_is_refused(world):
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.event_create(
            actor=world.victor,
            engagement=world.cash,
            data={
                "number": "FA002",
                "kind": "reminder",
                "date": dt.date(2026, 3, 10),
                "channel": "email",
            },
        )
    assert CashEvent.objects.filter(engagement=world.cash).count() == 1
    assert AuditEntry.objects.count() == entries


def test_an_invoice_of_another_engagement_is_unknown_here(world):
    with pytest.raises(ValidationError):
        services.event_create(
            actor=world.vera,
            engagement=world.it,
            data={
                "number": "FA002",
                "kind": "reminder",
                "date": dt.date(2026, 3, 11),
                "channel": "email",
            },
        )
    assert not CashEvent.objects.filter(engagement=world.it).exists()


# -- the audit trail -----------------------------------------------------------------------


def test_every_cash_service_leaves_an_audit_entry(world):
    # The fixture's own writes: the import of factures.csv and alice's reminder.
    assert audit_entries("cash.cashimport", world.cash_job.pk, AuditAction.CREATE).get().actor == (
        world.alice
    )
    created = audit_entries("cash.cashevent", world.cash_event.pk, AuditAction.CREATE).get()
    assert created.changes["number"] == [None, "FA002"]

    settings = services.settings_update(
        actor=world.bob, engagement=world.cash, data={"window_days": 60}
    )
    entry = audit_entries("cash.cashsettings", settings.pk, AuditAction.UPDATE).get()
    assert (entry.actor, entry.changes) == (world.bob, {"window_days": [90, 60]})

    customer = services.customer_terms_update(
        actor=world.bob, customer=world.customer, terms_days=45, terms_rule="eom_before"
    )
    entry = audit_entries("cash.customer", customer.pk, AuditAction.UPDATE).get()
    assert entry.changes == {"terms_days": [None, 45], "terms_rule": ["", "eom_before"]}

    event = services.event_create(
        actor=world.victor,
        engagement=world.cash,
        data={
            "number": "FA002",
            "kind": "dispute_opened",
            "date": dt.date(2026, 3, 12),
            "channel": "phone",
            "reason": "Quantités",
        },
    )
    entry = audit_entries("cash.cashevent", event.pk, AuditAction.CREATE).get()
    assert entry.actor == world.victor
    assert entry.organisation == world.acme

    pk = event.pk
    services.event_delete(actor=world.victor, event=event)
    assert not CashEvent.objects.filter(pk=pk).exists()
    entry = audit_entries("cash.cashevent", pk, AuditAction.DELETE).get()
    assert entry.changes["kind"] == ["dispute_opened", None]

    # A change that changes nothing leaves nothing.
    entries = AuditEntry.objects.count()
    services.settings_update(actor=world.bob, engagement=world.cash, data={"window_days": 60})
    assert AuditEntry.objects.count() == entries
