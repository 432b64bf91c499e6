"""A reviewer's score sheet: every cell checked before anything is stored, saved as a draft,
submitted (then the reviewer sees the others' scores), reopened by whoever runs the selection."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core.models import AuditAction, User
from pilotage.engagements.models import Engagement

from . import catalogue
from .base import check_open, lock, record, when
from .models import IN_RUNNING, Candidate, Criterion, Reviewer, Score

# Score sheets


@dataclass(frozen=True)
class ScoreInput:
    """One cell of a sheet as the form sends it: the value as typed (empty: not scored)."""

    candidate: int
    criterion: int
    value: object = None
    comment: str = ""


SCORE = re.compile(r"[0-9]+")
COMMENT_MAX = 2000


def score_field(candidate_pk: int, criterion_pk: int) -> str:
    return f"score_{candidate_pk}_{criterion_pk}"


def comment_field(candidate_pk: int, criterion_pk: int) -> str:
    return f"comment_{candidate_pk}_{criterion_pk}"


def parse_score(raw: object) -> int | None:
    """A score as typed: "" or None → None; "0" to "5" → the number; anything else: ValueError."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip()
        if not text:
            return None
        if not SCORE.fullmatch(text):
            raise ValueError(raw)
        value = int(text)
    if not 0 <= value <= catalogue.TOP_SCORE:
        raise ValueError(raw)
    return value


def reviewer_of(engagement: Engagement, user: User) -> Reviewer | None:
    return Reviewer.objects.filter(engagement=engagement, user=user).first()


def scores_save(
    *,
    actor: User,
    engagement: Engagement,
    scores: Sequence[ScoreInput],
    submit: bool = False,
) -> Reviewer:
    """Save the actor's own sheet (a draft), and submit it when ``submit``. Every cell is
    checked first: one wrong value and nothing is stored."""
    with transaction.atomic():
        lock(engagement)
        check_open(engagement)
        reviewer = reviewer_of(engagement, actor)
        if reviewer is None:
            raise ValidationError(_("You are not a reviewer of this selection."))
        reviewer = Reviewer.objects.select_for_update().get(pk=reviewer.pk)
        if reviewer.submitted_at is not None:
            raise ValidationError(
                _("Your sheet was submitted on %(date)s: it must be reopened before it changes.")
                % {"date": when(reviewer.submitted_at)}
            )
        candidates = {c.pk: c for c in engagement.candidates.filter(status__in=IN_RUNNING)}
        criteria = {c.pk: c for c in engagement.selection_criteria.all()}
        errors: dict[str, str] = {}
        cleaned: dict[tuple[int, int], tuple[int | None, str]] = {}
        for cell in scores:
            candidate, criterion = candidates.get(cell.candidate), criteria.get(cell.criterion)
            if candidate is None or criterion is None:
                raise ValidationError(
                    _("This sheet names a candidate or a criterion it does not hold.")
                )
            try:
                value = parse_score(cell.value)
            except ValueError:
                errors[score_field(candidate.pk, criterion.pk)] = _(
                    "%(candidate)s · %(criterion)s: give a whole number from 0 to 5, or leave "
                    "it empty."
                ) % {"candidate": candidate.vendor.name, "criterion": criterion.name}
                continue
            comment = (cell.comment or "").strip()
            if len(comment) > COMMENT_MAX:
                errors[comment_field(candidate.pk, criterion.pk)] = _(
                    "%(candidate)s · %(criterion)s: the comment is longer than %(max)s characters."
                ) % {
                    "candidate": candidate.vendor.name,
                    "criterion": criterion.name,
                    "max": COMMENT_MAX,
                }
                continue
            cleaned[(candidate.pk, criterion.pk)] = (value, comment)
        if errors:
            raise ValidationError(errors)
        changes = _write_scores(reviewer, candidates, criteria, cleaned)
        if submit:
            if not reviewer.scores.exclude(value=None).exists():
                raise ValidationError(_("Give at least one score before submitting the sheet."))
            reviewer.submitted_at = timezone.now()
            reviewer.save(update_fields=["submitted_at"])
            changes["submitted_at"] = [None, reviewer.submitted_at]
        if changes:
            record(
                AuditAction.UPDATE,
                actor=actor,
                engagement=engagement,
                obj=reviewer,
                object_repr=f"{engagement} · {_('score sheet')} · {reviewer.user}",
                changes=changes,
            )
    return reviewer


def _write_scores(
    reviewer: Reviewer,
    candidates: dict[int, Candidate],
    criteria: dict[int, Criterion],
    cleaned: dict[tuple[int, int], tuple[int | None, str]],
) -> dict[str, Any]:
    existing = {
        (s.candidate_id, s.criterion_id): s
        for s in reviewer.scores.filter(candidate__in=list(candidates))
    }
    changes: dict[str, Any] = {}
    for key, (value, comment) in cleaned.items():
        score = existing.get(key)
        before = (score.value, score.comment) if score else (None, "")
        if before == (value, comment):
            continue
        label = f"{candidates[key[0]].vendor.name} · {criteria[key[1]].name}"
        if value is None and not comment:
            if score is not None:
                score.delete()
        elif score is None:
            Score.objects.create(
                reviewer=reviewer,
                candidate_id=key[0],
                criterion_id=key[1],
                value=value,
                comment=comment,
            )
        else:
            score.value, score.comment = value, comment
            score.save(update_fields=["value", "comment", "updated_at"])
        if before[0] != value:
            changes[label] = [before[0], value]
        if before[1] != comment:
            changes[f"{label} · {_('comment')}"] = [before[1] or None, comment or None]
    return changes


def sheet_submit(*, actor: User, engagement: Engagement) -> Reviewer:
    return scores_save(actor=actor, engagement=engagement, scores=(), submit=True)


def sheet_reopen(*, actor: User, reviewer: Reviewer) -> Reviewer:
    """Open a submitted sheet again, so that its reviewer may change it."""
    engagement = reviewer.engagement
    with transaction.atomic():
        lock(engagement)
        check_open(engagement)
        reviewer = Reviewer.objects.select_for_update().get(pk=reviewer.pk)
        if reviewer.submitted_at is None:
            raise ValidationError(_("This sheet is not submitted: it is still open."))
        changes = {"submitted_at": [reviewer.submitted_at, None]}
        reviewer.submitted_at = None
        reviewer.save(update_fields=["submitted_at"])
        record(
            AuditAction.UPDATE,
            actor=actor,
            engagement=engagement,
            obj=reviewer,
            object_repr=f"{engagement} · {_('score sheet')} · {reviewer.user}",
            changes=changes,
        )
    return reviewer
