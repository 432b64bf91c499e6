"""Pages of the contracts of an engagement: the list with their computed dates, a contract's
page (dates explained, clause checklist, amendments, document), and the forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core.access import org_view, require
from pilotage.core.permissions import can
from pilotage.core.views import apply_errors
from pilotage.engagements.models import Engagement
from pilotage.lib import uploads
from pilotage.lib.http import posted

from . import clauses, selectors, services
from .forms import ClauseForm, ContractForm, DocumentForm, NoticeForm, is_amendment
from .models import Contract, ContractKind


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    return get_object_or_404(Engagement.objects.visible_to(request.membership).with_people(), pk=pk)


def _contract(request: HttpRequest, engagement: Engagement, pk: int) -> Contract:
    contract = get_object_or_404(
        Contract.objects.visible_to(request.membership)
        .filter(engagement=engagement)
        .select_related("amends"),
        pk=pk,
    )
    contract.engagement = engagement
    return contract


def _to_contract(request: HttpRequest, contract: Contract) -> HttpResponse:
    return redirect(
        "contracts:detail",
        org=request.organisation.slug,
        pk=contract.engagement_id,
        contract=contract.pk,
    )


def _managed(request: HttpRequest, pk: int, contract: int | None = None):
    engagement = _engagement(request, pk)
    require(request.membership, "contracts.manage", engagement)
    if contract is None:
        return engagement, None
    return engagement, _contract(request, engagement, contract)


@org_view()
def contract_list(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "contracts/list.html",
        {
            "engagement": engagement,
            "views": selectors.engagement_contracts(request.membership, engagement, today),
            "today": today,
            "may_manage": can(request.membership, "contracts.manage", engagement),
        },
    )


@org_view()
def create(request: HttpRequest, pk: int) -> HttpResponse:
    engagement, _none = _managed(request, pk)
    form = ContractForm(posted(request), request.FILES or None, with_document=True)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(
                actor=request.user,
                engagement=engagement,
                document=form.cleaned_data.get("document"),
                **form.data_for_service(),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("Contract recorded. Now go through its clauses, one by one.")
            )
            return _to_contract(request, contract)
    return render(
        request,
        "contracts/contract_form.html",
        {
            "engagement": engagement,
            "form": form,
            "creating": True,
            "contract": None,
            "parent": None,
        },
    )


@org_view()
def detail(request: HttpRequest, pk: int, contract: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    found = _contract(request, engagement, contract)
    today = timezone.localdate()
    view = selectors.contract_view(found, request.membership, today)
    may_manage = can(request.membership, "contracts.manage", engagement)
    clause_form = None
    if found.kind == ContractKind.CONTRACT and may_manage:
        clause_form = ClauseForm(rows=view.clauses)
    return render(
        request,
        "contracts/detail.html",
        {
            "engagement": engagement,
            "contract": found,
            "view": view,
            "today": today,
            "may_manage": may_manage,
            "may_share": can(request.membership, "contracts.share", engagement),
            "inside": not request.membership.is_vendor,
            "clause_form": clause_form,
            "essential": clauses.ESSENTIAL,
            "checklist": clauses.BY_KEY,
            "upload_form": DocumentForm() if may_manage else None,
        },
    )


@org_view()
def clauses_save(request: HttpRequest, pk: int, contract: int) -> HttpResponse:
    engagement, found = _managed(request, pk, contract)
    if request.method != "POST" or found.kind != ContractKind.CONTRACT:
        return _to_contract(request, found)
    view = selectors.contract_view(found, request.membership, timezone.localdate())
    form = ClauseForm(request.POST, rows=view.clauses)
    if form.is_valid():
        items = {
            spec.key: services.ClauseData(
                form.cleaned_data[f"status_{spec.key}"], form.cleaned_data[f"note_{spec.key}"]
            )
            for spec, _clause in form.rows
        }
        try:
            services.clauses_save(actor=request.user, contract=found, items=items)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Clause checklist saved."))
            return redirect(f"{_to_contract(request, found)['Location']}#clauses")
    today = timezone.localdate()
    return render(
        request,
        "contracts/detail.html",
        {
            "engagement": engagement,
            "contract": found,
            "view": view,
            "today": today,
            "may_manage": True,
            "may_share": can(request.membership, "contracts.share", engagement),
            "inside": True,
            "clause_form": form,
            "essential": clauses.ESSENTIAL,
            "checklist": clauses.BY_KEY,
            "upload_form": DocumentForm(),
        },
    )


@org_view()
def edit(request: HttpRequest, pk: int, contract: int) -> HttpResponse:
    engagement, found = _managed(request, pk, contract)
    amendment = is_amendment(found)
    form = ContractForm(posted(request), contract=found, amendment=amendment)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(actor=request.user, contract=found, **form.data_for_service())
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Saved."))
            return _to_contract(request, found)
    return render(
        request,
        "contracts/contract_form.html",
        {
            "engagement": engagement,
            "form": form,
            "contract": found,
            "parent": None,
            "amendment": amendment,
        },
    )


@org_view()
def amend(request: HttpRequest, pk: int, contract: int) -> HttpResponse:
    engagement, found = _managed(request, pk, contract)
    if is_amendment(found):
        raise Http404
    form = ContractForm(posted(request), request.FILES or None, amendment=True, with_document=True)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.amendment_create(
                actor=request.user,
                contract=found,
                document=form.cleaned_data.get("document"),
                **form.data_for_service(),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Amendment recorded."))
            return _to_contract(request, amendment)
    return render(
        request,
        "contracts/contract_form.html",
        {
            "engagement": engagement,
            "form": form,
            "contract": None,
            "parent": found,
            "amendment": True,
            "creating": True,
        },
    )


@org_view()
def upload(request: HttpRequest, pk: int, contract: int) -> HttpResponse:
    engagement, found = _managed(request, pk, contract)
    form = DocumentForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                actor=request.user, contract=found, file=form.cleaned_data["document"]
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Signed document saved."))
            return _to_contract(request, found)
    return render(
        request,
        "contracts/upload.html",
        {"engagement": engagement, "contract": found, "form": form},
    )


@org_view()
def download(request: HttpRequest, pk: int, contract: int) -> FileResponse:
    found = _contract(request, _engagement(request, pk), contract)
    if not found.document:
        raise Http404
    try:
        handle = found.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.document_read(actor=request.user, contract=found)
    name = found.document_name or f"{found.reference}.pdf"
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=uploads.PDF.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@org_view()
def share(request: HttpRequest, pk: int, contract: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "contracts.share", engagement)
    found = _contract(request, engagement, contract)
    if request.method == "POST":
        target = found.amends if found.amends_id else found
        target.engagement = engagement
        shared = request.POST.get("shared") == "1"
        services.contract_share(actor=request.user, contract=target, shared=shared)
        if shared:
            messages.success(request, _("The vendor's people can now read this contract."))
        else:
            messages.success(request, _("The contract is no longer shared with the vendor."))
    return _to_contract(request, found)


@org_view()
def notice(request: HttpRequest, pk: int, contract: int) -> HttpResponse:
    engagement, found = _managed(request, pk, contract)
    if is_amendment(found) or not found.tacit_renewal:
        raise Http404
    today = timezone.localdate()
    if request.method == "POST" and request.POST.get("withdraw"):
        services.notice_give(actor=request.user, contract=found, given_on=None)
        messages.success(request, _("Notice withdrawn: the contract renews again."))
        return _to_contract(request, found)
    form = NoticeForm(posted(request), initial={"notice_given_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_give(
                actor=request.user, contract=found, given_on=form.cleaned_data["notice_given_on"]
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Notice recorded."))
            return _to_contract(request, found)
    return render(
        request,
        "contracts/notice.html",
        {
            "engagement": engagement,
            "contract": found,
            "form": form,
            "view": selectors.view_of(found, today),
        },
    )


@org_view()
def delete(request: HttpRequest, pk: int, contract: int) -> HttpResponse:
    engagement, found = _managed(request, pk, contract)
    if request.method == "POST":
        services.contract_delete(actor=request.user, contract=found)
        messages.success(request, _("Contract deleted."))
        return redirect("contracts:list", org=request.organisation.slug, pk=engagement.pk)
    return render(
        request,
        "contracts/delete.html",
        {
            "engagement": engagement,
            "contract": found,
            "amendments": list(found.amendments.all()),
        },
    )
