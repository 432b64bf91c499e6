"""Real export formats (tests/data/tickets, see its README) give the figures worked out
independently by tests/data/tickets/expected.py."""

from __future__ import annotations

import importlib.util
import pathlib
import sys
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pilotage.core.models import ImportStatus
from pilotage.sla import services
from pilotage.sla.imports import run_import
from pilotage.sla.models import Ticket

DATA = pathlib.Path(__file__).resolve().parent.parent / "data" / "tickets"


def expected_results() -> dict:
    spec = importlib.util.spec_from_file_location("expected_tickets", DATA / "expected.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["expected_tickets"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module.results()


EXPECTED = expected_results()


@pytest.fixture
def levels(world):
    business = services.calendar_save(
        actor=world.alice,
        org=world.acme,
        name="Heures ouvrées",
        weekly_hours={str(d): [["08:00", "12:00"], ["13:30", "18:00"]] for d in range(5)},
        timezone="Europe/Paris",
        holiday_country="FR",
        subdivision="",
        closed_days=[],
        open_days=[],
    )
    always = services.calendar_save(
        actor=world.alice,
        org=world.acme,
        name="24/7",
        weekly_hours={str(d): [["00:00", "24:00"]] for d in range(7)},
        timezone="Europe/Paris",
        holiday_country="",
        subdivision="",
        closed_days=[],
        open_days=[],
    )

    def make(top_aliases: list[str] | None = None):
        priorities = services.default_priorities(business, always)
        if top_aliases:
            for p in priorities:
                p.aliases = [a for a in p.aliases if a not in top_aliases]
            priorities[0].aliases += top_aliases
        services.policy_save(
            actor=world.alice,
            engagement=world.it,
            priorities=priorities,
            compliance_target=Decimal(95),
            pause_statuses=list(services.DEFAULT_PAUSES),
            penalty_mode="none",
            amount_per_ticket=Decimal(0),
            amount_per_hour=Decimal(0),
            monthly_fee=Decimal(0),
            cap_percent=None,
            credit_tiers=[],
        )

    return make


def run(world, name: str, kind: str = "tickets", mapping: dict | None = None):
    job = services.import_upload(
        actor=world.rita,
        engagement=world.it,
        upload=SimpleUploadedFile(name, (DATA / name).read_bytes()),
        kind=kind,
        tz="Europe/Paris",
    )
    chosen = mapping or {k: v for k, v in job.mapping.items() if not k.startswith("_")}
    services.import_start(actor=world.rita, job=job, mapping=chosen)
    run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors[:5]
    return job


def check(expected: list[dict]) -> None:
    tickets = {t.external_id: t for t in Ticket.objects.select_related("priority")}
    assert set(tickets) == {e["id"] for e in expected}
    for e in expected:
        t = tickets[e["id"]]
        assert t.priority.code == e["level"], e["id"]
        if e["resolved"] is not None:
            assert t.restore_seconds == e["restore_net"], e["id"]
            assert t.restore_breached == e["restore_breached"], e["id"]
        if e["taken"] is not None:
            assert t.intervene_seconds == e["intervene_net"], e["id"]
            assert t.intervene_breached == e["intervene_breached"], e["id"]
        elif e["resolved"] is not None:
            assert t.intervene_seconds is None and not t.intervene_breached, e["id"]


def test_a_glpi_export(world, levels):
    levels()
    job = run(world, "glpi_tickets.csv")
    assert job.source == "glpi"
    check(EXPECTED["glpi_tickets.csv"])


def test_a_glpi_export_then_its_pauses(world, levels):
    levels()
    run(world, "glpi_tickets.csv")
    run(world, "pauses_generic.csv", kind="pauses")
    check(EXPECTED["glpi_tickets.csv + pauses_generic.csv"])


@pytest.mark.parametrize("name", ["zammad_tickets.xlsx", "zammad_tickets.csv"])
def test_a_zammad_report_with_its_header_on_row_3(world, levels, name):
    levels()
    job = run(world, name)
    assert job.source == "zammad"
    check(EXPECTED["zammad_tickets.xlsx (= .csv), Pilotage's default aliases, 3 high = P2"])


def test_a_zammad_report_where_3_high_is_the_top_priority(world, levels):
    levels(top_aliases=["3 high"])
    run(world, "zammad_tickets.xlsx")
    check(EXPECTED["zammad_tickets.xlsx (= .csv), 3 high = P1"])


def test_a_jira_service_management_export(world, levels):
    levels()
    job = run(world, "jira_sm_tickets.csv")
    assert job.source == "jira"
    check(EXPECTED["jira_sm_tickets.csv"])


def test_the_bad_file_is_refused_row_by_row(world, levels):
    levels()
    job = services.import_upload(
        actor=world.rita,
        engagement=world.it,
        upload=SimpleUploadedFile("bad.csv", (DATA / "bad_tickets.csv").read_bytes()),
        kind="tickets",
        tz="Europe/Paris",
    )
    services.import_start(
        actor=world.rita,
        job=job,
        mapping={k: v for k, v in job.mapping.items() if not k.startswith("_")},
    )
    run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (3, "resolved"),
        (4, "priority"),
        (5, "opened"),
        (6, "id"),
        (8, "id"),
    ]
    assert not Ticket.objects.exists()
