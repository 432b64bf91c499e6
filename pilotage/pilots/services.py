"""Every write to a pilot: set-up, ramp-up plan, criteria and their agreement, measures typed
by hand, and the go/no-go decision. Each one transaction with its audit entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pilotage.core import audit
from pilotage.core.models import AuditAction, User
from pilotage.engagements.models import Engagement, Stage
from pilotage.engagements.services import engagement_change_stage
from pilotage.kpis import units
from pilotage.kpis.labels import unit_error
from pilotage.kpis.models import Indicator

from . import plan
from .models import Comparator, Criterion, Decision, Pilot, PilotDecision, RampStep, Rule

# Where a no-go sends the engagement: back to choosing a vendor, or out.
NO_GO_STAGES = (Stage.SELECTION, Stage.EXIT)


def _day(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


def _locked(pilot: Pilot) -> Pilot:
    return (
        Pilot.objects.select_for_update()
        .select_related("engagement", "organisation")
        .get(pk=pilot.pk)
    )


def _refuse_if_closed(pilot: Pilot) -> None:
    if pilot.closed:
        raise ValidationError(
            _("The pilot was decided (%(decision)s) on %(date)s: it no longer changes.")
            % {"decision": pilot.get_decision_display(), "date": _day(pilot.decided_at)}
        )


def _refuse_if_agreed(pilot: Pilot) -> None:
    if pilot.agreed:
        raise ValidationError(
            _(
                "The criteria were agreed on %(date)s: they can no longer change, or the "
                "go/no-go would lose its meaning."
            )
            % {"date": _day(pilot.criteria_agreed_at)}
        )


def check_criteria_open(pilot: Pilot) -> None:
    """Refuse (ValidationError) when the criteria may no longer change."""
    _refuse_if_closed(pilot)
    _refuse_if_agreed(pilot)


def _save_steps(*, actor: User | None, pilot: Pilot, months: int) -> None:
    """The default ramp-up for ``months`` months, keeping the notes of months that stay."""
    notes = dict(pilot.steps.values_list("month", "note"))
    pilot.steps.all().delete()
    steps = [
        RampStep(pilot=pilot, month=k, share=share, note=notes.get(k, ""))
        for k, share in enumerate(plan.default_shares(months), start=1)
    ]
    RampStep.objects.bulk_create(steps)


def _record(*, action: str, actor: User | None, pilot: Pilot, obj: Any, changes: dict) -> None:
    if changes:
        audit.record(
            action=action,
            organisation=pilot.organisation,
            actor=actor,
            obj=obj,
            object_repr=f"{pilot.engagement} · {obj}",
            changes=changes,
        )


# Set-up


def pilot_create(
    *,
    actor: User,
    engagement: Engagement,
    scope: str,
    volume: str = "",
    start_date: dt.date,
    end_date: dt.date,
    ramp_up_months: int = plan.DEFAULT_RAMP_MONTHS,
) -> Pilot:
    """Set up the pilot of ``engagement`` with an even ramp-up plan (33 / 66 / 100 % for three
    months); its criteria are added next and agreed before or as it starts."""
    with transaction.atomic():
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if Pilot.objects.filter(engagement=engagement).exists():
            raise ValidationError(_("This engagement already has its pilot."))
        pilot = Pilot(
            organisation=engagement.organisation,
            engagement=engagement,
            scope=(scope or "").strip(),
            volume=(volume or "").strip(),
            start_date=start_date,
            end_date=end_date,
            ramp_up_months=ramp_up_months,
        )
        pilot.full_clean()
        pilot.save()
        _save_steps(actor=actor, pilot=pilot, months=pilot.ramp_up_months)
        _record(
            action=AuditAction.CREATE,
            actor=actor,
            pilot=pilot,
            obj=pilot,
            changes=audit.created(audit.snapshot(pilot, Pilot.AUDITED)),
        )
    return pilot


EDITABLE = ("scope", "volume", "start_date", "end_date", "ramp_up_months")


def pilot_update(*, actor: User, pilot: Pilot, **fields: Any) -> Pilot:
    """Change the scope, volume, dates or ramp-up length. Once the criteria are agreed the
    dates stay as agreed (the pilot is extended through a decision)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"pilot_update() got unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        pilot = _locked(pilot)
        _refuse_if_closed(pilot)
        if pilot.agreed:
            moved = {
                name: _(
                    "The dates were agreed with the criteria on %(date)s; to go on longer, "
                    "extend the pilot from the decision page."
                )
                % {"date": _day(pilot.criteria_agreed_at)}
                for name in ("start_date", "end_date")
                if name in fields and fields[name] != getattr(pilot, name)
            }
            if moved:
                raise ValidationError(moved)
        for name in ("scope", "volume"):
            if name in fields:
                fields[name] = (fields[name] or "").strip()
        months = pilot.ramp_up_months
        audit.save_changes(
            pilot,
            actor=actor,
            organisation=pilot.organisation,
            fields=Pilot.AUDITED,
            values=fields,
        )
        if pilot.ramp_up_months != months:
            _save_steps(actor=actor, pilot=pilot, months=pilot.ramp_up_months)
    return pilot


