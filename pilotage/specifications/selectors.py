"""Reads of the specification shared by the pages, the PDF, the DOCX and the shared link.

:func:`document` prepares the rendered sections once (labels in the reader's language,
dates formatted); the HTML page, the PDF template and the DOCX writer only lay them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pilotage.core.models import Membership, Organisation, Role
from pilotage.engagements.models import Engagement
from pilotage.kpis import catalogue

from . import completeness, content, labels
from .models import Specification, SpecShare, SpecVersion
from .services import playbook_required


@dataclass
class Block:
    """One piece of a rendered section: ``kind`` "text" (``text``), "bullets" (``items``),
    "table" (``headers``, ``rows``) or "none" (``text`` says nothing is written);
    ``label`` is its sub-heading, if any."""

    kind: str
    label: str = ""
    text: str = ""
    items: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class RenderedSection:
    slug: str
    number: int
    title: str
    blocks: list[Block]


@dataclass
class Document:
    engagement: Engagement
    organisation: Organisation
    version: SpecVersion | None  # None: the draft
    date: dt.datetime
    sections: list[RenderedSection]

    @property
    def is_draft(self) -> bool:
        return self.version is None

    @property
    def version_label(self) -> str:
        return self.version.label if self.version else _("Draft")

    def filename(self, extension: str) -> str:
        which = self.version.label if self.version else "brouillon"
        slug = slugify(self.engagement.title) or "engagement"
        return f"cahier-des-charges-{slug}-{which}.{extension}"


def _date(value: dt.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _text(label: str, text: str) -> Block:
    return Block("text", label=label, text=text) if text else Block("none", label=label)


def _bullets(label: str, items: list[str]) -> Block:
    return Block("bullets", label=label, items=items) if items else Block("none", label=label)


def _table(section: str, label: str, names: list[str], rows: list[list[str]]) -> Block:
    if not rows:
        return Block("none", label=label)
    return Block(
        "table",
        label=label,
        headers=[labels.field_label(section, n) for n in names],
        rows=rows,
    )


def _blocks(spec: content.Spec, slug: str) -> list[Block]:
    f = labels.field_label
    if slug == "context":
        s = spec.context
        return [_text(f(slug, "company"), s.company), _text(f(slug, "project"), s.project)]
    if slug == "purpose":
        return [_text("", spec.purpose.text)]
    if slug == "objectives":
        rows = [
            [str(labels.OBJECTIVE_KINDS.get(o.kind, "")), o.text, o.target]
            for o in spec.objectives.items
        ]
        return [_table(slug, "", ["kind", "text", "target"], rows)]
    if slug == "tasks":
        return [_bullets("", list(spec.tasks.items))]
    if slug == "deliverables":
        rows = [
            [
                d.name,
                d.form,
                str(labels.FREQUENCIES.get(d.frequency, "")),
                _date(d.deadline),
                d.criterion,
            ]
            for d in spec.deliverables.items
        ]
        return [_table(slug, "", ["name", "form", "frequency", "deadline", "criterion"], rows)]
    if slug == "tools":
        if spec.tools.none_imposed and not spec.tools.items:
            return [Block("text", text=_("No tool or process is imposed."))]
        return [_bullets("", list(spec.tools.items))]
    if slug == "constraints":
        if spec.constraints.none and not spec.constraints.text:
            return [Block("text", text=_("No particular constraint."))]
        return [_text("", spec.constraints.text)]
    if slug == "calendar":
        s = spec.calendar
        start = Block("text", label=f(slug, "start"), text=_date(s.start)) if s.start else None
        rows = [[_date(m.date), m.label] for m in s.milestones]
        milestones = _table(slug, f(slug, "milestones"), ["date", "label"], rows)
        return [start, milestones] if start else [Block("none", label=f(slug, "start")), milestones]
    if slug == "referents":
        r = spec.referents
        client = _table(
            slug,
            f(slug, "client"),
            ["name", "role", "email", "phone"],
            [[p.name, p.role, p.email, p.phone] for p in r.client],
        )
        if r.vendor:
            vendor = _table(
                slug, f(slug, "vendor"), ["name", "role"], [[p.name, p.role] for p in r.vendor]
            )
        elif r.vendor_to_name:
            vendor = Block("text", label=f(slug, "vendor"), text=_("To be named by the vendor."))
        else:
            vendor = Block("none", label=f(slug, "vendor"))
        return [client, vendor]
    if slug == "followup":
        s = spec.followup
        rituals = [str(labels.RITUALS[name]) for name in content.RITUALS if getattr(s, name)]
        rituals += [f"{r.name} — {r.rhythm}" if r.rhythm else r.name for r in s.others]
        return [
            _bullets(_("Rituals"), rituals),
            _text(f(slug, "channel"), s.channel),
            _text(f(slug, "validation"), s.validation),
        ]
    if slug == "indicators":
        rows = []
        for k in spec.indicators.items:
            template = catalogue.BY_CODE.get(k.code)
            rows.append([k.name, str(template.definition) if template else "", k.target])
        return [_table(slug, "", ["name", "definition", "target"], rows)]
    if slug == "playbook":
        p = spec.playbook
        blocks = [
            _text(f(slug, name), getattr(p, name))
            for name in ("qualification", "hot", "lukewarm", "handover")
        ]
        rows = [[o.objection, o.answer] for o in p.objections]
        blocks.append(_table(slug, f(slug, "objections"), ["objection", "answer"], rows))
        return blocks
    raise KeyError(slug)


def shown_sections(engagement: Engagement, spec: content.Spec) -> list[str]:
    """The sections a document shows: all, but the playbook only for a prospection
    engagement or when one was written."""
    return [
        slug
        for slug in content.SLUGS
        if slug != "playbook"
        or playbook_required(engagement)
        or not content.is_empty(spec.playbook)
    ]


def document(
    *, engagement: Engagement, spec: content.Spec, version: SpecVersion | None = None
) -> Document:
    """The specification ready to lay out, in the reader's language."""
    sections = [
        RenderedSection(slug, i, labels.title(slug), _blocks(spec, slug))
        for i, slug in enumerate(shown_sections(engagement, spec), 1)
    ]
    return Document(
        engagement=engagement,
        organisation=engagement.organisation,
        version=version,
        date=version.published_at if version else timezone.now(),
        sections=sections,
    )


