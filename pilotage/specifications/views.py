"""Pages of the specification. The organisation's people (preparation.view) read the draft,
its completeness and its versions; those who run the engagement (preparation.manage) write it,
publish it and hand out read links. The vendor holding the engagement reads the published
versions only; anyone else gets 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pilotage.core.access import org_view, require
from pilotage.core.permissions import can
from pilotage.core.views import apply_errors
from pilotage.engagements.models import Engagement
from pilotage.kpis import catalogue
from pilotage.lib.http import posted
from pilotage.lib.pdf import render_pdf

from . import completeness, content, labels, selectors, services, word
from .forms import PublishForm, SectionEditor, ShareForm, suggested_target
from .models import SpecShare, SpecVersion

PDF_TEMPLATE = "specifications/document_pdf.html"


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    return get_object_or_404(Engagement.objects.visible_to(request.membership).with_people(), pk=pk)


def _staff(request: HttpRequest, pk: int, perm: str = "preparation.view") -> Engagement:
    """The engagement, for the organisation's people allowed ``perm`` on it (else 404)."""
    engagement = _engagement(request, pk)
    require(request.membership, perm, engagement)
    return engagement


def _reader(request: HttpRequest, pk: int) -> tuple[Engagement, bool]:
    """The engagement, and whether the reader is the vendor holding it (published versions
    only); 404 for anyone else."""
    engagement = _engagement(request, pk)
    if can(request.membership, "preparation.view", engagement):
        return engagement, False
    if selectors.is_holding_vendor(request.membership, engagement):
        return engagement, True
    raise Http404


def _version(engagement: Engagement, number: int) -> SpecVersion:
    try:
        return selectors.version_of(engagement, number)
    except SpecVersion.DoesNotExist:
        raise Http404 from None


def _page_url(request: HttpRequest, engagement: Engagement) -> str:
    return reverse(
        "specifications:page", kwargs={"org": request.organisation.slug, "pk": engagement.pk}
    )


@org_view()
def page(request: HttpRequest, pk: int) -> HttpResponse:
    engagement, vendor = _reader(request, pk)
    if vendor:
        return render(
            request,
            "specifications/page_vendor.html",
            {"engagement": engagement, "versions": selectors.versions_of(engagement)},
        )
    context: dict[str, Any] = {
        "engagement": engagement,
        **selectors.overview(engagement),
        "may_manage": can(request.membership, "preparation.manage", engagement),
        "colours": labels.STATE_COLOURS,
        "states": labels.STATES,
        "share_form": ShareForm(engagement=engagement),
    }
    return render(request, "specifications/page.html", context)


def _neighbours(slug: str) -> tuple[str | None, str | None]:
    i = content.SLUGS.index(slug)
    before = content.SLUGS[i - 1] if i > 0 else None
    after = content.SLUGS[i + 1] if i + 1 < len(content.SLUGS) else None
    return before, after


@org_view()
def section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    engagement = _staff(request, pk, "preparation.manage")
    if section not in content.SECTIONS:
        raise Http404
    draft = selectors.draft_of(engagement)
    stored = content.to_dict(getattr(draft, section))
    editor = SectionEditor(section, posted(request), stored)
    before, after = _neighbours(section)
    if request.method == "POST" and editor.is_valid():
        try:
            services.section_save(
                actor=request.user, engagement=engagement, section=section, data=editor.data()
            )
        except ValidationError as e:
            apply_errors(editor.form, e)
        else:
            messages.success(
                request, _("“%(section)s” saved.") % {"section": labels.title(section)}
            )
            org = request.organisation.slug
            if request.POST.get("then") == "next" and after:
                return redirect("specifications:section", org=org, pk=pk, section=after)
            return redirect(f"{_page_url(request, engagement)}#section-{section}")
    report = completeness.check(draft, playbook_required=services.playbook_required(engagement))
    offered: list[tuple[catalogue.Template, str]] = []
    others: list[tuple[catalogue.Template, str]] = []
    if section == "indicators":
        own = catalogue.for_function(engagement.function)
        offered = [(t, suggested_target(t)) for t in own]
        others = [(t, suggested_target(t)) for t in catalogue.TEMPLATES if t not in own]
    context = {
        "engagement": engagement,
        "slug": section,
        "number": content.SLUGS.index(section) + 1,
        "text": labels.SECTIONS[section],
        "editor": editor,
        "findings": [labels.finding(f) for f in report.findings_of(section)],
        "state": report.sections[section],
        "colours": labels.STATE_COLOURS,
        "states": labels.STATES,
        "before": before,
        "before_title": labels.title(before) if before else "",
        "after": after,
        "after_title": labels.title(after) if after else "",
        "offered": offered,
        "others": others,
        "chosen": {i.code for i in draft.indicators.items if i.code},
        "playbook_required": services.playbook_required(engagement),
    }
    return render(request, "specifications/section.html", context)


