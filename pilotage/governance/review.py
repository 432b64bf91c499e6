"""The relationship audit: the five questions the texts ask of an outsourced function once a
year, what a 1 and a 5 mean, and the arithmetic of the answers (checking, averages, trend).

The scoring functions are pure (plain dicts and numbers in, numbers out); only the labels go
through gettext.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

SCALE = (1, 2, 3, 4, 5)
COMMENT_MAX = 2000


@dataclass(frozen=True)
class Question:
    key: str
    label: Any
    low: Any  # what a 1 means
    high: Any  # what a 5 means


QUESTIONS: tuple[Question, ...] = (
    Question(
        "contact_points",
        _("Are there formal, regular contact points with the vendor?"),
        _("No fixed meeting: we talk when something goes wrong."),
        _("Weekly points and monthly committees held as planned, with minutes."),
    ),
    Question(
        "impact_indicators",
        _("Do the indicators measure the impact on the business, not only the activity?"),
        _("We count what the vendor does (calls, tickets, invoices sent)."),
        _("We follow what it changes for us (cash in, customer satisfaction, errors)."),
    ),
    Question(
        "objectives",
        _("Do the vendor's actions still serve the objectives of the specification?"),
        _("The work has drifted away from what we outsourced it for."),
        _("Every main action can be traced to an objective of the specification."),
    ),
    Question(
        "proactive",
        _("Is the vendor proactive, or only reactive?"),
        _("It only acts when asked, and waits for our requests."),
        _("It warns before problems and proposes improvements unasked."),
    ),
    Question(
        "feedback",
        _("Are successes and failures fed back into our strategy?"),
        _("Nothing learnt from the relationship reaches our decisions."),
        _("What works and what fails is reviewed and changes our plans."),
    ),
)
KEYS = tuple(q.key for q in QUESTIONS)
BY_KEY = {q.key: q for q in QUESTIONS}


class BadAnswers(ValueError):
    """``errors`` maps a question key to what is wrong with its answer."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def clean_answers(raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every question answered with a whole score of the scale and a comment of at most
    :data:`COMMENT_MAX` characters; the keys of the errors are the question keys, the values
    codes: ``missing``, ``scale``, ``too_long``. Unknown keys are dropped."""
    out: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for key in KEYS:
        answer = raw.get(key)
        if not isinstance(answer, dict) or answer.get("score") in (None, ""):
            errors[key] = "missing"
            continue
        score = answer["score"]
        if isinstance(score, str) and score.strip().isdigit():
            score = int(score.strip())
        if isinstance(score, bool) or not isinstance(score, int) or score not in SCALE:
            errors[key] = "scale"
            continue
        comment = str(answer.get("comment") or "").strip()
        if len(comment) > COMMENT_MAX:
            errors[key] = "too_long"
            continue
        out[key] = {"score": score, "comment": comment}
    if errors:
        raise BadAnswers(errors)
    return out


def average(answers: dict[str, dict[str, Any]]) -> float | None:
    """Mean score of the questions answered (None when none is)."""
    scores = [a["score"] for k, a in answers.items() if k in BY_KEY and _is_score(a)]
    return sum(scores) / len(scores) if scores else None


def _is_score(answer: Any) -> bool:
    return isinstance(answer, dict) and answer.get("score") in SCALE


def trend(scores: list[int | None]) -> int | None:
    """From oldest to newest: +1 when the last known score is above the one before, -1 when
    below, 0 when equal, None with fewer than two scores."""
    known = [s for s in scores if s is not None]
    if len(known) < 2:
        return None
    last, before = known[-1], known[-2]
    return (last > before) - (last < before)
