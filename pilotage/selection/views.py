"""The selection pages: thin views over the selectors and the services. Everything is
behind ``preparation.view`` (never a vendor); writes behind ``preparation.manage``; a
reviewer's own sheet behind ``selection.score``; the decision behind ``selection.decide``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pilotage.core.access import org_view, require
from pilotage.core.permissions import can
from pilotage.core.views import apply_errors
from pilotage.engagements.models import Engagement
from pilotage.lib.http import posted

from . import labels, selectors, services
from .forms import (
    CandidateAddForm,
    CandidateForm,
    CriterionForm,
    DecisionForm,
    FlagsForm,
    InteractionForm,
    ReviewerForm,
    SheetForm,
    WeightsForm,
)
from .models import Candidate, Criterion, Reviewer

VIEW, MANAGE = "preparation.view", "preparation.manage"


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    return get_object_or_404(Engagement.objects.visible_to(request.membership).with_people(), pk=pk)


def _candidate(engagement: Engagement, pk: int) -> Candidate:
    found = get_object_or_404(engagement.candidates.select_related("vendor"), pk=pk)
    found.engagement = engagement
    return found


def _posted_pk(request: HttpRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise Http404 from None


def _common(request: HttpRequest, engagement: Engagement, here: str) -> dict[str, Any]:
    m = request.membership
    reviewer = services.reviewer_of(engagement, request.user)
    return {
        "engagement": engagement,
        "here": here,
        "may_manage": can(m, MANAGE, engagement),
        "may_decide": can(m, "selection.decide", engagement),
        "my_sheet": reviewer if can(m, "selection.score", engagement) else None,
        "decision": services.current_decision(engagement),
    }


def _back(request: HttpRequest, name: str, pk: int, **extra: Any) -> HttpResponse:
    return redirect(f"selection:{name}", org=request.organisation.slug, pk=pk, **extra)


# The comparison


@org_view(VIEW)
def page(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    context = _common(request, engagement, "page")
    if context["may_manage"] and context["decision"] is None:
        services.criteria_ensure(actor=request.user, engagement=engagement)
    board = selectors.board(engagement, request.user)
    context.update(
        board=board,
        panel=selectors.panel(engagement, [c.candidate for c in board.columns]),
    )
    return render(request, "selection/page.html", context)


# Criteria


@org_view(VIEW)
def criteria(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    context = _common(request, engagement, "criteria")
    if context["may_manage"] and context["decision"] is None:
        services.criteria_ensure(actor=request.user, engagement=engagement)
    found = selectors.criteria_of(engagement)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None:
        require(request.membership, MANAGE, engagement)
    weights = WeightsForm(posted(request) if action == "weights" else None, criteria=found)
    new = CriterionForm(posted(request) if action == "add" else None)
    try:
        if action == "weights" and weights.is_valid():
            services.criteria_weights_save(
                actor=request.user, engagement=engagement, weights=weights.weights()
            )
            messages.success(request, _("Weights saved."))
            return _back(request, "criteria", pk)
        if action == "add" and new.is_valid():
            services.criterion_save(actor=request.user, engagement=engagement, **new.cleaned_data)
            messages.success(request, _("Criterion added."))
            return _back(request, "criteria", pk)
        if action == "delete":
            target = get_object_or_404(engagement.selection_criteria, pk=_posted_pk(request, "id"))
            services.criterion_delete(actor=request.user, criterion=target)
            messages.success(request, _("“%(name)s” removed.") % {"name": target.name})
            return _back(request, "criteria", pk)
    except ValidationError as e:
        if action == "delete":
            messages.error(request, " ".join(e.messages))
            return _back(request, "criteria", pk)
        apply_errors(weights if action == "weights" else new, e)
    if request.method == "POST" and action not in ("weights", "add", "delete"):
        return _back(request, "criteria", pk)
    context.update(
        weights=weights, new=new, total_weight=sum(c.weight for c in found), criteria=found
    )
    return render(request, "selection/criteria.html", context)


@org_view(VIEW)
def criterion(request: HttpRequest, pk: int, criterion: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, MANAGE, engagement)
    found: Criterion = get_object_or_404(engagement.selection_criteria, pk=criterion)
    form = CriterionForm(posted(request), criterion=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(
                actor=request.user, engagement=engagement, criterion=found, **form.cleaned_data
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Criterion saved."))
            return _back(request, "criteria", pk)
    context = _common(request, engagement, "criteria")
    context.update(form=form, criterion=found)
    return render(request, "selection/criterion_form.html", context)


# Candidates


@org_view(VIEW)
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    context = _common(request, engagement, "candidates")
    if request.method == "POST":
        require(request.membership, MANAGE, engagement)
    form = CandidateAddForm(posted(request), vendors=selectors.vendors_to_add(engagement))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            candidate = services.candidate_add(
                actor=request.user,
                engagement=engagement,
                vendor=data["vendor"],
                vendor_name=data["vendor_name"],
                vendor_kind=data["vendor_kind"],
                quote_amount=data["quote_amount"],
                quote_basis=data["quote_basis"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("%(name)s is now a candidate.") % {"name": candidate.vendor.name}
            )
            return _back(request, "candidates", pk)
    board = selectors.board(engagement, request.user)
    context.update(
        form=form,
        board=board,
        lines=selectors.candidate_lines(board, selectors.candidates_of(engagement)),
    )
    return render(request, "selection/candidates.html", context)


def _candidate_page(
    request: HttpRequest, engagement: Engagement, candidate: Candidate, **forms: Any
) -> HttpResponse:
    context = _common(request, engagement, "candidates")
    reviewers = selectors.reviewers_of(engagement)
    me = next((r for r in reviewers if r.user_id == request.user.pk), None)
    flags = list(candidate.red_flags.select_related("raised_by"))
    board = selectors.board(engagement, request.user)
    if context["may_manage"] and context["decision"] is None:
        forms.setdefault("form", CandidateForm(instance=candidate))
        forms.setdefault("flags_form", FlagsForm(raised={f.code: f.note for f in flags}))
        forms.setdefault("interaction_form", InteractionForm())
    context.update(
        candidate=candidate,
        column=board.column_of(candidate.pk),
        board=board,
        blinded=selectors.is_blinded(me),
        flags=flags,
        interactions=list(candidate.interactions.select_related("by")),
        scores=selectors.candidate_scores(candidate, board, reviewers, me),
        reviewers=[me] if selectors.is_blinded(me) else reviewers,
        **forms,
    )
    return render(request, "selection/candidate.html", context)


@org_view(VIEW)
def candidate(request: HttpRequest, pk: int, candidate: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    found = _candidate(engagement, candidate)
    if request.method != "POST":
        return _candidate_page(request, engagement, found)
    require(request.membership, MANAGE, engagement)
    form = CandidateForm(request.POST, instance=Candidate.objects.get(pk=found.pk))
    if form.is_valid():
        try:
            services.candidate_update(
                actor=request.user,
                candidate=found,
                **{k: form.cleaned_data[k] for k in ("status", "quote_amount", "quote_basis")},
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Candidate saved."))
            return _back(request, "candidate", pk, candidate=found.pk)
    return _candidate_page(request, engagement, found, form=form)


@org_view(VIEW)
def candidate_flags(request: HttpRequest, pk: int, candidate: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    found = _candidate(engagement, candidate)
    if request.method != "POST":
        return _back(request, "candidate", pk, candidate=found.pk)
    require(request.membership, MANAGE, engagement)
    raised = {f.code: f.note for f in found.red_flags.all()}
    form = FlagsForm(request.POST, raised=raised)
    if form.is_valid():
        try:
            services.flags_save(actor=request.user, candidate=found, flags=form.flags())
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Red flags saved."))
            return _back(request, "candidate", pk, candidate=found.pk)
    return _candidate_page(request, engagement, found, flags_form=form)


@org_view(VIEW)
def candidate_interactions(request: HttpRequest, pk: int, candidate: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    found = _candidate(engagement, candidate)
    if request.method != "POST":
        return _back(request, "candidate", pk, candidate=found.pk)
    require(request.membership, MANAGE, engagement)
    form = InteractionForm(request.POST)
    if form.is_valid():
        try:
            services.interaction_add(actor=request.user, candidate=found, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Exchange recorded."))
            return _back(request, "candidate", pk, candidate=found.pk)
    return _candidate_page(request, engagement, found, interaction_form=form)


# Reviewers and their sheets


@org_view(VIEW)
def reviewers(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    context = _common(request, engagement, "reviewers")
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None:
        require(request.membership, MANAGE, engagement)
    form = ReviewerForm(
        posted(request) if action == "add" else None,
        people=selectors.eligible_reviewers(engagement),
    )
    try:
        if action == "add" and form.is_valid():
            reviewer = services.reviewer_add(
                actor=request.user, engagement=engagement, user=form.cleaned_data["user"]
            )
            messages.success(request, _("%(name)s is now a reviewer.") % {"name": reviewer.user})
            return _back(request, "reviewers", pk)
        if action in ("remove", "reopen"):
            target: Reviewer = get_object_or_404(
                engagement.selection_reviewers.select_related("user"),
                pk=_posted_pk(request, "id"),
            )
            if action == "remove":
                services.reviewer_remove(actor=request.user, reviewer=target)
                messages.success(request, _("%(name)s no longer reviews.") % {"name": target.user})
            else:
                services.sheet_reopen(actor=request.user, reviewer=target)
                messages.success(
                    request, _("The sheet of %(name)s is open again.") % {"name": target.user}
                )
            return _back(request, "reviewers", pk)
    except ValidationError as e:
        if action != "add":
            messages.error(request, " ".join(e.messages))
            return _back(request, "reviewers", pk)
        apply_errors(form, e)
    if request.method == "POST" and action not in ("add", "remove", "reopen"):
        return _back(request, "reviewers", pk)
    context.update(form=form, board=selectors.board(engagement, request.user))
    return render(request, "selection/reviewers.html", context)


@org_view(VIEW)
def sheet(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "selection.score", engagement)
    reviewer = services.reviewer_of(engagement, request.user)
    if reviewer is None:
        raise Http404
    data = selectors.sheet(engagement, reviewer)
    cells = [(cell.score_name, cell.comment_name) for row in data["rows"] for cell in row.cells]
    given: dict[str, Any] = {}
    for (cand, crit), score in data["given"].items():
        given[services.score_field(cand, crit)] = score.value
        given[services.comment_field(cand, crit)] = score.comment
    form = SheetForm(posted(request) if not reviewer.submitted else None, cells=cells, given=given)
    if request.method == "POST" and not reviewer.submitted and form.is_valid():
        submit = request.POST.get("action") == "submit"
        inputs = [
            services.ScoreInput(
                candidate=cell.candidate.pk,
                criterion=row.criterion.pk,
                value=form.cleaned_data[cell.score_name],
                comment=form.cleaned_data[cell.comment_name],
            )
            for row in data["rows"]
            for cell in row.cells
            # Only the cells sent: a partial form leaves the others as they are.
            if cell.score_name in request.POST or cell.comment_name in request.POST
        ]
        try:
            services.scores_save(
                actor=request.user, engagement=engagement, scores=inputs, submit=submit
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            if submit:
                messages.success(request, _("Sheet submitted: you now see the comparison."))
                return _back(request, "page", pk)
            messages.success(request, _("Draft saved. Submit the sheet once every score is given."))
            return _back(request, "sheet", pk)
    context = _common(request, engagement, "sheet")
    context.update(data, form=form, reviewer=reviewer, scale=labels.SCALE)
    return render(request, "selection/sheet.html", context)


# The decision


@org_view(VIEW)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    require(request.membership, "selection.decide", engagement)
    context = _common(request, engagement, "decide")
    board = selectors.board(engagement, request.user)
    running = [c.candidate for c in board.columns if c.candidate.status != "not_chosen"]
    form = DecisionForm(posted(request), candidates=running)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["candidate"]
        warnings = selectors.warnings_for(board, chosen)
        if warnings and not form.cleaned_data["confirm"]:
            form.add_error(
                "confirm", _("Read the warnings about this candidate, then tick to confirm.")
            )
        else:
            try:
                services.decide(
                    actor=request.user,
                    engagement=engagement,
                    candidate=chosen,
                    reasons=form.cleaned_data["reasons"],
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request,
                    _("%(name)s is chosen: the engagement moves to the contract stage.")
                    % {"name": chosen.vendor.name},
                )
                return redirect("engagements:detail", org=request.organisation.slug, pk=pk)
    context.update(
        form=form,
        board=board,
        options=[(c, selectors.warnings_for(board, c.candidate)) for c in board.columns],
    )
    return render(request, "selection/decide.html", context)
