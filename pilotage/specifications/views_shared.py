"""What a candidate vendor reads through its secret link: the latest published version of
one specification, in a layout of its own (no menu, nothing else of the organisation), as a
page, a PDF or a DOCX. No account; a revoked or unknown link answers 404. Each read is
counted on the link and noted in the organisation's audit trail."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from pilotage.lib.pdf import render_pdf

from . import selectors, services, word
from .models import SpecShare, SpecVersion
from .views import PDF_TEMPLATE


def _open(token: str) -> tuple[SpecShare, SpecVersion, selectors.Document]:
    if len(token) > 64:
        raise Http404
    share = (
        SpecShare.objects.active()
        .select_related("vendor", "specification__engagement__organisation")
        .filter(token=token)
        .first()
    )
    if share is None:
        raise Http404
    engagement = share.specification.engagement
    latest = selectors.latest_version(engagement)
    if latest is None:
        raise Http404
    services.share_read(share=share)
    return (
        share,
        latest,
        selectors.document(engagement=engagement, spec=latest.spec, version=latest),
    )


def _private(response: HttpResponse) -> HttpResponse:
    """The link is a secret: not to be indexed, cached or leaked to other sites."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
def page(request: HttpRequest, token: str) -> HttpResponse:
    share, latest, doc = _open(token)
    return _private(
        render(
            request,
            "specifications/shared.html",
            {"share": share, "version": latest, "document": doc, "token": token},
        )
    )


@never_cache
def pdf(request: HttpRequest, token: str) -> HttpResponse:
    _share, _latest, doc = _open(token)
    return _private(render_pdf(request, PDF_TEMPLATE, {"document": doc}, doc.filename("pdf")))


@never_cache
def docx(request: HttpRequest, token: str) -> HttpResponse:
    _share, _latest, doc = _open(token)
    return _private(word.response(doc))
