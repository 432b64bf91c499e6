"""Ticket imports as a referent meets them: recognised exports, mapping, errors, re-imports."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pilotage.core.models import ImportStatus
from pilotage.sla import services
from pilotage.sla.imports import run_import
from pilotage.sla.models import Ticket, TicketImport, TicketPause

GLPI_HEADER = (
    "ID;Titre;Statut;Priorité;Date d'ouverture;Date de prise en compte;Date de résolution\r\n"
)


@pytest.fixture
def policy(world):
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
    return services.policy_save(
        actor=world.alice,
        engagement=world.it,
        priorities=services.default_priorities(world.calendar, always),
        compliance_target=Decimal("95"),
        pause_statuses=["En attente"],
        penalty_mode="per_ticket",
        amount_per_ticket=Decimal("150"),
        amount_per_hour=Decimal(0),
        monthly_fee=Decimal("3000"),
        cap_percent=None,
        credit_tiers=[],
    )


def upload(
    world, name: str, content: bytes, kind: str = "tickets", mapping: dict | None = None
) -> TicketImport:
    job = services.import_upload(
        actor=world.rita,
        engagement=world.it,
        upload=SimpleUploadedFile(name, content),
        kind=kind,
        tz="Europe/Paris",
    )
    chosen = mapping or {k: v for k, v in job.mapping.items() if not k.startswith("_")}
    services.import_start(actor=world.rita, job=job, mapping=chosen)
    run_import(job.pk)
    job.refresh_from_db()
    return job


GLPI = (
    "\ufeff"
    + GLPI_HEADER
    # Monday 05/10/2026, P3 (4 h GTI / 16 h GTR of working hours 09-12, 14-18): taken at 10:30, resolved next day 11:00.
    + "4501;Imprimante atelier 2 hors ligne;Clos;Moyenne;05/10/2026 09:00;05/10/2026 10:30;06/10/2026 11:00\r\n"
    # P1 on the 24/7 calendar, Saturday night: 5 h to restore for a GTR of 4 h → in breach, 1 h late.
    + "4502;ERP de production inaccessible;Clos;Très haute;10/10/2026 22:00;10/10/2026 22:40;11/10/2026 03:00\r\n"
    # P4 still open.
    + "4503;Création compte nouvel arrivant;En cours (Attribué);Basse;12/10/2026 14:00;;\r\n"
).encode("utf-8")


def test_a_glpi_export_is_recognised_and_measured(world, policy):
    job = upload(world, "glpi.csv", GLPI)
    assert job.source == "glpi"
    assert job.status == ImportStatus.DONE, job.errors
    assert (job.created_count, job.updated_count) == (3, 0)
    t1 = Ticket.objects.get(external_id="4501")
    # GLPI exports no taking-in-charge date: the time to intervene stays unknown, never a breach.
    assert t1.intervene_seconds is None and not t1.intervene_breached
    assert t1.restore_seconds == (3 + 4 + 2) * 3600  # Mon 09-12, 14-18, Tue 09-11
    assert not t1.restore_breached
    t2 = Ticket.objects.get(external_id="4502")
    assert t2.priority.code == "P1" and t2.restore_breached and t2.late_seconds == 3600
    assert Ticket.objects.get(external_id="4503").resolved_at is None


def test_reimporting_the_same_file_duplicates_nothing(world, policy):
    upload(world, "glpi.csv", GLPI)
    again = upload(world, "glpi.csv", GLPI)
    assert (again.created_count, again.updated_count) == (0, 3)
    assert Ticket.objects.filter(engagement=world.it).count() == 3


def test_a_later_export_updates_a_ticket_by_its_id(world, policy):
    upload(world, "glpi.csv", GLPI)
    later = (
        "\ufeff"
        + GLPI_HEADER
        + "4503;Création compte nouvel arrivant;Clos;Basse;12/10/2026 14:00;12/10/2026 15:00;13/10/2026 10:00\r\n"
    ).encode()
    job = upload(world, "glpi-2.csv", later)
    assert (job.created_count, job.updated_count) == (0, 1)
    assert Ticket.objects.get(external_id="4503").restore_seconds == (4 + 1) * 3600


def test_a_bad_file_is_refused_with_row_numbers_and_nothing_is_stored(world, policy):
    bad = (
        GLPI_HEADER
        + "4601;OK;Clos;Moyenne;05/10/2026 09:00;05/10/2026 10:00;05/10/2026 11:00\r\n"
        + "4602;Résolu avant ouverture;Clos;Moyenne;05/10/2026 09:00;;04/10/2026 11:00\r\n"
        + "4603;Priorité inconnue;Clos;Urgentissime;05/10/2026 09:00;;\r\n"
        + "4604;Date illisible;Clos;Basse;le 5 octobre;;\r\n"
        + ";Sans identifiant;Clos;Basse;05/10/2026 09:00;;\r\n"
        + "4601;Doublon différent;Clos;Haute;05/10/2026 09:00;;\r\n"
    ).encode("cp1252")
    job = upload(world, "bad.csv", bad)
    assert job.status == ImportStatus.FAILED
    found = {(e["row"], e["column"]) for e in job.errors}
    assert found == {
        (3, "Date de résolution"),
        (4, "Priorité"),
        (5, "Date d'ouverture"),
        (6, "ID"),
        (7, "ID"),
    }
    assert job.error_count == 5
    assert not Ticket.objects.exists()


def test_pause_intervals_stop_the_clock(world, policy):
    upload(world, "glpi.csv", GLPI)
    pauses = b"Ticket;From;Until\r\n4501;05/10/2026 11:00;05/10/2026 15:00\r\n4501;05/10/2026 14:30;05/10/2026 16:00\r\n"
    job = upload(
        world,
        "pauses.csv",
        pauses,
        kind="pauses",
        mapping={"id": "Ticket", "paused_from": "From", "paused_until": "Until"},
    )
    assert job.status == ImportStatus.DONE, job.errors
    assert TicketPause.objects.count() == 2
    # Overlapping pauses merge into 11:00–16:00: 1 h + 2 h of working time no longer count.
    assert Ticket.objects.get(external_id="4501").restore_seconds == (9 - 3) * 3600


def test_a_pause_for_an_unknown_ticket_is_refused(world, policy):
    job = upload(
        world,
        "p.csv",
        b"Ticket;From;Until\r\n999;05/10/2026 11:00;05/10/2026 15:00\r\n",
        kind="pauses",
        mapping={"id": "Ticket", "paused_from": "From", "paused_until": "Until"},
    )
    assert job.status == ImportStatus.FAILED and "999" in job.errors[0]["message"]


def test_an_xlsx_with_excel_dates_and_a_mapping_remembered_for_the_vendor(world, policy):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ref", "Prio", "Ouvert", "Pris", "Fini"])
    ws.append(
        ["A-1", "P2", 46300.375, 46300.40625, 46300.5]
    )  # 04/10/2026 09:00, 09:45, 12:00 (Excel serials)
    buf = io.BytesIO()
    wb.save(buf)
    mapping = {
        "id": "Ref",
        "priority": "Prio",
        "opened": "Ouvert",
        "taken": "Pris",
        "resolved": "Fini",
    }
    job = upload(world, "tickets.xlsx", buf.getvalue(), mapping=mapping)
    assert job.status == ImportStatus.DONE, job.errors
    ticket = Ticket.objects.get(external_id="A-1")
    assert ticket.opened_at.isoformat().startswith("2026-10-05T07:00")  # 09:00 in Paris (UTC+2)
    assert ticket.intervene_seconds == 45 * 60
    offered = services.import_upload(
        actor=world.rita,
        engagement=world.it,
        upload=SimpleUploadedFile("next.xlsx", buf.getvalue()),
        kind="tickets",
        tz="Europe/Paris",
    )
    assert {k: v for k, v in offered.mapping.items() if not k.startswith("_")} == mapping


def test_an_unreadable_file_is_refused_at_upload(world, policy):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.import_upload(
            actor=world.rita,
            engagement=world.it,
            upload=SimpleUploadedFile("x.pdf", b"%PDF"),
            kind="tickets",
            tz="Europe/Paris",
        )
    with pytest.raises(ValidationError):
        services.import_upload(
            actor=world.rita,
            engagement=world.it,
            upload=SimpleUploadedFile("x.csv", b""),
            kind="tickets",
            tz="Europe/Paris",
        )


def test_tickets_need_a_service_level_first(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.import_upload(
            actor=world.rita,
            engagement=world.it,
            upload=SimpleUploadedFile("g.csv", GLPI),
            kind="tickets",
            tz="Europe/Paris",
        )


def test_the_whole_flow_in_the_pages(world, policy, client_for, django_capture_on_commit_callbacks):
    c = client_for(world.rita)
    base = f"/o/acme/engagements/{world.it.pk}/sla/"
    response = c.post(
        base + "import/",
        {
            "file": SimpleUploadedFile("glpi.csv", GLPI),
            "kind": "tickets",
            "timezone": "Europe/Paris",
        },
    )
    assert response.status_code == 302
    page = c.get(response["Location"])
    html = page.content.decode()
    assert "Imprimante atelier 2 hors ligne" in html  # the preview of the first rows
    job = TicketImport.objects.get(engagement=world.it)
    form = {k: v for k, v in job.mapping.items() if not k.startswith("_")}
    with django_capture_on_commit_callbacks(execute=True):
        done = c.post(response["Location"], form)
    assert done.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors
    overview = c.get(base).content.decode()
    assert "<svg" in overview  # the compliance chart
    assert "P1 #4502" in overview  # the penalty explained
    assert "150,00" in overview
    tickets = c.get(base + "tickets/?breached=1").content.decode()
    assert "#4502" in tickets and "#4501" not in tickets


def test_the_vendor_sees_the_figures_but_cannot_import(world, policy, client_for):
    upload(world, "glpi.csv", GLPI)
    vera = client_for(world.vera)
    base = f"/o/acme/engagements/{world.it.pk}/sla/"
    assert "P1 #4502" in vera.get(base).content.decode()
    assert vera.get(base + "import/").status_code == 404
    assert vera.get(base + "policy/").status_code == 404


def test_the_autumn_hour_that_happens_twice_is_read_in_order(world, policy):
    # 25/10/2026: 02:00–03:00 happens twice in Paris. Opened at 02:50 (first, summer time),
    # taken in charge at 02:10 (the second 02:10, 20 minutes later), restored at 04:00.
    content = (
        "id;title;status;priority;opened;taken;resolved\r\n"
        + "4701;Coupure;Clos;Très haute;25/10/2026 02:50;25/10/2026 02:10;25/10/2026 04:00\r\n"
    ).encode()
    job = upload(world, "dst.csv", content)
    assert job.status == ImportStatus.DONE, job.errors
    ticket = Ticket.objects.get(external_id="4701")
    assert ticket.intervene_seconds == 20 * 60
    assert ticket.restore_seconds == (70 + 60) * 60  # 02:50 CEST → 02:00 CET → 04:00 CET


def test_a_status_history_becomes_pauses_and_a_reopening_keeps_counting(world, policy):
    # 4501: Monday 05/10 09:00 → waiting for the customer 11:00–15:00 (En attente), resolved
    # Tuesday 09:30, reopened 10:00, resolved again 11:00 (the ticket file's resolution).
    upload(world, "glpi.csv", GLPI)
    history = (
        "Ticket;Statut;Date\r\n"
        "4501;En cours (Attribué);05/10/2026 09:30\r\n"
        "4501;En attente;05/10/2026 11:00\r\n"
        "4501;En cours (Attribué);05/10/2026 15:00\r\n"
        "4501;Résolu;06/10/2026 09:30\r\n"
        "4501;En cours (Attribué);06/10/2026 10:00\r\n"
        "4501;Résolu;06/10/2026 11:00\r\n"
    ).encode()
    job = upload(
        world,
        "history.csv",
        history,
        kind="statuses",
        mapping={"id": "Ticket", "status": "Statut", "changed_at": "Date"},
    )
    assert job.status == ImportStatus.DONE, job.errors
    assert [(p.reason, p.end is None) for p in TicketPause.objects.order_by("start")] == [
        ("status", False),
        ("status", False),
    ]
    # 9 h of working time, minus the wait (11:00–12:00 and 14:00–15:00) and the resolved half hour.
    assert Ticket.objects.get(external_id="4501").restore_seconds == 9 * 3600 - 2 * 3600 - 1800
    again = upload(
        world,
        "history.csv",
        history,
        kind="statuses",
        mapping={"id": "Ticket", "status": "Statut", "changed_at": "Date"},
    )
    assert again.status == ImportStatus.DONE and TicketPause.objects.count() == 2
