"""The contract pages as people use them: bad input shown on its field with nothing
stored, what each one sees (a vendor only what is shared with it), the cards."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pilotage.contracts import services
from pilotage.contracts.models import Contract
from pilotage.core.models import AuditEntry

from .helpers import noon


def url(name, w, contract=None, engagement=None):
    kwargs = {"org": "acme", "pk": (engagement or w.cash).pk}
    if contract is not None:
        kwargs["contract"] = contract.pk
    return reverse(f"contracts:{name}", kwargs=kwargs)


VALID = {
    "reference": "CT-CASH-2",
    "starts_on": "2027-01-01",
    "initial_term_months": "3",
    "tacit_renewal": "on",
    "notice_amount": "1",
    "notice_unit": "months",
    "alert_offsets": "30, 7",
    "fixed_monthly_fee": "1 950,50",
}


def test_a_notice_longer_than_the_term_is_shown_on_its_field_and_nothing_stored(world, client_for):
    client = client_for(world.bob)
    before = (Contract.objects.count(), AuditEntry.objects.count())
    response = client.post(url("create", world), {**VALID, "notice_amount": "4"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["notice_amount"]
    assert (Contract.objects.count(), AuditEntry.objects.count()) == before


def test_a_file_that_is_not_a_pdf_is_refused_on_its_field(world, client_for):
    client = client_for(world.bob)
    before = (Contract.objects.count(), AuditEntry.objects.count())
    fake = SimpleUploadedFile("contract.pdf", b"<html>not a pdf</html>")
    response = client.post(url("create", world), {**VALID, "document": fake})
    assert list(response.context["form"].errors) == ["document"]
    response = client.post(
        url("upload", world, world.contract),
        {"document": SimpleUploadedFile("x.pdf", b"GIF89a")},
    )
    assert list(response.context["form"].errors) == ["document"]
    assert (Contract.objects.count(), AuditEntry.objects.count()) == before


def test_a_contract_created_with_its_pdf_shows_its_dates_and_fee(world, client_for):
    client = client_for(world.bob)
    pdf = SimpleUploadedFile("signé.pdf", b"%PDF-1.4 the contract")
    response = client.post(url("create", world), {**VALID, "document": pdf})
    contract = Contract.objects.get(reference="CT-CASH-2")
    assert response.status_code == 302
    assert contract.fixed_monthly_fee == 1950.50
    assert contract.alert_offsets == [30, 7]
    page = client.get(url("detail", world, contract)).content.decode()
    # 3 months from 1 January 2027 with 1 month's notice: ends 31/03/2027, notice by 28/02.
    assert "31/03/2027" in page and "28/02/2027" in page and "01/04/2027" in page
    assert "1\u202f950,50\u00a0€" in page or "1 950,50" in page
    download = client.get(url("download", world, contract))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 the contract"
    assert AuditEntry.objects.filter(action="view", object_id=str(contract.pk)).exists()


def test_a_vendor_sees_a_contract_only_once_the_owner_shares_it(world, client_for):
    victor = client_for(world.victor)
    assert "CT-CASH-1" not in victor.get(url("list", world)).content.decode()
    assert victor.get(url("detail", world, world.contract)).status_code == 404
    assert victor.get(url("download", world, world.contract)).status_code == 404
    services.contract_share(actor=world.alice, contract=world.contract, shared=True)
    page = victor.get(url("detail", world, world.contract)).content.decode()
    assert "CT-CASH-1" in page and "1\u202f800,00" in page  # the fee, his own contract's
    assert "CT-IT-1" not in victor.get(url("list", world)).content.decode()
    # Never another vendor's terms, shared with that vendor or not.
    assert victor.get(url("detail", world, world.it_contract, world.it)).status_code == 404
    vera = client_for(world.vera)
    assert vera.get(url("detail", world, world.it_contract, world.it)).status_code == 200
    assert vera.get(url("detail", world, world.contract, world.it)).status_code == 404


def test_the_checklist_is_saved_in_place_and_missing_essentials_flagged(world, client_for):
    client = client_for(world.bob)
    data = {f"status_{k}": "present" for k in (
        "performance", "confidentiality", "reversibility", "hardship", "gdpr", "audit",
        "service_levels", "volumes", "ip", "exit_costs",
    )}  # fmt: skip
    data.update(status_reversibility="absent", note_reversibility="Nothing on the data")
    response = client.post(url("clauses", world, world.contract), data)
    assert response.status_code == 302
    clause = world.contract.clauses.get(key="reversibility")
    assert (clause.status, clause.note) == ("absent", "Nothing on the data")
    engagement_page = client.get(
        reverse("engagements:detail", kwargs={"org": "acme", "pk": world.cash.pk})
    ).content.decode()
    assert "CT-CASH-1" in engagement_page
    assert str(clause.label) in engagement_page
    assert str(world.contract.clauses.get(key="gdpr").label) not in engagement_page


def test_the_home_page_lists_deadlines_inside_their_window_most_urgent_first(world, client_for):
    home = reverse("org_home", kwargs={"org": "acme"})
    services.contract_create(
        actor=world.rita,
        engagement=world.it,
        reference="CT-IT-2",
        starts_on=dt.date(2026, 1, 1),
        initial_term_months=12,
        notice_amount=2,
        today=dt.date(2026, 9, 1),
    )
    with time_machine.travel(noon(dt.date(2026, 9, 10)), tick=False):
        page = client_for(world.alice).get(home).content.decode()
        # cash's: notice by 30/09 (in 20 days); it's second: by 31/10 (in 51 days).
        assert page.index("CT-CASH-1") < page.index("CT-IT-2")
        assert "30/09/2026" in page and "31/10/2026" in page
        assert "CT-IT-1" not in page  # 36 months from June 2025: far off
        victor_page = client_for(world.victor).get(home).content.decode()
        assert "CT-CASH-1" not in victor_page  # not shared with Recouvra


def test_giving_notice_shows_the_end_and_stops_the_renewal(world, client_for):
    client = client_for(world.bob)
    response = client.post(url("notice", world, world.contract), {"notice_given_on": "2026-09-15"})
    assert response.status_code == 302
    page = client.get(url("detail", world, world.contract)).content.decode()
    assert "31/12/2026" in page
    world.contract.refresh_from_db()
    assert world.contract.notice_given_on == dt.date(2026, 9, 15)
    response = client.post(url("notice", world, world.contract), {"notice_given_on": "2099-01-01"})
    assert list(response.context["form"].errors) == ["notice_given_on"]


def test_only_the_owner_shares_and_deleting_takes_the_amendments(world, client_for):
    bob = client_for(world.bob)
    assert bob.post(url("share", world, world.contract), {"shared": "1"}).status_code == 404
    services.amendment_create(
        actor=world.bob,
        contract=world.contract,
        reference="CT-CASH-1-A1",
        starts_on=dt.date(2026, 6, 1),
        today=dt.date(2026, 11, 4),
    )
    assert bob.post(url("delete", world, world.contract)).status_code == 302
    assert not Contract.objects.filter(engagement=world.cash).exists()