@org_view()
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _staff(request, pk, "preparation.manage")
    form = PublishForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_publish(
                actor=request.user, engagement=engagement, note=form.cleaned_data["note"]
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("Version %(version)s published.") % {"version": version.label}
            )
            return redirect(
                "specifications:version",
                org=request.organisation.slug,
                pk=pk,
                number=version.number,
            )
    draft = selectors.draft_of(engagement)
    report = completeness.check(draft, playbook_required=services.playbook_required(engagement))
    latest, pending = selectors.pending_changes(engagement)
    context = {
        "engagement": engagement,
        "form": form,
        "report": report,
        "findings": [(f.section, labels.finding(f)) for f in report.findings],
        "latest": latest,
        "pending": pending,
        "next_number": latest.number + 1 if latest else 1,
        "written": draft != content.Spec(),
    }
    return render(request, "specifications/publish.html", context)


@org_view()
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    engagement, vendor = _reader(request, pk)
    found = _version(engagement, number)
    doc = selectors.document(engagement=engagement, spec=found.spec, version=found)
    context = {
        "engagement": engagement,
        "version": found,
        "document": doc,
        "changes": selectors.changes_of(found),
        "vendor_reader": vendor,
        "versions": selectors.versions_of(engagement),
    }
    return render(request, "specifications/version.html", context)


def _pdf(request: HttpRequest, doc: selectors.Document) -> HttpResponse:
    return render_pdf(request, PDF_TEMPLATE, {"document": doc}, doc.filename("pdf"))


@org_view()
def version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    engagement, _vendor = _reader(request, pk)
    found = _version(engagement, number)
    return _pdf(request, selectors.document(engagement=engagement, spec=found.spec, version=found))


@org_view()
def version_docx(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    engagement, _vendor = _reader(request, pk)
    found = _version(engagement, number)
    return word.response(selectors.document(engagement=engagement, spec=found.spec, version=found))


@org_view()
def draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _staff(request, pk)
    return _pdf(
        request, selectors.document(engagement=engagement, spec=selectors.draft_of(engagement))
    )


@org_view()
def draft_docx(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _staff(request, pk)
    return word.response(
        selectors.document(engagement=engagement, spec=selectors.draft_of(engagement))
    )


@org_view()
def share_create(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _staff(request, pk, "preparation.manage")
    form = ShareForm(posted(request), engagement=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            share = services.share_create(
                actor=request.user, engagement=engagement, vendor=form.cleaned_data["vendor"]
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request,
                _("Read link created for %(vendor)s: copy it and send it to them.")
                % {"vendor": share.vendor.name},
            )
            return redirect(f"{_page_url(request, engagement)}#share-{share.pk}")
    return render(
        request, "specifications/share_form.html", {"engagement": engagement, "form": form}
    )


@org_view()
def share_revoke(request: HttpRequest, pk: int, share: int) -> HttpResponse:
    engagement = _staff(request, pk, "preparation.manage")
    found = get_object_or_404(
        SpecShare.objects.filter(specification__engagement=engagement), pk=share
    )
    if request.method == "POST":
        try:
            services.share_revoke(actor=request.user, share=found)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(
                request,
                _("The link of %(vendor)s is revoked: it no longer opens anything.")
                % {"vendor": found.vendor.name},
            )
    return redirect(f"{_page_url(request, engagement)}#shares")
