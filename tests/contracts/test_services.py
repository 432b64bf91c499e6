"""Contract services: bad input refused with a message on its field and nothing stored;
every change in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from pilotage.contracts import services, terms
from pilotage.contracts.models import Clause, Contract
from pilotage.core.models import AuditEntry
from pilotage.lib import uploads

from .helpers import small_org

D = dt.date
TODAY = D(2026, 11, 4)


@pytest.fixture
def org(db):
    return small_org()


@pytest.fixture(autouse=True)
def english():
    # The messages are checked in English (the French comes from the translations).
    with translation.override("en"):
        yield


def create(org, **fields):
    data = {
        "reference": "CT-1",
        "starts_on": D(2026, 1, 1),
        "initial_term_months": 12,
        "notice_amount": 3,
        "notice_unit": "months",
        "today": TODAY,
        **fields,
    }
    return services.contract_create(actor=org.owner, engagement=org.engagement, **data)


def refused(org, call) -> dict[str, list[str]]:
    contracts, entries = Contract.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        call()
    assert Contract.objects.count() == contracts, "something was stored"
    assert AuditEntry.objects.count() == entries, "something was audited"
    return e.value.message_dict


def test_a_notice_longer_than_the_term_is_refused_on_the_notice(org):
    errors = refused(org, lambda: create(org, initial_term_months=3, notice_amount=4))
    assert errors == {
        "notice_amount": ["The notice (4 months) must be shorter than the initial term (3 months)."]
    }


def test_a_notice_longer_than_the_renewal_is_refused_too(org):
    errors = refused(org, lambda: create(org, renewal_term_months=2, notice_amount=3))
    assert "renewal term (2 months)" in errors["notice_amount"][0]


def test_a_notice_in_days_longer_than_a_monthly_term_is_refused(org):
    errors = refused(
        org, lambda: create(org, initial_term_months=1, notice_amount=45, notice_unit="days")
    )
    assert "45 days" in errors["notice_amount"][0]


def test_a_signature_in_the_future_and_bad_alerts_are_refused(org):
    assert "signed_on" in refused(org, lambda: create(org, signed_on=TODAY + dt.timedelta(1)))
    assert "alert_offsets" in refused(org, lambda: create(org, alert_offsets=[400]))
    assert "alert_offsets" in refused(org, lambda: create(org, alert_offsets=[]))


def test_a_reference_is_unique_within_the_engagement(org):
    create(org)
    assert refused(org, lambda: create(org)) == {
        "reference": ["Another contract of this engagement has this reference."]
    }


def test_the_document_must_be_a_real_pdf_of_reasonable_size(org):
    fake = SimpleUploadedFile("contract.pdf", b"MZ\x90\x00 not a pdf")
    word = SimpleUploadedFile("contract.docx", b"PK\x03\x04 word")
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * uploads.MAX_BYTES)
    assert "not a PDF" in refused(org, lambda: create(org, document=fake))["document"][0]
    assert refused(org, lambda: create(org, document=word))["document"] == [
        "The signed document must be a PDF."
    ]
    assert "larger than 10 MB" in refused(org, lambda: create(org, document=big))["document"][0]


def test_creating_sets_up_the_checklist_and_audits_the_terms(org):
    contract = create(org, fixed_monthly_fee="1800.00")
    assert Clause.objects.filter(contract=contract, status="unknown").count() == 10
    entry = AuditEntry.objects.filter(object_type="contracts.contract").latest("seq")
    assert entry.action == "create"
    assert entry.changes["notice_amount"] == [None, 3]
    assert entry.changes["fixed_monthly_fee"] == [None, "1800.00"]


def test_changes_clauses_sharing_notice_and_deletion_are_audited(org):
    contract = create(org)
    services.contract_update(actor=org.owner, contract=contract, notice_amount=2, today=TODAY)
    services.clauses_save(
        actor=org.owner,
        contract=contract,
        items={"reversibility": services.ClauseData("absent", "Nothing on the data")},
    )
    services.contract_share(actor=org.owner, contract=contract, shared=True)
    services.notice_give(actor=org.owner, contract=contract, given_on=D(2026, 10, 1), today=TODAY)
    services.contract_delete(actor=org.owner, contract=contract)
    changes = [
        (e.action, e.changes)
        for e in AuditEntry.objects.filter(object_type__startswith="contracts.").order_by("seq")
    ]
    assert changes[1] == ("update", {"notice_amount": [3, 2]})
    assert changes[2] == (
        "update",
        {"status": ["unknown", "absent"], "note": ["", "Nothing on the data"]},
    )
    assert changes[3] == ("update", {"shared_with_vendor": [False, True]})
    assert changes[4] == ("update", {"notice_given_on": [None, "2026-10-01"]})
    assert changes[5][0] == "delete" and changes[5][1]["reference"] == ["CT-1", None]
    assert not Contract.objects.exists()


def test_notice_given_after_the_deadline_ends_the_contract_a_cycle_later(org):
    contract = create(org, notice_amount=2)  # deadline for the first term: 31 October 2026
    services.notice_give(actor=org.owner, contract=contract, given_on=D(2026, 11, 2), today=TODAY)
    contract.refresh_from_db()
    status = terms.status(services.terms_of(contract), TODAY)
    assert status.ends_on == D(2027, 12, 31)
    assert status.next_renewal is None


def test_notice_in_the_future_or_on_a_contract_that_does_not_renew_is_refused(org):
    contract = create(org)
    errors = refused(
        org,
        lambda: services.notice_give(
            actor=org.owner, contract=contract, given_on=TODAY + dt.timedelta(1), today=TODAY
        ),
    )
    assert errors == {"notice_given_on": ["Notice cannot be recorded as given in the future."]}
    fixed = create(org, reference="CT-2", tacit_renewal=False)
    errors = refused(
        org,
        lambda: services.notice_give(
            actor=org.owner, contract=fixed, given_on=D(2026, 3, 1), today=TODAY
        ),
    )
    assert "does not renew tacitly" in errors["notice_given_on"][0]


def test_an_amendment_takes_effect_after_the_contract_starts_and_is_shared_with_it(org):
    contract = create(org)
    errors = refused(
        org,
        lambda: services.amendment_create(
            actor=org.owner, contract=contract, reference="CT-1-A1", starts_on=D(2025, 6, 1)
        ),
    )
    assert "on or after the contract's start" in errors["starts_on"][0]
    amendment = services.amendment_create(
        actor=org.owner,
        contract=contract,
        reference="CT-1-A1",
        starts_on=D(2026, 6, 1),
        fixed_monthly_fee="2000",
        today=TODAY,
    )
    assert (amendment.kind, amendment.amends_id) == ("amendment", contract.pk)
    services.contract_share(actor=org.owner, contract=contract, shared=True)
    amendment.refresh_from_db()
    assert amendment.shared_with_vendor
