"""The dashboard as a PDF: drawn by WeasyPrint from the same figures and charts as the page."""

from __future__ import annotations

import subprocess

from django.urls import reverse


def test_the_dashboard_pdf_holds_the_indicators_and_their_charts(world, client_for, tmp_path):
    response = client_for(world.victor).get(
        reverse("kpis:pdf", kwargs={"org": "acme", "pk": world.cash.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="indicateurs-')
    pdf = tmp_path / "dashboard.pdf"
    pdf.write_bytes(response.content)
    assert response.content.startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert world.cash.title in text
    assert world.indicator.name in text
    assert "Recouvra" in text
