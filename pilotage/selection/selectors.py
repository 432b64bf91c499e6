"""What the selection pages read: the comparison of the candidates (medians, spreads,
weighted totals, ranks) as one person may see it, each reviewer's progress, a sheet, a
candidate's file, the agency-or-freelance panel and the warnings before deciding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Q

from pilotage.core.models import Membership, Role, User
from pilotage.engagements.models import Engagement, Vendor

from . import advice, labels, scoring
from .models import (
    IN_RUNNING,
    Candidate,
    Criterion,
    Decision,
    Interaction,
    RedFlag,
    Reviewer,
    Score,
)
from .services import current_decision


def _num(value: Any) -> float | None:
    number = float(value)
    return None if np.isnan(number) else number


@dataclass
class Cell:
    median: float | None
    low: float | None
    high: float | None
    count: int
    disagree: bool


@dataclass
class Row:
    criterion: Criterion
    cells: list[Cell]  # one per column


@dataclass
class Column:
    candidate: Candidate
    total: float | None
    coverage: float
    rank: int
    flags: int
    interactions: int
    reviewer_totals: list[float | None]  # one per reviewer, as board.reviewers


@dataclass
class Progress:
    reviewer: Reviewer
    candidates_done: int  # candidates with every counted criterion scored
    candidates: int
    scores: int

    @property
    def submitted(self) -> bool:
        return self.reviewer.submitted


@dataclass
class Board:
    engagement: Engagement
    criteria: list[Criterion]
    columns: list[Column]
    rows: list[Row]
    set_aside: list[Candidate]
    progress: list[Progress]
    me: Reviewer | None
    blinded: bool  # a reviewer who has not submitted: no one else's scores, no medians
    decision: Decision | None
    counted_weight: int
    disagreements: int = 0
    scores: Any = field(default=None, repr=False)  # the [candidate, criterion, reviewer] array
    flag_counts: dict[int, int] = field(default_factory=dict)  # candidate pk → red flags
    talk_counts: dict[int, int] = field(default_factory=dict)  # candidate pk → exchanges

    @property
    def all_submitted(self) -> bool:
        return bool(self.progress) and all(p.submitted for p in self.progress)

    @property
    def reviewers(self) -> list[Reviewer]:
        return [p.reviewer for p in self.progress]

    def column_of(self, candidate_pk: int) -> Column | None:
        return next((c for c in self.columns if c.candidate.pk == candidate_pk), None)


def criteria_of(engagement: Engagement) -> list[Criterion]:
    return list(engagement.selection_criteria.all())


def candidates_of(engagement: Engagement) -> list[Candidate]:
    return list(engagement.candidates.select_related("vendor"))


def reviewers_of(engagement: Engagement) -> list[Reviewer]:
    return list(engagement.selection_reviewers.select_related("user"))


def eligible_reviewers(engagement: Engagement) -> list[User]:
    """People who may be named reviewer and are not yet: active owners, and the referent."""
    active = Membership.objects.active().filter(organisation=engagement.organisation)
    owners = active.filter(role=Role.OWNER).values("user")
    referent = active.filter(role=Role.REFERENT, user_id=engagement.referent_id).values("user")
    taken = engagement.selection_reviewers.values("user")
    return list(
        User.objects.filter(Q(pk__in=owners) | Q(pk__in=referent))
        .exclude(pk__in=taken)
        .order_by("last_name", "first_name", "email")
    )


def is_blinded(me: Reviewer | None) -> bool:
    return me is not None and not me.submitted


def board(engagement: Engagement, user: User) -> Board:
    """The comparison as ``user`` may see it."""
    criteria = criteria_of(engagement)
    candidates = candidates_of(engagement)
    running = [c for c in candidates if c.in_running]
    set_aside = [c for c in candidates if not c.in_running]
    reviewers = reviewers_of(engagement)
    me = next((r for r in reviewers if r.user_id == user.pk), None)
    c_index = {c.pk: i for i, c in enumerate(running)}
    k_index = {k.pk: i for i, k in enumerate(criteria)}
    r_index = {r.pk: i for i, r in enumerate(reviewers)}
    scores = np.full((len(running), len(criteria), len(reviewers)), np.nan)
    given = Score.objects.filter(candidate__in=running, reviewer__in=reviewers).exclude(value=None)
    for cand, crit, rev, value in given.values_list(
        "candidate_id", "criterion_id", "reviewer_id", "value"
    ):
        if crit in k_index:
            scores[c_index[cand], k_index[crit], r_index[rev]] = value
    weights = np.array([k.weight for k in criteria], dtype=np.float64)
    result = scoring.compare(scores, weights)
    flags = _counts(RedFlag.objects.filter(candidate__in=candidates))
    talks = _counts(Interaction.objects.filter(candidate__in=candidates))
    columns = [
        Column(
            candidate=c,
            total=_num(result.total[i]),
            coverage=float(result.coverage[i]),
            rank=int(result.rank[i]),
            flags=flags.get(c.pk, 0),
            interactions=talks.get(c.pk, 0),
            reviewer_totals=[_num(v) for v in result.reviewer_total[i]],
        )
        for i, c in enumerate(running)
    ]
    rows = [
        Row(
            criterion=k,
            cells=[
                Cell(
                    median=_num(result.median[i, j]),
                    low=_num(result.low[i, j]),
                    high=_num(result.high[i, j]),
                    count=int(result.count[i, j]),
                    disagree=bool(result.disagree[i, j]),
                )
                for i in range(len(running))
            ],
        )
        for j, k in enumerate(criteria)
    ]
    counted = weights > 0
    progress = [
        Progress(
            reviewer=r,
            candidates_done=int(
                np.all(~np.isnan(scores[:, counted, n]), axis=1).sum() if counted.any() else 0
            ),
            candidates=len(running),
            scores=int(np.count_nonzero(~np.isnan(scores[:, :, n]))),
        )
        for n, r in enumerate(reviewers)
    ]
    return Board(
        engagement=engagement,
        criteria=criteria,
        columns=columns,
        rows=rows,
        set_aside=set_aside,
        progress=progress,
        me=me,
        blinded=is_blinded(me),
        decision=current_decision(engagement),
        counted_weight=int(weights.sum()),
        disagreements=int(result.disagree.sum()),
        scores=scores,
        flag_counts=flags,
        talk_counts=talks,
    )


@dataclass
class CandidateLine:
    candidate: Candidate
    column: Column | None  # None when set aside
    flags: int
    interactions: int


def candidate_lines(b: Board, candidates: list[Candidate]) -> list[CandidateLine]:
    return [
        CandidateLine(c, b.column_of(c.pk), b.flag_counts.get(c.pk, 0), b.talk_counts.get(c.pk, 0))
        for c in candidates
    ]


def _counts(qs: Any) -> dict[int, int]:
    out: dict[int, int] = {}
    for pk in qs.values_list("candidate_id", flat=True):
        out[pk] = out.get(pk, 0) + 1
    return out


def panel(engagement: Engagement, candidates: list[Candidate]) -> dict[str, Any]:
    """The agency-or-freelance comparison for this engagement and these candidates."""
    kinds = [c.vendor.kind for c in candidates if c.in_running]
    points = advice.agency_or_freelance(engagement.kind, engagement.function, kinds)
    lean = advice.leaning(points)
    return {"points": labels.shown(points), "leaning": lean, "leaning_text": labels.LEANING[lean]}


# A reviewer's sheet


@dataclass
class SheetCell:
    candidate: Candidate
    score_name: str
    comment_name: str


@dataclass
class SheetRow:
    criterion: Criterion
    cells: list[SheetCell]


def sheet(engagement: Engagement, reviewer: Reviewer) -> dict[str, Any]:
    """The candidates still in the running, the criteria, and what the reviewer gave."""
    from .services import comment_field, score_field

    candidates = list(engagement.candidates.filter(status__in=IN_RUNNING).select_related("vendor"))
    criteria = criteria_of(engagement)
    given = {
        (s.candidate_id, s.criterion_id): s
        for s in reviewer.scores.filter(candidate__in=candidates)
    }
    rows = [
        SheetRow(
            criterion=k,
            cells=[
                SheetCell(c, score_field(c.pk, k.pk), comment_field(c.pk, k.pk)) for c in candidates
            ],
        )
        for k in criteria
    ]
    missing = [
        (c, k)
        for c in candidates
        for k in criteria
        if k.weight and (given.get((c.pk, k.pk)) is None or given[(c.pk, k.pk)].value is None)
    ]
    return {
        "candidates": candidates,
        "criteria": criteria,
        "rows": rows,
        "given": given,
        "missing": missing,
    }


# A candidate's file


def candidate_scores(
    candidate: Candidate, b: Board, reviewers: list[Reviewer], me: Reviewer | None
) -> list[dict[str, Any]]:
    """Per criterion, the median cell and each reviewer's score and comment; a blinded
    reviewer sees only their own scores and no median."""
    blinded = is_blinded(me)
    shown = [me] if blinded and me is not None else reviewers
    given = {
        (s.criterion_id, s.reviewer_id): s
        for s in Score.objects.filter(candidate=candidate, reviewer__in=shown)
    }
    index = next((i for i, c in enumerate(b.columns) if c.candidate.pk == candidate.pk), None)
    return [
        {
            "criterion": row.criterion,
            "cell": None if blinded or index is None else row.cells[index],
            "scores": [(r, given.get((row.criterion.pk, r.pk))) for r in shown],
        }
        for row in b.rows
    ]


# Before deciding


@dataclass
class Warning:
    code: str  # "flags", "not_first", "not_submitted"
    count: int = 0
    names: list[str] = field(default_factory=list)


def warnings_for(b: Board, candidate: Candidate) -> list[Warning]:
    """What the decider should weigh before choosing ``candidate``."""
    out: list[Warning] = []
    column = b.column_of(candidate.pk)
    if column is not None and column.flags:
        out.append(Warning("flags", column.flags))
    if column is not None and column.rank != 1:
        out.append(Warning("not_first", column.rank))
    late = [str(p.reviewer.user) for p in b.progress if not p.submitted]
    if late:
        out.append(Warning("not_submitted", len(late), late))
    return out


def vendors_to_add(engagement: Engagement) -> list[Vendor]:
    taken = engagement.candidates.values("vendor")
    return list(
        Vendor.objects.filter(organisation=engagement.organisation)
        .exclude(pk__in=taken)
        .order_by("name")
    )
