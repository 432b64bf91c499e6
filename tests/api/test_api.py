"""The API answers with the same rules and services as the pages."""

from __future__ import annotations

from pilotage.core.models import AuditEntry
from pilotage.engagements.models import Engagement, Vendor

BASE = "/api/v1/o/acme"


def test_a_vendor_lists_only_its_engagements(world, client_for):
    data = client_for(world.victor).get(f"{BASE}/engagements/").json()
    assert [e["title"] for e in data] == ["Cash collection"]
    assert data[0]["vendor"] == {"id": world.recouvra.pk, "name": "Recouvra"}
    vendors = client_for(world.victor).get(f"{BASE}/vendors/").json()
    assert [v["name"] for v in vendors] == ["Recouvra"]


def test_the_owner_creates_an_engagement_through_the_same_service(world, client_for):
    response = client_for(world.alice).post(
        f"{BASE}/engagements/",
        {
            "title": "Paie",
            "function": "payroll",
            "kind": "co_sourcing",
            "vendor": world.axiome.pk,
            "referent": world.rita.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = Engagement.objects.get(pk=response.json()["id"])
    assert created.organisation == world.acme and created.stage == "diagnostic"
    assert AuditEntry.objects.filter(
        object_type="engagements.engagement", object_id=str(created.pk)
    ).exists()
    assert created.stage_changes.count() == 1


def test_service_refusals_come_back_as_field_errors(world, client_for):
    response = client_for(world.alice).post(
        f"{BASE}/vendors/",
        {"name": "Bad", "kind": "agency", "siren": "123456780"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "siren" in response.json()
    assert not Vendor.objects.filter(name="Bad").exists()


def test_a_referent_patches_their_engagement_and_moves_its_stage(world, client_for):
    c = client_for(world.bob)
    response = c.patch(
        f"{BASE}/engagements/{world.cash.pk}/",
        {"objectives": "DSO < 50 j"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["objectives"] == "DSO < 50 j"
    back = c.post(
        f"{BASE}/engagements/{world.cash.pk}/stage/",
        {"stage": "pilot"},
        content_type="application/json",
    )
    assert back.status_code == 400 and "note" in back.json()
    ok = c.post(
        f"{BASE}/engagements/{world.cash.pk}/stage/",
        {"stage": "exit"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["stage"] == "exit"


def test_the_vendor_cannot_change_the_engagement(world, client_for):
    response = client_for(world.victor).patch(
        f"{BASE}/engagements/{world.cash.pk}/",
        {"title": "Mine now"},
        content_type="application/json",
    )
    assert response.status_code == 404
    world.cash.refresh_from_db()
    assert world.cash.title == "Cash collection"


def test_the_audit_trail_is_readable_by_the_auditor_only(world, client_for):
    data = client_for(world.audrey).get(f"{BASE}/audit/").json()
    assert data["count"] == AuditEntry.objects.filter(organisation=world.acme).count()
    assert client_for(world.bob).get(f"{BASE}/audit/").status_code == 404


def test_the_schema_and_its_page_are_served(world, client_for):
    c = client_for(world.alice)
    schema = c.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/o/{org}/engagements/" in schema.content
    assert c.get("/api/docs/").status_code == 200
