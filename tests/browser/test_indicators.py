"""The indicators in a real browser: the vendor gives a month's values with an evidence file,
the referent validates one and contests the other, the vendor gives it again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pilotage.kpis import periods, services
from pilotage.kpis.labels import period_label
from pilotage.kpis.models import Value, ValueStatus
from tests.conftest import make_world

from .test_roles import sign_in, t

pytestmark = pytest.mark.browser


def test_the_vendor_gives_a_month_with_evidence_and_the_referent_validates(browsing, tmp_path):
    w = make_world()
    critical = services.template_add(actor=w.bob, engagement=w.cash, code="critical_incidents")
    month = periods.shift(periods.start_of(timezone.localdate(), periods.MONTHLY), "monthly", -2)
    assert month >= w.cash.start_date
    evidence = tmp_path / "journal-incidents.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% journal des incidents\n")
    dashboard = f"/o/acme/engagements/{w.cash.pk}/indicators/"

    victor = browsing()
    sign_in(victor, "kpi-login-victor", w.victor.email)
    page = victor.page
    page.goto(dashboard)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Indicators"))
    page.get_by_role("link", name=t("Give values")).first.click()
    page.get_by_label(t("Period")).select_option(month.isoformat())
    page.get_by_role("button", name=t("Show")).click()
    expect(
        page.get_by_role("heading", level=2, name=period_label(month, "monthly"))
    ).to_be_visible()
    page.locator(f"#id_value_{w.indicator.pk}").fill("3")
    page.locator(f"#id_comment_{w.indicator.pk}").fill("Trois avoirs pour erreur de prix")
    page.locator(f"#id_evidence_{w.indicator.pk}").set_input_files(str(evidence))
    page.locator(f"#id_value_{critical.pk}").fill("1,5")  # a count is a whole number
    page.get_by_role("button", name=t("Submit")).click()
    expect(page.locator(".invalid-feedback")).to_contain_text(t("A count is a whole number."))
    assert not Value.objects.filter(indicator__in=[w.indicator, critical], period=month).exists()
    victor.shot("kpi-vendor-refused")
    page.locator(f"#id_value_{critical.pk}").fill("1")
    page.locator(f"#id_evidence_{w.indicator.pk}").set_input_files(str(evidence))
    page.get_by_role("button", name=t("Submit")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Indicators"))
    victor.shot("kpi-vendor-submitted")
    given = {v.indicator_id: v for v in Value.objects.filter(period=month)}
    assert given[w.indicator.pk].status == ValueStatus.SUBMITTED
    assert given[w.indicator.pk].evidence_name == "journal-incidents.pdf"
    assert given[critical.pk].value == 1

    bob = browsing()
    sign_in(bob, "kpi-login-bob", w.bob.email)
    page = bob.page
    page.goto(dashboard)
    todo = page.locator(".card").filter(has=page.get_by_role("heading", name=t("To do")))
    expect(todo.get_by_role("link", name=t("Validate or contest"))).to_have_count(3)
    bob.shot("kpi-referent-dashboard")
    page.goto(f"{dashboard}values/{given[w.indicator.pk].pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="journal-incidents.pdf").click()
    assert download.value.suggested_filename == "journal-incidents.pdf"
    page.get_by_label(t("Validate")).check()
    page.get_by_role("button", name=t("Record the decision")).click()
    expect(page.get_by_text(t("Value validated."))).to_be_visible()

    page.goto(f"{dashboard}values/{given[critical.pk].pk}/")
    page.get_by_label(t("Contest")).check()
    page.get_by_role("button", name=t("Record the decision")).click()
    expect(page.locator(".invalid-feedback, .errorlist")).to_contain_text(
        t("Say why the value is contested.")
    )
    page.get_by_label(t("Contest")).check()
    page.get_by_label(t("Reason")).fill("La livraison bloquée du 12 compte aussi : 2 incidents.")
    page.get_by_role("button", name=t("Record the decision")).click()
    expect(
        page.get_by_text(t("Value contested: the vendor is asked to give it again."))
    ).to_be_visible()
    bob.shot("kpi-referent-contested")
    statuses = dict(Value.objects.filter(period=month).values_list("indicator_id", "status"))
    assert statuses == {w.indicator.pk: "validated", critical.pk: "contested"}

    page = victor.page
    page.goto(f"{dashboard}values/?frequency=monthly&period={month.isoformat()}")
    expect(page.get_by_text("La livraison bloquée du 12 compte aussi")).to_be_visible()
    page.locator(f"#id_value_{critical.pk}").fill("2")
    page.get_by_role("button", name=t("Submit")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Indicators"))
    again = Value.objects.get(indicator=critical, period=month)
    assert (again.status, again.value) == ("submitted", 2)
    assert [e.action for e in again.events.order_by("at", "id")] == [
        "submitted",
        "contested",
        "resubmitted",
    ]
    assert dt.date.today() >= month
