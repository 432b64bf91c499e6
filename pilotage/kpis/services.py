"""Every write of the indicator capability: settings, indicators, values (submitted,
validated, contested, recorded, imported), the leader's time. Each writes its audit entry
in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core import audit
from pilotage.core.models import AuditAction, Membership, Role, User
from pilotage.core.permissions import can
from pilotage.engagements.models import Engagement
from pilotage.lib import uploads

from . import catalogue, periods, units
from .labels import period_label, unit_error
from .models import (
    Indicator,
    KpiSettings,
    Source,
    Value,
    ValueAction,
    ValueEvent,
    ValueStatus,
)
from .tasks import refresh_soon


def settings_of(engagement: Engagement) -> KpiSettings:
    found, _created = KpiSettings.objects.get_or_create(
        engagement=engagement, defaults={"reminder_days": KpiSettings.DEFAULT_REMINDERS}
    )
    return found


def settings_update(*, actor: User, engagement: Engagement, data: dict[str, Any]) -> KpiSettings:
    days = data.get("reminder_days")
    if days is not None and (
        len(days) > 10 or any(not isinstance(d, int) or not -30 <= d <= 60 for d in days)
    ):
        raise ValidationError(
            {"reminder_days": _("Give at most ten whole numbers of days, from -30 to 60.")}
        )
    with transaction.atomic():
        current = KpiSettings.objects.select_for_update().get(pk=settings_of(engagement).pk)
        values = {k: v for k, v in data.items() if k in KpiSettings.AUDITED}
        if "reminder_days" in values:
            values["reminder_days"] = sorted(set(values["reminder_days"]))
        audit.save_changes(
            current,
            actor=actor,
            organisation=engagement.organisation,
            fields=KpiSettings.AUDITED,
            values=values,
        )
    return current


# Indicators


def check_thresholds(direction: int, target: Decimal | None, red: Decimal | None) -> None:
    if red is None:
        return
    if target is None:
        raise ValidationError({"target": _("A red threshold needs a target: give the target.")})
    if (red - target) * direction > 0:
        raise ValidationError(
            {
                "red": _(
                    "The red threshold must lie on the worse side of the target: at or below it "
                    "when higher is better, at or above it when lower is better."
                )
            }
        )


def _first_period(engagement: Engagement, frequency: str, today: dt.date) -> dt.date:
    return periods.start_of(engagement.start_date or today, frequency)


def _next_position(engagement: Engagement) -> int:
    top = engagement.indicators.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _create(*, actor: User | None, engagement: Engagement, **fields: Any) -> Indicator:
    check_thresholds(fields["direction"], fields.get("target"), fields.get("red"))
    if fields.get("scale") is not None and fields["unit"] != units.SCORE:
        fields["scale"] = None
    if Indicator.objects.filter(engagement=engagement, name__iexact=fields["name"]).exists():
        raise ValidationError({"name": _("This engagement already has an indicator of that name.")})
    today = timezone.localdate()
    fields.setdefault("since", _first_period(engagement, fields["frequency"], today))
    fields["since"] = periods.start_of(fields["since"], fields["frequency"])
    with transaction.atomic():
        indicator = Indicator(
            organisation=engagement.organisation,
            engagement=engagement,
            position=_next_position(engagement),
            **fields,
        )
        indicator.full_clean()
        indicator.save()
        audit.record(
            action=AuditAction.CREATE,
            organisation=engagement.organisation,
            actor=actor,
            obj=indicator,
            changes=audit.created(audit.snapshot(indicator, Indicator.AUDITED)),
        )
        if indicator.source == Source.COMPUTED:
            refresh_soon(engagement.pk)
    return indicator


def template_add(
    *, actor: User | None, engagement: Engagement, code: str, owner: User | None = None
) -> Indicator:
    """Add the catalogue's indicator ``code`` with its suggested target and thresholds."""
    template = catalogue.BY_CODE.get(code)
    if template is None or not (
        engagement.function in template.functions or catalogue.ANY in template.functions
    ):
        raise ValidationError(_("This indicator is not in the catalogue of this function."))
    if Indicator.objects.filter(engagement=engagement, template=code).exists():
        raise ValidationError(_("This engagement already follows that indicator."))
    return _create(
        actor=actor,
        engagement=engagement,
        template=code,
        name=str(template.name),
        definition=str(template.definition),
        unit=template.unit,
        direction=template.direction,
        target=template.target,
        red=template.red,
        frequency=template.frequency,
        source=template.source,
        computed=template.computed,
        aspect=template.aspect,
        owner=owner or engagement.referent,
    )


