"""Reads of the diagnostic shared by its page and its PDF: one context, built once."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pilotage.engagements.models import Engagement

from . import advice, labels
from .models import Activity, Answer, Diagnostic


@dataclass
class Row:
    """One activity as the table shows it, with the class its name suggests."""

    activity: Activity
    suggestion: advice.Suggestion | None
    suggestion_text: str
    result: advice.ActivityResult

    @property
    def differs(self) -> bool:
        """A suggestion the user may apply: none is applied yet, or it says otherwise."""
        return self.suggestion is not None and self.suggestion.category != self.activity.category


@dataclass
class Group:
    """The activities of one verdict (outsource, document first, share, keep, to decide)."""

    verdict: str
    name: str
    hint: str
    rows: list[Row] = field(default_factory=list)
    hours: Decimal = Decimal("0")
    leader_hours: Decimal = Decimal("0")


@dataclass
class Question:
    code: str
    text: str
    answer: str
    answer_name: str
    note: str
    advice: str  # what to do when the answer is "no" or "partly"


@dataclass
class Risk:
    area: str
    name: str
    hint: str
    likelihood: str
    impact: str
    level: str | None
    cost: Decimal | None
    mitigation: str


@dataclass
class Cell:
    likelihood: str
    impact: str
    level: str
    risks: list[str]  # names of the risks that fall in it


def diagnostic_of(engagement: Engagement) -> Diagnostic:
    """The stored diagnostic, or an empty one (not saved) before the first write."""
    found = Diagnostic.objects.filter(engagement=engagement).select_related("concluded_by").first()
    return found or Diagnostic(engagement=engagement)


def activities_of(engagement: Engagement) -> list[Activity]:
    found = list(engagement.activities.all())
    for a in found:
        a.engagement = engagement  # no query per row for the function
    return found


def _row(activity: Activity, function: str) -> Row:
    suggestion = advice.suggest(activity.name, activity.description, function)
    return Row(
        activity,
        suggestion,
        labels.suggestion_text(suggestion) if suggestion else "",
        advice.activity_result(activity.facts()),
    )


def _matrix(risks: list[Risk]) -> list[list[Cell]]:
    """Impact from high (top) to low, likelihood from low (left) to high."""
    grid = []
    for impact in reversed(advice.LEVELS):
        line = []
        for likelihood in advice.LEVELS:
            names = [r.name for r in risks if (r.likelihood, r.impact) == (likelihood, impact)]
            line.append(Cell(likelihood, impact, advice.MATRIX[(likelihood, impact)], names))
        grid.append(line)
    return grid


def missing_of(rows: list[Row], outcome: advice.Outcome, risks: list[Risk]) -> dict[str, Any]:
    """What is not filled in yet, to show on the page (the work is a draft until then)."""
    return {
        "no_activity": not rows,
        "undecided": [r.activity.name for r in rows if not r.activity.category],
        "without_hours": [r.activity.name for r in rows if r.activity.hours is None],
        "not_said_documented": [
            r.activity.name
            for r in rows
            if r.activity.category == advice.REPETITIVE and not r.activity.documented
        ],
        "unanswered": len(outcome.readiness.unanswered),
        "risks_not_assessed": [r.name for r in risks if r.level is None],
    }


def diagnostic_context(engagement: Engagement) -> dict[str, Any]:
    """Everything the page and the PDF show of an engagement's diagnostic."""
    diagnostic = diagnostic_of(engagement)
    activities = activities_of(engagement)
    rows = [_row(a, engagement.function) for a in activities]
    outcome = advice.outcome(
        [a.facts() for a in activities], diagnostic.answers(), diagnostic.risk_facts()
    )
    groups = {
        v: Group(v, str(labels.VERDICT_NAMES[v]), str(labels.VERDICT_HINTS[v]))
        for v in advice.VERDICTS
    }
    for row in rows:
        group = groups[row.result.verdict]
        group.rows.append(row)
        group.hours += row.result.hours
        group.leader_hours += row.result.leader_hours
    answer_names = dict(Answer.choices)
    weak = set(outcome.readiness.weak)
    questions = [
        Question(
            q,
            str(labels.QUESTION_TEXTS[q]),
            getattr(diagnostic, q),
            str(answer_names.get(getattr(diagnostic, q) or None, "")),
            getattr(diagnostic, f"{q}_note"),
            str(labels.QUESTION_ADVICE[q]) if q in weak else "",
        )
        for q in advice.QUESTIONS
    ]
    risks = [
        Risk(
            r.area,
            str(labels.RISK_NAMES[r.area]),
            str(labels.RISK_HINTS[r.area]),
            getattr(diagnostic, f"{r.area}_likelihood"),
            getattr(diagnostic, f"{r.area}_impact"),
            r.level,
            r.cost,
            getattr(diagnostic, f"{r.area}_mitigation"),
        )
        for r in outcome.risks
    ]
    # Every write (an activity's too) stamps the diagnostic's updated_at.
    concluded = diagnostic.concluded_at
    changed = bool(concluded and diagnostic.updated_at and diagnostic.updated_at > concluded)
    return {
        "engagement": engagement,
        "diagnostic": diagnostic,
        "rows": rows,
        "outcome": outcome,
        "groups": [groups[v] for v in advice.VERDICTS],
        "questions": questions,
        "readiness_sentence": str(labels.READINESS_SENTENCES[outcome.readiness.verdict]),
        "risks": risks,
        "matrix": _matrix(risks),
        "missing": missing_of(rows, outcome, risks),
        "applicable": sum(1 for r in rows if r.differs and not r.activity.category),
        "shared_part": int(advice.SHARED_PART * 100),
        "changed_since_conclusion": changed,
    }


def summary(engagement: Engagement) -> dict[str, Any]:
    """A few figures for a link to the diagnostic (the engagement page may show them)."""
    activities = list(engagement.activities.only("category", "documented", "hours", "leader_hours"))
    concluded = (
        Diagnostic.objects.filter(engagement=engagement)
        .values_list("concluded_at", flat=True)
        .first()
    )
    return {
        "activities": len(activities),
        "undecided": sum(1 for a in activities if not a.category),
        "concluded_at": concluded,
    }