@dataclass
class StepData:
    """One month of the ramp-up as a form sends it."""

    share: int | None
    note: str = ""


def ramp_save(*, actor: User, pilot: Pilot, steps: Sequence[StepData]) -> list[RampStep]:
    """Replace the shares and notes of the ramp-up months (one per month, in order). The
    shares go from 0 to 100 % and never go down; errors name ``share_<month>``."""
    with transaction.atomic():
        pilot = _locked(pilot)
        _refuse_if_closed(pilot)
        if len(steps) != pilot.ramp_up_months:
            raise ValidationError(
                _("The plan has %(count)s months: give a share for each.")
                % {"count": pilot.ramp_up_months}
            )
        messages = {
            "missing": _("Give the share of this month."),
            "range": _("A share lies between 0 and 100 %."),
            "decreasing": _("The share cannot go down from one month to the next."),
        }
        errors: dict[str, str] = {
            f"share_{k + 1}": messages[code]
            for k, code in plan.share_problems([s.share for s in steps]).items()
        }
        for k, step in enumerate(steps, start=1):
            if len((step.note or "").strip()) > 200:
                errors[f"note_{k}"] = _("At most 200 characters.")
        if errors:
            raise ValidationError(errors)
        existing = {s.month: s for s in pilot.steps.all()}
        saved = []
        for k, data in enumerate(steps, start=1):
            step = existing.get(k) or RampStep(pilot=pilot, month=k, share=0)
            before = audit.snapshot(step, RampStep.AUDITED) if step.pk else {}
            step.share, step.note = int(data.share or 0), (data.note or "").strip()
            step.full_clean()
            step.save()
            _record(
                action=AuditAction.UPDATE if before else AuditAction.CREATE,
                actor=actor,
                pilot=pilot,
                obj=step,
                changes=audit.diff(before, audit.snapshot(step, RampStep.AUDITED)),
            )
            saved.append(step)
        pilot.steps.filter(month__gt=len(steps)).delete()
    return saved


# Criteria


def read_threshold(
    text: str | Decimal | None, unit: str, *, scale: Decimal | None = None
) -> Decimal:
    try:
        return units.read(text, unit, scale=scale)
    except units.BadValue as e:
        raise ValidationError({"threshold": unit_error(e)}) from None


