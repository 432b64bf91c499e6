"""The service-level page in a real browser: the chart (inline SVG) holds the CSP, the
vendor sees its figures, the referent imports a ticket file through the pages."""

from __future__ import annotations

import pathlib
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pilotage.sla import services
from tests.conftest import make_world

from .test_roles import sign_in, t

pytestmark = pytest.mark.browser
DATA = pathlib.Path(__file__).resolve().parent.parent / "data" / "tickets"


def test_a_referent_imports_a_jira_export_and_the_vendor_reads_the_result(browsing, tmp_path):
    w = make_world()
    always = services.calendar_save(
        actor=w.alice,
        org=w.acme,
        name="24/7",
        weekly_hours={str(d): [["00:00", "24:00"]] for d in range(7)},
        timezone="Europe/Paris",
        holiday_country="",
        subdivision="",
        closed_days=[],
        open_days=[],
    )
    services.policy_save(
        actor=w.alice,
        engagement=w.it,
        priorities=services.default_priorities(w.calendar, always),
        compliance_target=Decimal(95),
        pause_statuses=list(services.DEFAULT_PAUSES),
        penalty_mode="per_ticket",
        amount_per_ticket=Decimal(150),
        amount_per_hour=Decimal(0),
        monthly_fee=Decimal(0),
        cap_percent=None,
        credit_tiers=[],
    )
    base = f"/o/acme/engagements/{w.it.pk}/sla/"

    rita = browsing()
    sign_in(rita, "sla-login", "rita@acme.test")
    page = rita.page
    page.goto(base + "import/")
    page.get_by_label(t("File (CSV or XLSX)")).set_input_files(str(DATA / "jira_sm_tickets.csv"))
    page.get_by_role("button", name=t("Read the file")).click()
    expect(page.locator("table").first).to_contain_text("SUP-101")  # the preview of the first rows
    rita.shot("sla-import-mapping")
    page.get_by_role("button", name=t("Import"), exact=True).click()
    expect(page.get_by_text(t("Import done."))).to_be_visible()
    rita.shot("sla-import-done")

    vera = browsing()
    sign_in(vera, "sla-vendor-login", "vera@acme.test")
    vendor_page = vera.page
    vendor_page.goto(base)
    expect(vendor_page.locator(".chart svg")).to_be_visible()
    expect(vendor_page.get_by_role("link", name=t("Import tickets"))).to_have_count(0)
    vera.shot("sla-vendor-overview")