def indicator_create(*, actor: User, engagement: Engagement, data: dict[str, Any]) -> Indicator:
    """An indicator of the referent's own making (never computed: Pilotage computes only the
    catalogue's)."""
    if data.get("source") == Source.COMPUTED:
        raise ValidationError(
            {"source": _("Only the catalogue's indicators are computed by Pilotage.")}
        )
    return _create(actor=actor, engagement=engagement, **data)


def indicator_update(*, actor: User, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    # Compared with what is stored (a bound form may already have changed the object given).
    indicator = Indicator.objects.select_related("engagement").get(pk=indicator.pk)
    data = {k: v for k, v in data.items() if k in Indicator.AUDITED}
    if indicator.template:
        # What a catalogue indicator is stays the catalogue's; its targets and people are free.
        for fixed in ("unit", "direction", "source"):
            data.pop(fixed, None)
    elif data.get("source") == Source.COMPUTED:
        raise ValidationError(
            {"source": _("Only the catalogue's indicators are computed by Pilotage.")}
        )
    if indicator.is_leader_time:
        data.pop("active", None)  # every engagement keeps it
    merged = {f: data.get(f, getattr(indicator, f)) for f in ("direction", "target", "red")}
    check_thresholds(merged["direction"], merged["target"], merged["red"])
    name = data.get("name", indicator.name)
    if (
        Indicator.objects.filter(engagement=indicator.engagement, name__iexact=name)
        .exclude(pk=indicator.pk)
        .exists()
    ):
        raise ValidationError({"name": _("This engagement already has an indicator of that name.")})
    frequency = data.get("frequency", indicator.frequency)
    if frequency != indicator.frequency and indicator.values.exists():
        raise ValidationError(
            {"frequency": _("Values were given for this indicator: its frequency stays.")}
        )
    if "since" in data and data["since"]:
        data["since"] = periods.start_of(data["since"], frequency)
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        audit.save_changes(
            indicator,
            actor=actor,
            organisation=indicator.organisation,
            fields=Indicator.AUDITED,
            values=data,
        )
    return indicator


def leader_time_ensure(*, engagement: Engagement, actor: User | None = None) -> Indicator:
    """Every engagement carries the time its leader spends steering it."""
    found = Indicator.objects.filter(engagement=engagement, template=catalogue.LEADER_TIME).first()
    if found:
        return found
    owner = (
        Membership.objects.active()
        .filter(organisation=engagement.organisation, role=Role.OWNER)
        .order_by("pk")
        .values_list("user", flat=True)
        .first()
    )
    return template_add(
        actor=actor,
        engagement=engagement,
        code=catalogue.LEADER_TIME,
        owner=User.objects.filter(pk=owner).first() if owner else None,
    )


# Values


@dataclass
class Entry:
    """One value to give: for ``indicator`` and ``period``, the text typed (or a number)."""

    indicator: Indicator
    period: dt.date
    value: Any
    comment: str = ""
    evidence: UploadedFile | None = None
    field: str = "value"  # the form field errors are shown on


def _insider(membership: Membership) -> bool:
    return membership.role in (Role.OWNER, Role.REFERENT)


def may_enter(membership: Membership, indicator: Indicator) -> bool:
    """The vendor gives its own indicators; the people running the engagement give the
    internal ones, and the vendor's when it sends them another way. Nobody types a computed one."""
    if indicator.source == Source.COMPUTED or not indicator.active:
        return False
    if membership.role == Role.VENDOR:
        return (
            indicator.source == Source.VENDOR
            and bool(membership.vendor_id)
            and indicator.engagement.vendor_id == membership.vendor_id
        )
    if membership.role == Role.OWNER:
        return True
    return (
        membership.role == Role.REFERENT and indicator.engagement.referent_id == membership.user_id
    )


def may_review(membership: Membership, value: Value) -> bool:
    return can(membership, "kpis.manage", value.indicator.engagement)


def period_problem(indicator: Indicator, period: dt.date, today: dt.date) -> str | None:
    """Why no value can be given for ``period`` (None when it can)."""
    engagement = indicator.engagement
    frequency = indicator.frequency
    label = period_label(period, frequency)
    if not periods.is_start(period, frequency):
        return _("%(period)s does not start a period of this indicator.") % {"period": label}
    if period > today:
        return _("%(period)s has not begun: its value cannot be known yet.") % {"period": label}
    if indicator.source == Source.VENDOR and periods.end_of(period, frequency) >= today:
        return _("%(period)s is not over: its value is given once it ends.") % {"period": label}
    start, end = engagement.start_date, engagement.end_date
    if start and periods.end_of(period, frequency) < start:
        return _("%(period)s is before the work started (%(date)s).") % {
            "period": label,
            "date": start.strftime("%d/%m/%Y"),
        }
    if end and period > end:
        return _("%(period)s is after the work ended (%(date)s).") % {
            "period": label,
            "date": end.strftime("%d/%m/%Y"),
        }
    return None


def _evidence_problem(file: UploadedFile | None) -> str | None:
    if file is None:
        return None
    try:
        uploads.check_file(file, file.name or "", file.size or 0)
    except uploads.BadUpload as e:
        if e.code == "size":
            return _("The evidence file is larger than %(size)s MB.") % {
                "size": e.max_bytes // (1024 * 1024)
            }
        if e.code == "empty":
            return _("The evidence file is empty.")
        if e.code == "type":
            return _(
                "Evidence may be a PDF, a spreadsheet (XLSX, CSV) or an image (PNG, JPEG, WebP)."
            )
        return _("The evidence file is not what its name says (%(name)s).") % {"name": file.name}
    return None


@dataclass
class _Plan:
    entry: Entry
    amount: Decimal
    existing: Value | None
    action: str
    status: str
    due: dt.date | None
    late: bool


def _plan(membership: Membership, entry: Entry, today: dt.date, due_days: int) -> _Plan:
    indicator = entry.indicator
    if not may_enter(membership, indicator):
        if indicator.source == Source.COMPUTED:
            raise ValidationError(
                _("%(name)s is computed by Pilotage from the imported data.") % {"name": indicator}
            )
        raise ValidationError(_("You may not give the values of %(name)s.") % {"name": indicator})
    problem = period_problem(indicator, entry.period, today)
    if problem:
        raise ValidationError(problem)
    try:
        amount = units.read(entry.value, indicator.unit, scale=indicator.scale)
    except units.BadValue as e:
        raise ValidationError(unit_error(e)) from None
    problem = _evidence_problem(entry.evidence)
    if problem:
        raise ValidationError(problem)
    existing = (
        Value.objects.select_for_update().filter(indicator=indicator, period=entry.period).first()
    )
    from_vendor = membership.role == Role.VENDOR
    due = periods.due_on(entry.period, indicator.frequency, due_days)
    if existing is None:
        action = ValueAction.SUBMITTED if from_vendor else ValueAction.RECORDED
    elif from_vendor and existing.status != ValueStatus.CONTESTED:
        when = timezone.localtime(existing.submitted_at).strftime("%d/%m/%Y")
        raise ValidationError(
            _(
                "The value of %(name)s for %(period)s was already given on %(date)s; "
                "it can be given again only if it is contested."
            )
            % {
                "name": indicator,
                "period": period_label(entry.period, indicator.frequency),
                "date": when,
            }
        )
    else:
        action = ValueAction.RESUBMITTED if from_vendor else ValueAction.CORRECTED
    return _Plan(
        entry=entry,
        amount=amount,
        existing=existing,
        action=action,
        status=ValueStatus.SUBMITTED if from_vendor else ValueStatus.RECORDED,
        due=due if indicator.source == Source.VENDOR else None,
        # A value given again after a contest is as late as it was the first time.
        late=from_vendor
        and (existing.late if action == ValueAction.RESUBMITTED and existing else today > due),
    )


def values_submit(
    *,
    actor: User,
    membership: Membership,
    entries: list[Entry],
    today: dt.date | None = None,
) -> list[Value]:
    """Give several values at once (a period's form, an import): all are checked first, and
    if any is refused nothing is stored; the errors name the field of each."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        due_days: dict[int, int] = {}
        plans = []
        seen: set[tuple[int, dt.date]] = set()
        for entry in entries:
            key = (entry.indicator.pk, entry.period)
            if key in seen:
                errors.setdefault(entry.field, []).append(
                    _("%(name)s, %(period)s is given twice.")
                    % {
                        "name": entry.indicator,
                        "period": period_label(entry.period, entry.indicator.frequency),
                    }
                )
                continue
            seen.add(key)
            engagement = entry.indicator.engagement
            if engagement.pk not in due_days:
                due_days[engagement.pk] = settings_of(engagement).due_days
            try:
                plans.append(_plan(membership, entry, today, due_days[engagement.pk]))
            except ValidationError as e:
                errors.setdefault(entry.field, []).extend(e.messages)
        if errors:
            raise ValidationError(errors)
        return [_write(actor, plan) for plan in plans]


def value_submit(
    *, actor: User, membership: Membership, entry: Entry, today: dt.date | None = None
) -> Value:
    return values_submit(actor=actor, membership=membership, entries=[entry], today=today)[0]


def _write(actor: User | None, plan: _Plan) -> Value:
    entry, now = plan.entry, timezone.now()
    indicator = entry.indicator
    value = plan.existing or Value(
        organisation=indicator.organisation, indicator=indicator, period=entry.period
    )
    before = audit.snapshot(value, Value.AUDITED) if plan.existing else None
    value.value = plan.amount
    value.comment = entry.comment.strip()
    value.status = plan.status
    value.submitted_by = actor
    value.submitted_at = now
    value.due_on = plan.due
    value.late = plan.late
    value.reviewed_by, value.reviewed_at, value.contest_reason = None, None, ""
    if entry.evidence is not None:
        if value.evidence:
            value.evidence.delete(save=False)
        value.evidence_name = (entry.evidence.name or "")[-255:]
        value.evidence.save(entry.evidence.name or "evidence", entry.evidence, save=False)
    value.save()
    ValueEvent.objects.create(
        value=value,
        action=plan.action,
        at=now,
        by=actor,
        amount=plan.amount,
        comment=value.comment,
        late=plan.late,
    )
    after = audit.snapshot(value, Value.AUDITED)
    audit.record(
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        organisation=indicator.organisation,
        actor=actor,
        obj=value,
        changes=audit.diff(before, after) if before else audit.created(after),
    )
    return value


def value_review(*, actor: User, value: Value, accept: bool, reason: str = "") -> Value:
    """The referent validates a submitted value, or contests it with a reason."""
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Say why the value is contested.")})
    with transaction.atomic():
        value = Value.objects.select_for_update().select_related("indicator").get(pk=value.pk)
        if value.status != ValueStatus.SUBMITTED:
            raise ValidationError(
                _("Only a value awaiting validation can be validated or contested.")
            )
        before = audit.snapshot(value, Value.AUDITED)
        now = timezone.now()
        value.status = ValueStatus.VALIDATED if accept else ValueStatus.CONTESTED
        value.contest_reason = "" if accept else reason
        value.reviewed_by, value.reviewed_at = actor, now
        value.save()
        ValueEvent.objects.create(
            value=value,
            action=ValueAction.VALIDATED if accept else ValueAction.CONTESTED,
            at=now,
            by=actor,
            amount=value.value,
            comment=reason,
        )
        audit.record(
            action=AuditAction.UPDATE,
            organisation=value.organisation,
            actor=actor,
            obj=value,
            changes=audit.diff(before, audit.snapshot(value, Value.AUDITED)),
        )
    return value


def leader_time_add(
    *,
    actor: User,
    membership: Membership,
    engagement: Engagement,
    hours: Decimal,
    today: dt.date | None = None,
) -> Value:
    """Add ``hours`` to the time the leader spent this month steering ``engagement``."""
    today = today or timezone.localdate()
    if not Decimal(0) < hours <= Decimal(200):
        raise ValidationError({"hours": _("Give between a few minutes and 200 hours.")})
    indicator = leader_time_ensure(engagement=engagement, actor=actor)
    indicator.engagement = engagement
    period = periods.start_of(today, indicator.frequency)
    with transaction.atomic():
        current = (
            Value.objects.select_for_update()
            .filter(indicator=indicator, period=period)
            .values_list("value", flat=True)
            .first()
        )
        total = (current or Decimal(0)) + hours
        return values_submit(
            actor=actor,
            membership=membership,
            entries=[Entry(indicator, period, total, field="hours")],
            today=today,
        )[0]
