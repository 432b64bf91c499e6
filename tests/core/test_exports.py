"""The audit trail exports: one row generator, three formats, every download recorded."""

from __future__ import annotations

import csv
import io
import json

import openpyxl

from pilotage.core.models import AuditAction, AuditEntry


def download(client, fmt: str, query: str = ""):
    response = client.get(f"/o/acme/audit/export.{fmt}{query}")
    assert response.status_code == 200
    return response


def test_the_three_formats_carry_the_same_rows(world, client_for):
    c = client_for(world.audrey)
    n = AuditEntry.objects.filter(organisation=world.acme).count()
    raw = download(c, "csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw), delimiter=";"))
    assert len(rows) == n + 1
    data = json.loads(download(c, "json").content)
    assert len(data) == n + 1  # the previous download is in the trail now
    wb = openpyxl.load_workbook(io.BytesIO(download(c, "xlsx").content))
    assert wb.active.max_row == n + 3  # header + entries + two earlier downloads
    assert rows[0][:4] == [
        "N°",
        "Date et heure",
        "Qui",
        "Action",
    ]  # titles in the reader's language
    assert list(data[0])[:4] == ["seq", "at", "actor", "action"]  # stable keys for machines


def test_every_download_is_recorded(world, client_for):
    response = download(client_for(world.alice), "csv")
    assert "attachment" in response["Content-Disposition"]
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert entry.actor == world.alice
    assert entry.object_id.startswith("audit-acme-") and entry.object_id.endswith(".csv")


def test_the_export_follows_the_filters(world, client_for):
    c = client_for(world.alice)
    raw = download(c, "json", f"?person={world.rita.pk}").content
    rows = json.loads(raw)
    assert rows and all(
        "rita@acme.test" in (r["actor"] + r["object"] + r["changes"])
        or r["object"].startswith("Rita")
        for r in rows
    )


def test_an_unknown_format_is_not_found(world, client_for):
    assert client_for(world.alice).get("/o/acme/audit/export.pdf").status_code == 404


def test_the_trail_page_filters_by_person_object_and_date(world, client_for):
    c = client_for(world.alice)
    html = c.get(
        f"/o/acme/audit/?object_type=engagements.engagement&object_id={world.cash.pk}"
    ).content.decode()
    assert "Cash collection" in html
    assert "IT support" not in html
    bad = c.get("/o/acme/audit/?since=2026-12-01&until=2026-01-01")
    assert bad.status_code == 200
    assert "alert-danger" in bad.content.decode()
    garbage = c.get("/o/acme/audit/?since=31/02/2026&person=abc&page=zzz")
    assert garbage.status_code == 200
