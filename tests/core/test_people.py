"""Memberships and roles: several organisations per person, role changes recorded, one owner kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pilotage.core import services
from pilotage.core.models import AuditAction, AuditEntry, Membership, Role


def test_a_person_can_hold_a_role_in_several_organisations(world):
    services.member_add(
        actor=world.oscar, org=world.globex, email="audrey@acme.test", role=Role.AUDITOR
    )
    roles = dict(
        Membership.objects.filter(user=world.audrey).values_list("organisation__slug", "role")
    )
    assert roles == {"acme": Role.AUDITOR, "globex": Role.AUDITOR}


def test_a_role_change_is_recorded_as_such(world):
    membership = Membership.objects.get(user=world.bob)
    services.member_update(actor=world.alice, membership=membership, role=Role.AUDITOR)
    entry = AuditEntry.objects.filter(action=AuditAction.ROLE_CHANGE).get()
    assert entry.changes["role"] == [Role.REFERENT, Role.AUDITOR]
    assert entry.object_repr == str(world.bob)


def test_a_vendor_user_needs_a_vendor_company_of_the_organisation(world):
    with pytest.raises(ValidationError) as excinfo:
        services.member_add(actor=world.alice, org=world.acme, email="v@x.test", role=Role.VENDOR)
    assert "vendor" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.member_add(
            actor=world.alice,
            org=world.acme,
            email="v@x.test",
            role=Role.VENDOR,
            vendor=world.globex_vendor,
        )
    with pytest.raises(ValidationError):
        services.member_add(
            actor=world.alice,
            org=world.acme,
            email="v@x.test",
            role=Role.REFERENT,
            vendor=world.recouvra,
        )


def test_the_last_owner_cannot_lose_the_role(world):
    second = services.member_add(
        actor=world.alice, org=world.acme, email="second@acme.test", role=Role.OWNER
    )
    alice = Membership.objects.get(user=world.alice, organisation=world.acme)
    with pytest.raises(ValidationError):
        services.member_update(actor=world.alice, membership=alice, role=Role.REFERENT)
    services.member_update(actor=world.alice, membership=second, role=Role.OWNER, is_active=False)
    # Another owner acting: alice is the last active owner and keeps the role.
    with pytest.raises(ValidationError):
        services.member_update(actor=second.user, membership=alice, role=Role.AUDITOR)
    alice.refresh_from_db()
    assert alice.role == Role.OWNER


def test_the_same_person_cannot_be_added_twice(world):
    with pytest.raises(ValidationError) as excinfo:
        services.member_add(
            actor=world.alice, org=world.acme, email="BOB@acme.test", role=Role.AUDITOR
        )
    assert "email" in excinfo.value.message_dict
