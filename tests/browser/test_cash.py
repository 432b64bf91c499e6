"""The cash dashboard in a real browser: a year of books (tests/data/cash/fec_2025.txt) in
the engagement "Cash collection", read by its referent at the end of the year; the vendor
logs a reminder through the form of the reminders page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import capfirst
from playwright.sync_api import expect

from pilotage.cash import imports, services
from pilotage.cash.models import CashEvent, Customer, ImportKind
from pilotage.core.models import ImportStatus
from tests.conftest import make_world

from .conftest import SCREENSHOTS
from .test_roles import sign_in, t

pytestmark = pytest.mark.browser
DATA = Path(__file__).resolve().parent.parent / "data" / "cash"
FEC_TERMS = {"C0003": ("eom_after", 45), "C0004": ("net", 90)}  # tests/data/cash/README.md


def spaces_plain(text: str) -> str:
    """Narrow and plain no-break spaces as plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def load_the_books(w) -> None:
    """The 2025 books of Ateliers Mécaniques du Rhône in "cash", through the services.

    The fixture filled "cash" from an invoice file (FA001, FA002) and books are refused
    where invoice files were imported: that data is forgotten first, as a user would."""
    services.data_delete(actor=w.bob, engagement=w.cash)
    job = services.import_upload(
        actor=w.bob,
        engagement=w.cash,
        kind=ImportKind.FEC,
        upload=SimpleUploadedFile("fec_2025.txt", (DATA / "fec_2025.txt").read_bytes()),
    )
    imports.run_import(job.pk)  # already run on commit (autocommit): then a no-op
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors
    for code, (rule, days) in FEC_TERMS.items():
        services.customer_terms_update(
            actor=w.bob,
            customer=Customer.objects.get(engagement=w.cash, code=code),
            terms_days=days,
            terms_rule=rule,
        )
    cache.clear()  # reports cached by another test with the same engagement pk and version


def test_the_referent_reads_a_year_of_books_and_the_vendor_logs_a_reminder(browsing):
    w = make_world()
    load_the_books(w)
    dashboard = f"/o/acme/engagements/{w.cash.pk}/cash/"

    bob = browsing()
    sign_in(bob, "cash-login-bob", w.bob.email)
    page = bob.page
    page.goto(dashboard + "?as_of=2025-12-31")

    expect(page.get_by_role("heading", level=1)).to_have_text(t("Cash and receivables"))
    expect(page.locator("#as-of")).to_have_value("2025-12-31")
    # The four charts, drawn as inline SVG in the page.
    charts = page.locator(".chart svg")
    expect(charts).to_have_count(4)
    for k in range(4):
        expect(charts.nth(k)).to_be_visible()
    # The aged balance: FA24-0342 (6 840,00, due 16/12/2024) is over 90 days overdue.
    aged = page.locator(".card").filter(
        has=page.get_by_role("heading", name=t("Aged balance"), exact=True)
    )
    expect(aged).to_have_count(1)
    over_90 = aged.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=t("Over 90 days overdue"))
    )
    expect(over_90).to_contain_text(re.compile(r"6\s840,00"))
    assert "6 840,00 €" in spaces_plain(over_90.inner_text())
    assert "49 321,80 €" in spaces_plain(aged.inner_text())  # the receivables at 31/12/2025
    assert "-1 950,00 €" in spaces_plain(aged.inner_text())  # the advance of Menuiserie Dupré
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "cash_dashboard.png"), full_page=True)
    bob.check()  # no console error, page error or CSP violation

    victor = browsing()
    sign_in(victor, "cash-login-victor", w.victor.email)
    page = victor.page
    page.goto(dashboard)
    page.get_by_role("link", name=t("Reminders and disputes")).first.click()
    expect(page).to_have_url(victor.url(dashboard + "log/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Reminders and disputes"))
    page.get_by_label(capfirst(t("invoice"))).fill("FA25-0036")
    page.get_by_label(capfirst(t("event"))).select_option("reminder")
    page.get_by_label(capfirst(t("date"))).fill("2025-12-20")
    page.get_by_label(capfirst(t("channel"))).select_option("phone")
    page.get_by_label(capfirst(t("reason"))).fill("Relance du solde de 458,00 €")
    page.get_by_role("button", name=t("Add"), exact=True).click()

    expect(page.get_by_text(t("Added to the log."))).to_be_visible()
    row = page.locator("tbody tr").filter(has_text="FA25-0036")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Relance du solde de 458,00 €")
    victor.shot("cash-reminder-logged")
    event = CashEvent.objects.get(engagement=w.cash, number="FA25-0036")
    assert (event.kind, event.channel, event.date) == ("reminder", "phone", dt.date(2025, 12, 20))
    assert event.created_by == w.victor
