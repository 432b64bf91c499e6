"""The result of the diagnostic as a PDF: drawn by WeasyPrint from the same context as the
page, read back with pdftotext."""

from __future__ import annotations

import subprocess
from decimal import Decimal

from django.urls import reverse

from pilotage.diagnostics import services

D = Decimal


def pdf_text(response, tmp_path) -> str:
    pdf = tmp_path / "diagnostic.pdf"
    pdf.write_bytes(response.content)
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_pdf_holds_the_activities_the_answers_and_the_risks(world, client_for, tmp_path):
    services.activity_update(
        actor=world.bob, activity=world.activity, category="repetitive", documented="yes"
    )
    services.activity_create(
        actor=world.bob,
        engagement=world.cash,
        name="Décisions de crédit",
        hours=D("3"),
        leader_hours=D("3"),
        category="strategic",
        done_by="Direction",
    )
    services.readiness_update(
        actor=world.bob,
        engagement=world.cash,
        answers={"firefighting": "yes", "procedures_note": "Procédure de relance écrite en 2025"},
    )
    services.risks_update(
        actor=world.bob,
        engagement=world.cash,
        data={
            "cash_likelihood": "medium",
            "cash_impact": "high",
            "cash_cost": D("18000"),
            "cash_mitigation": "Pilote sur 50 clients",
        },
    )

    response = client_for(world.audrey).get(
        reverse("diagnostics:pdf", kwargs={"org": "acme", "pk": world.cash.pk})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="diagnostic-cash-')
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response, tmp_path)
    assert world.cash.title in text
    assert "Acme Industrie" in text
    for typed in (
        "Standard payment reminders",
        "Décisions de crédit",
        "Direction",
        "Procédure de relance écrite en 2025",
        "Pilote sur 50 clients",
    ):
        assert typed in text, typed
    assert "18 000,00" in text  # the cost, French format
    assert "12 h" in text  # an activity's hours


def test_the_pdf_of_an_empty_diagnostic_is_drawn(world, client_for, tmp_path):
    response = client_for(world.alice).get(
        reverse("diagnostics:pdf", kwargs={"org": "acme", "pk": world.it.pk})
    )

    assert response.status_code == 200
    assert world.it.title in pdf_text(response, tmp_path)
