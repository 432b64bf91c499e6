"""Vendors and engagements: what the services accept, refuse and keep."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pilotage.core.models import AuditEntry
from pilotage.engagements import services
from pilotage.engagements.models import Stage, StageChange, Vendor, VendorContact
from pilotage.engagements.services import ContactData
from pilotage.lib.siren import is_valid_siren, normalise_siren


@pytest.mark.parametrize(
    ("siren", "ok"),
    [
        ("732829320", True),  # a real company's SIREN
        ("732 829 320", True),
        ("356000000", True),  # La Poste, outside the Luhn rule
        ("732829321", False),
        ("12345678", False),
        ("abcdefghi", False),
        ("", False),
    ],
)
def test_siren_is_checked_with_its_luhn_key(siren, ok):
    assert is_valid_siren(siren) is ok


def test_siren_spaces_and_dots_are_removed():
    assert normalise_siren(" 732.829 320 ") == "732829320"


def test_a_vendor_is_created_with_its_contacts_and_audited(world):
    vendor = services.vendor_create(
        actor=world.alice,
        org=world.acme,
        name="Plume & Pixel",
        kind="agency",
        siren="338 712 052",
        contacts=[ContactData(name="Hugo Lambert", email="hugo@plume.test"), ContactData(name="")],
    )
    assert vendor.siren == "338712052"
    assert [c.name for c in vendor.contacts.all()] == ["Hugo Lambert"]
    types = set(AuditEntry.objects.filter(action="create").values_list("object_type", flat=True))
    assert {"engagements.vendor", "engagements.vendorcontact"} <= types


def test_a_wrong_siren_key_is_refused_and_nothing_is_stored(world):
    before = Vendor.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.vendor_create(
            actor=world.alice, org=world.acme, name="Bad", kind="agency", siren="123456780"
        )
    assert "siren" in excinfo.value.message_dict
    assert (Vendor.objects.count(), AuditEntry.objects.count()) == before


def test_two_vendors_of_one_organisation_cannot_share_a_siren(world):
    with pytest.raises(ValidationError) as excinfo:
        services.vendor_create(
            actor=world.alice, org=world.acme, name="Copy", kind="other", siren="812345676"
        )
    assert "siren" in excinfo.value.message_dict
    # Another organisation may know the same company.
    services.vendor_create(
        actor=world.oscar, org=world.globex, name="Recouvra", kind="other", siren="812345676"
    )


def test_a_bad_contact_rolls_back_the_whole_vendor(world):
    before = Vendor.objects.count(), VendorContact.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.vendor_create(
            actor=world.alice,
            org=world.acme,
            name="Half",
            kind="agency",
            contacts=[ContactData(name="Ok"), ContactData(name="Bad", email="not-an-address")],
        )
    assert (
        Vendor.objects.count(),
        VendorContact.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_contacts_are_updated_and_removed(world):
    services.vendor_update(
        actor=world.alice,
        vendor=world.recouvra,
        contacts=[ContactData(name="Nadia Haddad", email="nadia@recouvra.test")],
    )
    contact = world.recouvra.contacts.get()
    services.vendor_update(
        actor=world.alice,
        vendor=world.recouvra,
        contacts=[ContactData(id=contact.pk, name="Nadia Haddad", phone="04 72 10 20 30")],
    )
    contact.refresh_from_db()
    assert contact.phone == "04 72 10 20 30"
    services.vendor_update(
        actor=world.alice,
        vendor=world.recouvra,
        contacts=[ContactData(id=contact.pk, name="x", delete=True)],
    )
    assert not world.recouvra.contacts.exists()
    assert AuditEntry.objects.filter(
        action="delete", object_type="engagements.vendorcontact"
    ).exists()


def test_a_contact_of_another_vendor_cannot_be_changed_through_this_one(world):
    other = services.vendor_create(
        actor=world.oscar,
        org=world.globex,
        name="G",
        kind="other",
        contacts=[ContactData(name="Gus")],
    )
    gus = other.contacts.get()
    with pytest.raises(ValidationError):
        services.vendor_update(
            actor=world.alice,
            vendor=world.recouvra,
            contacts=[ContactData(id=gus.pk, name="Hijack")],
        )
    gus.refresh_from_db()
    assert gus.name == "Gus"


def test_an_engagement_refuses_a_vendor_of_another_organisation(world):
    with pytest.raises(ValidationError) as excinfo:
        services.engagement_create(
            actor=world.alice,
            org=world.acme,
            title="X",
            function="web",
            kind="one_off",
            vendor=world.globex_vendor,
        )
    assert "vendor" in excinfo.value.message_dict


@pytest.mark.parametrize("who", ["victor", "audrey", "oscar"])
def test_an_engagement_referent_must_be_an_owner_or_referent_of_the_organisation(world, who):
    with pytest.raises(ValidationError) as excinfo:
        services.engagement_update(
            actor=world.alice, engagement=world.cash, referent=getattr(world, who)
        )
    assert "referent" in excinfo.value.message_dict


def test_the_stage_history_is_kept(world):
    services.engagement_change_stage(actor=world.bob, engagement=world.cash, stage=Stage.EXIT)
    services.engagement_change_stage(actor=world.bob, engagement=world.cash, stage=Stage.CLOSED)
    history = list(StageChange.objects.filter(engagement=world.cash).order_by("at", "id"))
    assert [(h.from_stage, h.to_stage) for h in history] == [
        ("", "run"),
        ("run", "exit"),
        ("exit", "closed"),
    ]
    assert history[-1].by == world.bob


def test_going_back_a_stage_needs_a_reason(world):
    with pytest.raises(ValidationError) as excinfo:
        services.engagement_change_stage(
            actor=world.bob, engagement=world.cash, stage=Stage.PILOT, note="  "
        )
    assert "note" in excinfo.value.message_dict
    world.cash.refresh_from_db()
    assert world.cash.stage == Stage.RUN
    services.engagement_change_stage(
        actor=world.bob, engagement=world.cash, stage=Stage.PILOT, note="No-go: volumes doubled"
    )
    world.cash.refresh_from_db()
    assert world.cash.stage == Stage.PILOT


def test_moving_to_the_same_stage_is_refused(world):
    with pytest.raises(ValidationError):
        services.engagement_change_stage(actor=world.bob, engagement=world.cash, stage=Stage.RUN)


def test_engagement_update_cannot_move_the_stage(world):
    with pytest.raises(TypeError):
        services.engagement_update(actor=world.bob, engagement=world.cash, stage=Stage.CLOSED)
