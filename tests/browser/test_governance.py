"""A steering committee, from the prepared agenda to the minutes, in a real browser; then the
vendor finds the action it was given on its home page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from playwright.sync_api import expect

from tests.conftest import make_world

from .test_roles import sign_in, t

pytestmark = pytest.mark.browser


def test_the_referent_runs_a_committee_and_the_vendor_sees_its_action(browsing):
    world = make_world()
    world.indicator.target = Decimal(0)
    world.indicator.red = Decimal(1)
    world.indicator.save()
    b = browsing()
    page = b.page
    sign_in(b, "governance-login", world.bob.email)
    page.goto(f"/o/acme/engagements/{world.cash.pk}/")
    page.get_by_role("link", name=t("Meetings and actions")).click()
    page.get_by_role("link", name=t("Agenda and minutes")).first.click()
    agenda = page.locator("#agenda")
    expect(agenda).to_contain_text(t("Indicators off target or drifting"))
    expect(agenda).to_contain_text(world.indicator.name)
    # attendees: bob and victor, then tick who was there
    form = page.locator("#attendees form").last
    form.get_by_label(t("Person")).select_option(label=str(world.bob))
    form.get_by_role("button", name=t("Add")).click()
    form = page.locator("#attendees form").last
    form.get_by_label(t("Person")).select_option(label=str(world.victor))
    form.get_by_role("button", name=t("Add")).click()
    page.get_by_label(str(world.victor)).uncheck()
    page.get_by_role("button", name=t("Save attendance")).click()
    page.get_by_role("textbox", name=t("Notes")).fill(
        "DSO down by three days; two disputes raised late."
    )
    page.get_by_role("button", name=t("Save the notes")).click()
    decision = page.locator("#decisions form")
    decision.get_by_label(t("decision")).fill("Call the 20 largest balances every month")
    decision.get_by_label(t("decided by")).fill("The committee")
    decision.get_by_role("button", name=t("Record the decision")).click()
    expect(page.locator("#decisions")).to_contain_text("Call the 20 largest balances every month")
    action = page.locator("#actions form").last
    action.get_by_label(t("action")).fill("List the 20 largest balances")
    action.get_by_label(t(pgettext_lazy("action", "Owner"))).select_option(label=str(world.victor))
    due = timezone.localdate() + dt.timedelta(days=12)
    action.get_by_label(t("due on")).fill(due.isoformat())
    action.get_by_role("button", name=t("Record the action")).click()
    expect(page.locator("#actions")).to_contain_text("List the 20 largest balances")
    page.get_by_role("button", name=t("Close the minutes")).click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_text(t("Held"), exact=True)).to_be_visible()
    b.check()
    world.meeting.refresh_from_db()
    assert world.meeting.status == "held"

    vendor = browsing()
    sign_in(vendor, "governance-vendor", world.victor.email)
    vendor.page.goto("/o/acme/")
    held = vendor.page.get_by_role("region", name=t("Actions you hold"))
    expect(held).to_contain_text("List the 20 largest balances")
    vendor.check()
