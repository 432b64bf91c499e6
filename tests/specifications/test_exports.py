"""The specification as PDF (read back with pdftotext) and as an editable DOCX (read back with
python-docx): a title page, a heading per section, tables of deliverables, milestones,
referents and indicators, bullet lists of tasks; both built from the same document."""

from __future__ import annotations

import io
import subprocess

import docx
import pytest
from django.urls import reverse
from django.utils import translation

from pilotage.specifications import services

FULL = {
    "context": {"company": "Acme Industrie, 40 people", "project": "Invoicing grew fast."},
    "deliverables": {
        "items": [
            {
                "name": "Aged balance",
                "form": "Excel file",
                "frequency": "monthly",
                "deadline": "2026-04-05",
                "criterion": "Reconciled with the books",
            }
        ]
    },
    "calendar": {
        "start": "2026-03-01",
        "milestones": [{"date": "2026-06-30", "label": "Go/no-go"}],
    },
    "referents": {
        "client": [{"name": "Anne Client", "role": "Accountant", "email": "anne@acme.test"}],
        "vendor_to_name": True,
    },
    "indicators": {"items": [{"code": "dso", "name": "DSO", "target": "≤ 45 days"}]},
    "tools": {"items": ["Our CRM", "Shared mailbox"]},
}


@pytest.fixture
def written(world):
    for section, data in FULL.items():
        services.section_save(actor=world.bob, engagement=world.cash, section=section, data=data)
    return services.version_publish(actor=world.bob, engagement=world.cash, note="Full")


def t(message: str) -> str:
    with translation.override("fr"):
        return translation.gettext(message)


DRAFT = "Draft: not published, it may still change."


def url(w, name: str, **extra) -> str:
    return reverse(f"specifications:{name}", kwargs={"org": "acme", "pk": w.cash.pk, **extra})


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "spec.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_version_pdf_holds_the_title_page_and_every_section(
    world, client_for, tmp_path, written
):
    response = client_for(world.victor).get(url(world, "version_pdf", number=written.number))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="cahier-des-charges-cash-collection-v2.pdf"'
    )
    text = pdf_text(response.content, tmp_path)
    assert "Cash collection" in text and "Acme Industrie" in text
    assert "v2" in text
    for typed in (
        "Aged balance",
        "Reconciled with the books",
        "Go/no-go",
        "Anne Client",
        "anne@acme.test",
        "DSO",
        "Our CRM",
        "Get paid on time",
    ):
        assert typed in text, typed
    assert "05/04/2026" in text  # dates in the French format


def test_the_draft_pdf_is_marked_draft_and_holds_what_is_not_published(world, client_for, tmp_path):
    response = client_for(world.bob).get(url(world, "draft_pdf"))

    assert response["Content-Disposition"].endswith('-brouillon.pdf"')
    text = pdf_text(response.content, tmp_path)
    assert "Send the reminders of overdue invoices" in text
    assert t(DRAFT) in " ".join(text.split())  # the reader's language: French by default


def test_the_docx_has_headings_per_section_and_tables(world, client_for, written):
    response = client_for(world.alice).get(url(world, "version_docx", number=written.number))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('cahier-des-charges-cash-collection-v2.docx"')
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == 11  # the twelve sections but the playbook (not prospection)
    assert headings[0].startswith("1. ")
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Our CRM" in bullets and "Shared mailbox" in bullets
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    for typed in (
        "Aged balance",
        "Excel file",
        "05/04/2026",
        "Reconciled with the books",
        "Go/no-go",
        "30/06/2026",
        "Anne Client",
        "anne@acme.test",
        "DSO",
        "≤ 45 days",
    ):
        assert typed in cells, typed
    title = [p.text for p in document.paragraphs if p.style.name in ("Title", "Subtitle")]
    assert "Cash collection" in title


def test_the_docx_of_the_draft_says_it_is_a_draft(world, client_for):
    response = client_for(world.bob).get(url(world, "draft_docx"))
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert t(DRAFT) in text
    assert "Send the reminders of overdue invoices" in text


def test_the_exports_follow_the_readers_language(world, client_for, written):
    client = client_for(world.alice)
    client.cookies["pilotage_language"] = "en"
    response = client.get(url(world, "version_docx", number=written.number))
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "5. Deliverables" in headings