def criterion_save(
    *,
    actor: User,
    pilot: Pilot,
    criterion: Criterion | None = None,
    indicator: Indicator | None,
    comparator: str,
    threshold: str | Decimal,
    rule: str = Rule.AVERAGE,
    label: str = "",
    unit: str = "",
) -> Criterion:
    """Add (``criterion`` None) or change a criterion while the criteria are not agreed.
    ``threshold`` is read in the indicator's unit (``"45 j"``, ``"98 %"``); a criterion
    without indicator names its ``unit`` and gets its measure typed at the end."""
    with transaction.atomic():
        pilot = _locked(pilot)
        _refuse_if_closed(pilot)
        _refuse_if_agreed(pilot)
        errors: dict[str, str] = {}
        if criterion is not None and criterion.pilot_id != pilot.pk:
            raise ValidationError(_("This criterion belongs to another pilot."))
        if indicator is not None and indicator.engagement_id != pilot.engagement_id:
            raise ValidationError({"indicator": _("This indicator belongs to another engagement.")})
        unit = indicator.unit if indicator is not None else (unit or "")
        label = (label or "").strip() or (indicator.name if indicator is not None else "")
        if not label:
            errors["label"] = _("Name the criterion, or choose an indicator.")
        if unit not in units.UNITS:
            errors["unit"] = _("Choose the unit of the measure.")
        if comparator not in Comparator.values:
            errors["comparator"] = _("Choose “at most” or “at least”.")
        if rule not in Rule.values:
            errors["rule"] = _("Choose how the pilot's values are read.")
        if "unit" not in errors:
            try:
                value = read_threshold(
                    threshold, unit, scale=indicator.scale if indicator is not None else None
                )
            except ValidationError as e:
                errors.update({k: v[0] for k, v in e.message_dict.items()})
        if errors:
            raise ValidationError(errors)
        if criterion is None:
            top = pilot.criteria.aggregate(top=Max("position"))["top"]
            target = Criterion(pilot=pilot, position=(top or 0) + 1)
            before: dict[str, Any] = {}
        else:
            target = Criterion.objects.select_for_update().get(pk=criterion.pk)
            before = audit.snapshot(target, Criterion.AUDITED)
        target.indicator = indicator
        target.label, target.unit, target.comparator = label, unit, comparator
        target.threshold, target.rule = value, rule
        if indicator is not None:
            target.manual_value, target.manual_note = None, ""
        target.full_clean()
        target.save()
        after = audit.snapshot(target, Criterion.AUDITED)
        _record(
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            actor=actor,
            pilot=pilot,
            obj=target,
            changes=audit.diff(before, after) if before else audit.created(after),
        )
    return target


def criterion_delete(*, actor: User, criterion: Criterion) -> None:
    with transaction.atomic():
        pilot = _locked(criterion.pilot)
        _refuse_if_closed(pilot)
        _refuse_if_agreed(pilot)
        target = Criterion.objects.select_for_update().get(pk=criterion.pk, pilot=pilot)
        values = audit.snapshot(target, Criterion.AUDITED)
        repr_ = f"{pilot.engagement} · {target}"
        pk = target.pk
        target.delete()
        audit.record(
            action=AuditAction.DELETE,
            organisation=pilot.organisation,
            actor=actor,
            object_type="pilots.criterion",
            object_id=str(pk),
            object_repr=repr_,
            changes=audit.deleted(values),
        )


def criteria_agree(*, actor: User, pilot: Pilot) -> Pilot:
    """Freeze the criteria: from now on they are what the go/no-go is judged on."""
    with transaction.atomic():
        pilot = _locked(pilot)
        _refuse_if_closed(pilot)
        _refuse_if_agreed(pilot)
        if not pilot.criteria.exists():
            raise ValidationError(_("Add at least one criterion before agreeing on them."))
        before = audit.snapshot(pilot, Pilot.AUDITED)
        pilot.criteria_agreed_at = timezone.now()
        pilot.criteria_agreed_by = actor
        pilot.save(update_fields=["criteria_agreed_at", "criteria_agreed_by"])
        changes = audit.diff(before, audit.snapshot(pilot, Pilot.AUDITED))
        changes["criteria"] = [
            None,
            [
                f"{c.label}: {c.get_comparator_display()} {c.threshold.normalize()} ({c.rule})"
                for c in pilot.criteria.all()
            ],
        ]
        _record(action=AuditAction.UPDATE, actor=actor, pilot=pilot, obj=pilot, changes=changes)
    return pilot


def criterion_measure(
    *, actor: User, criterion: Criterion, value: str | Decimal, note: str
) -> Criterion:
    """The measure of a criterion that no indicator follows, typed with how it was taken."""
    with transaction.atomic():
        pilot = _locked(criterion.pilot)
        _refuse_if_closed(pilot)
        target = Criterion.objects.select_for_update().get(pk=criterion.pk, pilot=pilot)
        if target.indicator_id is not None:
            raise ValidationError(_("This criterion is measured by its indicator's values."))
        errors: dict[str, str] = {}
        try:
            amount = units.read(value, target.unit)
        except units.BadValue as e:
            errors["value"] = unit_error(e)
        if not (note or "").strip():
            errors["note"] = _("Say how and when it was measured.")
        if errors:
            raise ValidationError(errors)
        before = audit.snapshot(target, Criterion.AUDITED)
        target.manual_value, target.manual_note = amount, note.strip()
        target.full_clean()
        target.save()
        _record(
            action=AuditAction.UPDATE,
            actor=actor,
            pilot=pilot,
            obj=target,
            changes=audit.diff(before, audit.snapshot(target, Criterion.AUDITED)),
        )
    return target


