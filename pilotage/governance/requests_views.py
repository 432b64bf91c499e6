"""Pages of the requests to the vendor, the relationship audit and the search of an
engagement's governance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core.access import org_view, require
from pilotage.core.permissions import can
from pilotage.core.views import apply_errors
from pilotage.engagements.models import Engagement
from pilotage.lib.http import posted

from . import requests_selectors as selectors
from . import requests_services as services
from . import review as review_rules
from . import search as searching
from .models import RelationshipReview, Request
from .requests_forms import AnswerForm, FilterForm, RequestForm, ReviewForm, SearchForm


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    return get_object_or_404(Engagement.objects.visible_to(request.membership).with_people(), pk=pk)


def _request(request: HttpRequest, engagement: Engagement, pk: int) -> Request:
    req = get_object_or_404(
        Request.objects.visible_to(request.membership)
        .filter(engagement=engagement)
        .select_related("author", "answered_by"),
        pk=pk,
    )
    req.engagement = engagement
    return req


def _to_request(request: HttpRequest, req: Request) -> HttpResponse:
    return redirect(
        "governance:request", org=request.organisation.slug, pk=req.engagement_id, req=req.pk
    )


# --- requests ---------------------------------------------------------------------------


@org_view()
def request_list(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    form = FilterForm(request.GET or None)
    limit = selectors.DEFAULT_LIMIT
    if form.is_valid() and form.cleaned_data["within"]:
        limit = form.cleaned_data["within"]
    rows, summary, months = selectors.engagement_figures(engagement, limit=limit)
    return render(
        request,
        "governance/request_list.html",
        {
            "engagement": engagement,
            "rows": rows,
            "open_rows": [r for r in rows if not r.answered],
            "answered_rows": [r for r in rows if r.answered],
            "summary": summary,
            "months": months[:12],
            "limit": limit,
            "filter": form,
            "may_ask": can(request.membership, "requests.ask", engagement),
        },
    )


@org_view()
def request_new(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "requests.ask", engagement)
    form = RequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            req = services.request_create(
                actor=request.user,
                engagement=engagement,
                subject=data["subject"],
                body=data["body"],
                asked_at=data["asked_at"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Request recorded. The vendor is told by e-mail."))
            return _to_request(request, req)
    return render(request, "governance/request_form.html", {"engagement": engagement, "form": form})


@org_view()
def request_detail(request: HttpRequest, pk: int, req: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    req = _request(request, engagement, req)
    may_answer = can(request.membership, "requests.answer", engagement)
    answer_form = None
    if may_answer:
        answer_form = AnswerForm(
            initial={"answer": req.answer} if req.answered_at is None and req.answer else None
        )
    return _detail(request, engagement, req, answer_form)


def _detail(
    request: HttpRequest, engagement: Engagement, req: Request, answer_form: AnswerForm | None
) -> HttpResponse:
    row = selectors.rows(engagement, [req])[0]
    return render(
        request,
        "governance/request_detail.html",
        {
            "engagement": engagement,
            "req": req,
            "row": row,
            "answer_form": answer_form,
            "form": answer_form,
            "may_ask": can(request.membership, "requests.ask", engagement),
            "limit": selectors.DEFAULT_LIMIT,
        },
    )


@org_view()
def request_answer(request: HttpRequest, pk: int, req: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "requests.answer", engagement)
    req = _request(request, engagement, req)
    if request.method != "POST":
        return _to_request(request, req)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.request_answer(
                actor=request.user,
                request=req,
                answer=form.cleaned_data["answer"],
                answered_at=form.cleaned_data["answered_at"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Answer recorded."))
            return _to_request(request, req)
    return _detail(request, engagement, req, form)


@org_view()
def request_edit(request: HttpRequest, pk: int, req: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "requests.ask", engagement)
    req = _request(request, engagement, req)
    form = RequestForm(posted(request), instance=req)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_update(
                actor=request.user,
                request=req,
                subject=data["subject"],
                body=data["body"],
                asked_at=data["asked_at"] or req.asked_at,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Request saved."))
            return _to_request(request, req)
    return render(
        request,
        "governance/request_form.html",
        {"engagement": engagement, "form": form, "req": req},
    )


@org_view()
def request_reopen(request: HttpRequest, pk: int, req: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "requests.ask", engagement)
    req = _request(request, engagement, req)
    if request.method == "POST":
        try:
            services.request_reopen(actor=request.user, request=req)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Request open again. The vendor is told by e-mail."))
    return _to_request(request, req)


# --- relationship audit -----------------------------------------------------------------


@org_view()
def review_history(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "review.view", engagement)
    reviews = list(
        RelationshipReview.objects.visible_to(request.membership)
        .filter(engagement=engagement)
        .select_related("created_by", "meeting")
        .order_by("held_on", "id")
    )
    table = []
    for q in review_rules.QUESTIONS:
        cells = [(r.answers or {}).get(q.key) or {} for r in reviews]
        table.append((q, cells, review_rules.trend([c.get("score") for c in cells])))
    averages = [review_rules.average(r.answers or {}) for r in reviews]
    return render(
        request,
        "governance/review_history.html",
        {
            "engagement": engagement,
            "reviews": reviews,
            "table": table,
            "averages": averages,
            "latest_average": averages[-1] if averages else None,
            "average_trend": review_rules.trend(
                [round(a * 10) if a is not None else None for a in averages]
            ),
            "questions": review_rules.QUESTIONS,
            "may_manage": can(request.membership, "review.manage", engagement),
        },
    )


def _review_form(request: HttpRequest, engagement: Engagement, review: RelationshipReview | None):
    initial = None if review else {"held_on": timezone.localdate()}
    form = ReviewForm(posted(request), engagement=engagement, review=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if review is None:
                services.review_create(
                    actor=request.user,
                    engagement=engagement,
                    held_on=data["held_on"],
                    meeting=data["meeting"],
                    answers=form.answers(),
                )
            else:
                services.review_update(
                    actor=request.user,
                    review=review,
                    held_on=data["held_on"],
                    meeting=data["meeting"],
                    answers=form.answers(),
                )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Relationship audit saved."))
            return redirect("governance:reviews", org=request.organisation.slug, pk=engagement.pk)
    return render(
        request,
        "governance/review_form.html",
        {"engagement": engagement, "form": form, "review": review},
    )


@org_view()
def review_new(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "review.manage", engagement)
    return _review_form(request, engagement, None)


@org_view()
def review_edit(request: HttpRequest, pk: int, review: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "review.manage", engagement)
    obj = get_object_or_404(
        RelationshipReview.objects.visible_to(request.membership).filter(engagement=engagement),
        pk=review,
    )
    obj.engagement = engagement
    return _review_form(request, engagement, obj)


# --- search -----------------------------------------------------------------------------


@org_view()
def search(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    groups = searching.search(request.membership, engagement, query) if query else []
    return render(
        request,
        "governance/search.html",
        {
            "engagement": engagement,
            "form": form,
            "query": query,
            "groups": groups,
            "total": sum(len(g.hits) for g in groups),
            "words": searching.words_of(query),
        },
    )
