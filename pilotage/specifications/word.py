"""The specification as an editable Word document (DOCX), laid out from the same
:class:`~pilotage.specifications.selectors.Document` as the page and the PDF."""

from __future__ import annotations

import io

import docx
from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt, RGBColor

from .selectors import Block, Document

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MUTED = RGBColor(0x6C, 0x75, 0x7D)


def _title_page(doc: docx.document.Document, d: Document) -> None:
    for _i in range(6):
        doc.add_paragraph()
    title = doc.add_paragraph(_("Specification"), style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(d.engagement.title, style="Subtitle")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in (
        d.organisation.name,
        d.engagement.get_function_display(),
        _("Version: %(version)s") % {"version": d.version_label},
        _("Date: %(date)s") % {"date": date_format(d.date, "SHORT_DATE_FORMAT")},
    ):
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if d.is_draft:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(_("Draft: not published, it may still change."))
        run.bold = True
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _block(doc: docx.document.Document, block: Block) -> None:
    if block.label:
        doc.add_heading(block.label, level=2)
    if block.kind == "text":
        for para in block.text.split("\n\n"):
            doc.add_paragraph(para)
    elif block.kind == "bullets":
        for item in block.items:
            doc.add_paragraph(item, style="List Bullet")
    elif block.kind == "table":
        table = doc.add_table(rows=1, cols=len(block.headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(header).bold = True
        for row in block.rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = value
        doc.add_paragraph()
    else:
        run = doc.add_paragraph().add_run(_("Not written yet."))
        run.italic = True
        run.font.color.rgb = MUTED


def build(d: Document) -> bytes:
    doc = docx.Document()
    doc.core_properties.title = f"{_('Specification')} · {d.engagement.title}"
    doc.core_properties.author = d.organisation.name
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    _title_page(doc, d)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = f"{d.organisation.name} · {d.engagement.title} · {d.version_label}"
    for section in d.sections:
        doc.add_heading(f"{section.number}. {section.title}", level=1)
        for block in section.blocks:
            _block(doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def response(d: Document) -> HttpResponse:
    reply = HttpResponse(build(d), content_type=CONTENT_TYPE)
    reply["Content-Disposition"] = f'attachment; filename="{d.filename("docx")}"'
    return reply
