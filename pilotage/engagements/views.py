from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pilotage.core.access import org_view, require
from pilotage.core.views import apply_errors
from pilotage.lib.http import posted

from . import selectors, services
from .due import next_due
from .forms import (
    ContactFormSet,
    EngagementCreateForm,
    EngagementForm,
    StageChangeForm,
    StartForm,
    VendorForm,
    contact_initial,
)
from .models import Engagement, Vendor
from .preparation import links, stage_steps


@org_view()
def engagement_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.engagement_rows(request.membership)
    return render(request, "engagements/engagement_list.html", {"rows": rows})


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    return get_object_or_404(Engagement.objects.visible_to(request.membership).with_people(), pk=pk)


@org_view()
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    history = engagement.stage_changes.select_related("by")
    preparation = links(request.membership, engagement)
    context = {
        "engagement": engagement,
        "history": history,
        "stages": stage_steps(engagement, preparation),
        "preparation": preparation,
        "stage_form": StageChangeForm(current=engagement.stage),
        "due": next_due([engagement]).get(engagement.pk),
    }
    # Contracts.
    from pilotage.contracts.selectors import engagement_card

    context["contracts"] = engagement_card(request.membership, engagement)
    # Governance.
    from django.utils import timezone as _tz

    from pilotage.governance import selectors as governance_selectors

    context["governance"] = governance_selectors.engagement_card(engagement, _tz.localdate())
    return render(request, "engagements/engagement_detail.html", context)


@org_view("engagement.create")
def engagement_create(request: HttpRequest) -> HttpResponse:
    org = request.organisation
    form = EngagementCreateForm(posted(request), organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_create(
                actor=request.user, org=org, **form.cleaned_data
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("Engagement “%(title)s” created.") % {"title": engagement.title}
            )
            return redirect("engagements:detail", org=org.slug, pk=engagement.pk)
    return render(request, "engagements/engagement_form.html", {"form": form})


@org_view("engagement.create")
def engagement_start(request: HttpRequest) -> HttpResponse:
    """The guided start: pick what to hand over, then the diagnostic lists its activities."""
    org = request.organisation
    form = StartForm(posted(request), organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_create(
                actor=request.user, org=org, **form.engagement_fields()
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return redirect("diagnostics:page", org=org.slug, pk=engagement.pk)
    return render(request, "engagements/start.html", {"form": form})


@org_view()
def engagement_update(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "engagement.change", engagement)
    form = EngagementForm(posted(request), instance=engagement, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_update(
                actor=request.user, engagement=engagement, **form.cleaned_data
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Engagement saved."))
            return redirect("engagements:detail", org=request.organisation.slug, pk=engagement.pk)
    return render(
        request, "engagements/engagement_form.html", {"form": form, "engagement": engagement}
    )


@org_view()
def engagement_stage(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "engagement.change_stage", engagement)
    form = StageChangeForm(posted(request), current=engagement.stage)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_change_stage(
                actor=request.user, engagement=engagement, **form.cleaned_data
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Stage changed."))
            return redirect("engagements:detail", org=request.organisation.slug, pk=engagement.pk)
    return render(request, "engagements/stage_form.html", {"form": form, "engagement": engagement})


@org_view()
def vendor_list(request: HttpRequest) -> HttpResponse:
    vendors = selectors.vendor_list(request.membership).annotate(n_engagements=Count("engagements"))
    return render(request, "engagements/vendor_list.html", {"vendors": vendors})


def _vendor(request: HttpRequest, pk: int) -> Vendor:
    return get_object_or_404(Vendor.objects.visible_to(request.membership), pk=pk)


@org_view()
def vendor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vendor = _vendor(request, pk)
    engagements = (
        Engagement.objects.visible_to(request.membership).filter(vendor=vendor).with_people()
    )
    return render(
        request,
        "engagements/vendor_detail.html",
        {"vendor": vendor, "contacts": vendor.contacts.all(), "engagements": engagements},
    )


def _vendor_form(request: HttpRequest, vendor: Vendor | None) -> HttpResponse:
    org = request.organisation
    form = VendorForm(posted(request), instance=vendor)
    contacts = ContactFormSet(posted(request), initial=contact_initial(vendor), prefix="contacts")
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        fields = {k: form.cleaned_data[k] for k in VendorForm.Meta.fields}
        try:
            if vendor is None:
                vendor = services.vendor_create(
                    actor=request.user, org=org, contacts=contacts.contacts(), **fields
                )
                messages.success(request, _("Vendor “%(name)s” created.") % {"name": vendor.name})
            else:
                services.vendor_update(
                    actor=request.user, vendor=vendor, contacts=contacts.contacts(), **fields
                )
                messages.success(request, _("Vendor saved."))
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return redirect("vendors:detail", org=org.slug, pk=vendor.pk)
    return render(
        request,
        "engagements/vendor_form.html",
        {"form": form, "contacts": contacts, "vendor": vendor},
    )


@org_view("vendor.create")
def vendor_create(request: HttpRequest) -> HttpResponse:
    return _vendor_form(request, None)


@org_view("vendor.change")
def vendor_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _vendor_form(request, _vendor(request, pk))
