"""The sample books and invoice files of tests/data/cash: Pilotage's figures equal those
computed independently, invoice by invoice, by tests/data/cash/expected.py (standard
library only, written from the rules of the help page; its README works them by hand)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from pilotage.cash import documents as d
from pilotage.cash import files, report, sources
from pilotage.lib.tabular import open_table

DATA = Path(__file__).resolve().parent.parent / "data" / "cash"
_spec = importlib.util.spec_from_file_location("cash_expected", DATA / "expected.py")
expected = importlib.util.module_from_spec(_spec)
sys.modules["cash_expected"] = expected  # its dataclasses look themselves up there
_spec.loader.exec_module(expected)

AS_OF = dt.date(2025, 12, 31)
FEC_TERMS = {"C0003": d.Terms("eom_after", 45), "C0004": d.Terms("net", 90)}
FILE_TERMS = {
    "hydraulique lyonnaise sa": d.Terms("eom_after", 45),
    "transports chabert & fils": d.Terms("net", 90),
}
KEYS = (
    "receivables",
    "sales",
    "dso_standard_days",
    "dso_countback_days",
    "paid_on_time_share",
    "paid_on_time_amount_share",
    "due_invoices",
    "avg_days_late",
    "avg_days_late_weighted",
    "paid_invoices",
    "open_overdue_avg_days",
    "open_overdue_avg_days_weighted",
)


def load(name):
    with (DATA / name).open("rb") as f:
        return sources.load(f)


def close(ours, theirs):
    if theirs is None:
        return ours is None
    if isinstance(theirs, str):
        theirs = Decimal(theirs)
    return ours == pytest.approx(float(theirs), abs=0.051)


def compare(ours: dict, theirs: dict) -> list[str]:
    wrong = [f"{k}: {ours[k]} ≠ {theirs[k]}" for k in KEYS if not close(ours[k], theirs[k])]
    wrong += [
        f"aging {k}: {ours['aging'][k]} ≠ {v}"
        for k, v in theirs["aging"].items()
        if not close(ours["aging"][k], v)
    ]
    wrong += [
        f"statutory {k}: {ours['statutory'][k]} ≠ {v}"
        for k, v in theirs["statutory"].items()
        if not close(ours["statutory"][k], v)
    ]
    return wrong


@pytest.mark.parametrize("name", ["fec_2025.txt", "fec_2025_pipe_cp1252.txt"])
def test_the_sample_fec_gives_the_figures_computed_by_hand(name):
    loaded = load(name)
    assert loaded.kind == sources.FEC
    ours = report.compute(
        loaded.docs, as_of=AS_OF, settings=report.Settings(customer_terms=FEC_TERMS)
    )
    theirs = expected.fec_figures(DATA / name)
    assert compare(ours, theirs) == []
    # Spelled out (README): receivables 49,321.80 = 40,153.80 not yet due + 4,278.00 1–30
    # + 6,840.00 over 90 (FA24-0342, carried forward) − 1,950.00 unapplied deposit.
    assert ours["receivables"] == 49321.80
    assert ours["aging"] == {
        "not_due": 40153.80,
        "1_30": 4278.00,
        "31_60": 0.0,
        "61_90": 0.0,
        "over_90": 6840.00,
        "unapplied_credits": -1950.00,
    }
    # DSO standard: 49,321.80 ÷ 87,070.68 sales of 03/10–31/12 × 90 = 50.98 days.
    assert ours["dso_standard_days"] == round(49321.80 / 87070.68 * 90, 1)


def test_the_sample_fec_invoice_by_invoice():
    docs = load("fec_2025.txt").docs
    led = docs.ledger(d.Terms(), FEC_TERMS)
    ours = {
        docs.number[k]: (
            docs.kind[k],
            d.date_of(docs.issued[k]),
            led.due[k].astype(dt.date),
            Decimal(docs.amount[k]) / 100,
            None if np.isnat(led.paid_on[k]) else led.paid_on[k].astype(dt.date),
        )
        for k in range(len(docs))
        if docs.kind[k] in (d.INVOICE, d.OPENING)
    }
    theirs = {
        i["number"]: (i["kind"], i["date"], i["due"], i["amount"], i["paid_on"])
        for i in expected.fec_invoices(DATA / "fec_2025.txt")
        if i["kind"] in ("invoice", "opening")
    }
    assert ours == theirs


def test_the_sample_invoice_file_and_its_log_give_the_figures_computed_by_hand():
    loaded = load("invoices_2025.csv")
    assert loaded.kind == sources.INVOICES
    docs = loaded.docs
    with (DATA / "events_2025.csv").open("rb") as f:
        table = open_table(f)
        rows, checked = files.read_events(
            table.rows,
            headers=table.headers,
            mapping=files.suggest_mapping(table.headers, "events"),
        )
    assert checked.error_count == 0
    events = files.pair_events(rows, {n: k for k, n in enumerate(docs.number)})
    ours = report.compute(
        docs, as_of=AS_OF, settings=report.Settings(customer_terms=FILE_TERMS), events=events
    )
    theirs = expected.invoice_figures(DATA / "invoices_2025.csv", DATA / "events_2025.csv")
    assert compare(ours, theirs) == []
    for key in ("delivery_to_invoice_days", "reminders_when_due_share"):
        assert close(ours[key], theirs[key]), key
    assert (ours["disputes_opened"], ours["disputes_closed"], ours["disputes_open"]) == (
        theirs["disputes_opened"],
        theirs["disputes_closed"],
        theirs["disputes_open"],
    )
    assert ours["disputes_avg_days_to_close"] == theirs["disputes_mean_days_to_close"]


def test_the_bad_fec_is_refused_on_the_lines_the_readme_names():
    with pytest.raises(sources.Refused) as caught:
        load("fec_bad.txt")
    assert [e["row"] for e in caught.value.errors] == [
        line for line, _why in expected.fec_problems(DATA / "fec_bad.txt")
    ]
    assert [e["row"] for e in caught.value.errors] == [64, 118, 224]


def test_the_command_prints_the_documented_json_keys():
    out = StringIO()
    call_command(
        "cash",
        "report",
        str(DATA / "fec_2025.txt"),
        "--as-of",
        "2025-12-31",
        "--customer-terms",
        "C0003=45 eom",
        "--customer-terms",
        "C0004=net 90",
        "--format",
        "json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for key in (
        *KEYS,
        "aging",
        "top_late_customers",
        "statutory",
        "monthly",
        "as_of",
        "window_days",
    ):
        assert key in result, key
        assert f"`{key}`" in readme, f"{key} is not documented in the README"
    assert result["receivables"] == 49321.80
    assert len(result["monthly"]) == 12
    assert result["monthly"][-1]["month"] == "2025-12"