# --- the draft and its versions -------------------------------------------------------


def specification_of(engagement: Engagement) -> Specification | None:
    return Specification.objects.filter(engagement=engagement).first()


def draft_of(engagement: Engagement) -> content.Spec:
    found = specification_of(engagement)
    return found.spec if found else content.Spec()


def versions_of(engagement: Engagement):
    return SpecVersion.objects.filter(specification__engagement=engagement).select_related(
        "published_by"
    )


def version_of(engagement: Engagement, number: int) -> SpecVersion:
    """A published version of the engagement (raises SpecVersion.DoesNotExist)."""
    return versions_of(engagement).get(number=number)


def latest_version(engagement: Engagement) -> SpecVersion | None:
    return versions_of(engagement).order_by("-number").first()


def shares_of(engagement: Engagement):
    return SpecShare.objects.filter(specification__engagement=engagement).select_related(
        "vendor", "created_by"
    )


def is_holding_vendor(membership: Membership, engagement: Engagement) -> bool:
    """The member works for the vendor holding the engagement: reads the published versions."""
    return (
        membership.role == Role.VENDOR
        and bool(membership.vendor_id)
        and engagement.vendor_id == membership.vendor_id
    )


@dataclass
class SectionRow:
    slug: str
    number: int
    title: str
    state: str
    summary: str
    findings: list[str]


def _summary(spec: content.Spec, slug: str) -> str:
    """A short line saying what a section holds, for the overview."""
    section = getattr(spec, slug)
    if content.is_empty(section):
        return ""
    if slug == "tools" and not spec.tools.items:
        return _("No tool or process is imposed.")
    if slug == "constraints" and not spec.constraints.text:
        return _("No particular constraint.")
    counts = {
        "objectives": len(spec.objectives.items),
        "tasks": len(spec.tasks.items),
        "deliverables": len(spec.deliverables.items),
        "tools": len(spec.tools.items),
        "calendar": len(spec.calendar.milestones),
        "referents": len(spec.referents.client) + len(spec.referents.vendor),
        "indicators": len(spec.indicators.items),
    }
    if slug in counts:
        return ngettext("%(count)s item", "%(count)s items", counts[slug]) % {"count": counts[slug]}
    texts = {
        "context": spec.context.company or spec.context.project,
        "purpose": spec.purpose.text,
        "constraints": spec.constraints.text,
        "followup": spec.followup.channel or spec.followup.validation,
        "playbook": spec.playbook.qualification or spec.playbook.hot or spec.playbook.handover,
    }
    text = texts.get(slug, "")
    return Truncator(" ".join(text.split())).chars(90) if text else _("written")


def overview(engagement: Engagement) -> dict[str, Any]:
    """What the overview shows to the people of the organisation: the draft's sections and
    their state, the completeness check, the versions and the read links."""
    spec_row = specification_of(engagement)
    spec = spec_row.spec if spec_row else content.Spec()
    report = completeness.check(spec, playbook_required=playbook_required(engagement))
    rows = [
        SectionRow(
            slug,
            i,
            labels.title(slug),
            report.sections[slug],
            _summary(spec, slug),
            [labels.finding(f) for f in report.findings_of(slug)],
        )
        for i, slug in enumerate(content.SLUGS, 1)
    ]
    versions = list(versions_of(engagement))
    latest = versions[0] if versions else None
    return {
        "specification": spec_row,
        "report": report,
        "rows": rows,
        "questions": [(labels.QUESTIONS[q], q, state) for q, state in report.questions],
        "findings": [(f.section, labels.finding(f)) for f in report.findings],
        "versions": versions,
        "unpublished": bool(spec_row)
        and (latest is None or bool(completeness.changes(latest.spec, spec))),
        "shares": list(shares_of(engagement)),
        "score_step": report.score // 5 * 5,
    }


def changes_of(version: SpecVersion) -> list[str]:
    """What changed since the version before, as sentences."""
    return [labels.change(completeness.Change.from_dict(c)) for c in version.changes or []]


def pending_changes(engagement: Engagement) -> tuple[SpecVersion | None, list[str]]:
    """The latest version and what the draft changes to it, as sentences."""
    latest = latest_version(engagement)
    if latest is None:
        return None, []
    diff = completeness.changes(latest.spec, draft_of(engagement))
    return latest, [labels.change(c) for c in diff]