# The decision


def decide(
    *,
    actor: User,
    pilot: Pilot,
    decision: str,
    reasons: str,
    new_end_date: dt.date | None = None,
    early: bool = False,
    back_to: str = Stage.SELECTION,
    today: dt.date | None = None,
) -> PilotDecision:
    """Go (the engagement moves to run), no-go (back to ``back_to``: selection or exit) or
    extend (to ``new_end_date``, the pilot goes on). On agreed criteria only, with reasons;
    before the end date only when ``early`` says the owner means it."""
    from .selectors import results_of  # the measure at this moment, kept with the decision

    today = today or timezone.localdate()
    reasons = (reasons or "").strip()
    with transaction.atomic():
        pilot = _locked(pilot)
        _refuse_if_closed(pilot)
        if not pilot.agreed:
            raise ValidationError(
                _("Agree the criteria first: the decision is taken against them.")
            )
        errors: dict[str, str] = {}
        if decision not in (Decision.GO, Decision.NO_GO, Decision.EXTENDED):
            errors["decision"] = _("Choose go, no-go or extend.")
        if not reasons:
            errors["reasons"] = _("Write the reasons: they stay on the pilot's page.")
        if decision == Decision.EXTENDED:
            if new_end_date is None:
                errors["new_end_date"] = _("Give the new end date.")
            elif new_end_date <= pilot.end_date:
                errors["new_end_date"] = _(
                    "The new end date must come after the current one (%(date)s)."
                ) % {"date": date_format(pilot.end_date, "SHORT_DATE_FORMAT")}
            elif new_end_date > plan.latest_end(pilot.start_date):
                errors["new_end_date"] = _(
                    "A pilot lasts at most %(months)s months: end it by %(date)s at the latest."
                ) % {
                    "months": plan.MAX_MONTHS,
                    "date": date_format(plan.latest_end(pilot.start_date), "SHORT_DATE_FORMAT"),
                }
        elif decision in (Decision.GO, Decision.NO_GO) and today < pilot.end_date and not early:
            errors["early"] = _(
                "The pilot runs until %(date)s: to decide now, tick “decide early” and say why "
                "in the reasons."
            ) % {"date": date_format(pilot.end_date, "SHORT_DATE_FORMAT")}
        if decision == Decision.NO_GO and back_to not in NO_GO_STAGES:
            errors["back_to"] = _("Choose where the engagement goes: selection or exit.")
        if errors:
            raise ValidationError(errors)

        board = results_of(pilot)
        now = timezone.now()
        engagement = pilot.engagement
        stage = ""
        if decision == Decision.GO and Stage.order(engagement.stage) < Stage.order(Stage.RUN):
            stage = Stage.RUN
        elif decision == Decision.NO_GO and engagement.stage != back_to:
            stage = back_to
        record = PilotDecision.objects.create(
            pilot=pilot,
            decision=decision,
            reasons=reasons,
            early=bool(early) and decision != Decision.EXTENDED and today < pilot.end_date,
            previous_end_date=pilot.end_date,
            new_end_date=new_end_date if decision == Decision.EXTENDED else None,
            stage=stage,
            recommendation=board.recommendation.verdict,
            results=[row.as_json() for row in board.rows],
            by=actor,
            at=now,
        )
        before = audit.snapshot(pilot, Pilot.AUDITED)
        pilot.decision, pilot.decision_reasons = decision, reasons
        pilot.decided_by, pilot.decided_at = actor, now
        if decision == Decision.EXTENDED:
            pilot.end_date = new_end_date
        pilot.full_clean()
        pilot.save()
        changes = audit.diff(before, audit.snapshot(pilot, Pilot.AUDITED))
        changes["recommendation"] = [None, board.recommendation.verdict]
        if record.early:
            changes["early"] = [None, True]
        _record(action=AuditAction.UPDATE, actor=actor, pilot=pilot, obj=pilot, changes=changes)
        if stage:
            label = Decision(decision).label
            engagement_change_stage(
                actor=actor,
                engagement=engagement,
                stage=stage,
                note=_("Pilot decision: %(decision)s. %(reasons)s")
                % {"decision": label, "reasons": reasons},
            )
    return record
