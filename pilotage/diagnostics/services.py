"""Every write of the diagnostic. Each runs in one transaction and records its audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core import audit
from pilotage.core.models import AuditAction, User
from pilotage.engagements.models import Engagement, Stage
from pilotage.engagements.services import engagement_change_stage

from . import advice, labels
from .models import Activity, Category, Diagnostic
from .usual import usual_activities

MAX_ACTIVITIES = 200
CENTS = Decimal("0.01")


def _cents(value: Any) -> Any:
    """Decimals as stored (two places), so that "14" and "14.00" are no change."""
    if isinstance(value, Decimal) and value.is_finite():
        return value.quantize(CENTS)
    return value


def _repr(activity: Activity) -> str:
    return f"{activity.engagement} · {activity.name}"


def _diagnostic_locked(engagement: Engagement) -> tuple[Diagnostic, bool]:
    """The engagement's diagnostic, locked for the transaction; created on the first write."""
    found = Diagnostic.objects.select_for_update().filter(engagement=engagement).first()
    if found is not None:
        return found, False
    diagnostic = Diagnostic(engagement=engagement)
    diagnostic.save()
    return diagnostic, True


def _touch(engagement: Engagement) -> Diagnostic:
    """Mark the diagnostic changed (an activity was written), creating it if need be."""
    diagnostic, _created = _diagnostic_locked(engagement)
    diagnostic.save(update_fields=["updated_at"])
    return diagnostic


def _set(instance: Any, audited: Iterable[str], values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``values`` and validate; the changes, empty when nothing changed (then the caller
    saves nothing: the "changed on" date of the diagnostic means a real change)."""
    audited = tuple(audited)
    before = audit.snapshot(instance, audited)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    return audit.diff(before, audit.snapshot(instance, audited))


def _same_name(engagement: Engagement, name: str, exclude_pk: int | None = None) -> bool:
    wanted = advice.fold(name.strip())
    others = engagement.activities.exclude(pk=exclude_pk).values_list("name", flat=True)
    return any(advice.fold(n.strip()) == wanted for n in others)


def _check_name(engagement: Engagement, name: str, exclude_pk: int | None = None) -> None:
    if name.strip() and _same_name(engagement, name, exclude_pk):
        raise ValidationError({"name": _("An activity of this name is already listed.")})


def _next_position(engagement: Engagement) -> int:
    top = engagement.activities.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _record_created(actor: User | None, activity: Activity) -> None:
    audit.record(
        action=AuditAction.CREATE,
        organisation=activity.engagement.organisation,
        actor=actor,
        obj=activity,
        object_repr=_repr(activity),
        changes=audit.created(audit.snapshot(activity, Activity.AUDITED)),
    )


def activity_create(
    *,
    actor: User,
    engagement: Engagement,
    name: str,
    description: str = "",
    hours: Decimal | None = None,
    leader_hours: Decimal | None = None,
    volume: int | None = None,
    volume_unit: str = "",
    category: str = "",
    documented: str = "",
    done_by: str = "",
) -> Activity:
    with transaction.atomic():
        _touch(engagement)
        if engagement.activities.count() >= MAX_ACTIVITIES:
            raise ValidationError(
                _("A diagnostic holds at most %(n)s activities.") % {"n": MAX_ACTIVITIES}
            )
        activity = Activity(
            engagement=engagement,
            position=_next_position(engagement),
            name=name.strip(),
            description=description.strip(),
            hours=_cents(hours),
            leader_hours=_cents(leader_hours),
            volume=volume,
            volume_unit=volume_unit.strip(),
            category=category or "",
            documented=documented or "",
            done_by=done_by.strip(),
        )
        activity.full_clean()
        _check_name(engagement, activity.name)
        activity.save()
        _record_created(actor, activity)
    return activity


def activity_update(*, actor: User, activity: Activity, **fields: Any) -> Activity:
    unknown = set(fields) - set(Activity.AUDITED)
    if unknown:
        raise TypeError(f"activity_update() got unexpected fields {sorted(unknown)}")
    for key in ("name", "description", "volume_unit", "done_by"):
        if isinstance(fields.get(key), str):
            fields[key] = fields[key].strip()
    for key in ("category", "documented"):
        if key in fields and fields[key] is None:
            fields[key] = ""
    for key in ("hours", "leader_hours"):
        if key in fields:
            fields[key] = _cents(fields[key])
    with transaction.atomic():
        locked = (
            Activity.objects.select_for_update().select_related("engagement").get(pk=activity.pk)
        )
        if "name" in fields:
            _check_name(locked.engagement, fields["name"], exclude_pk=locked.pk)
        changes = _set(locked, Activity.AUDITED, fields)
        if changes:
            _touch(locked.engagement)
            locked.save()
            audit.record(
                action=AuditAction.UPDATE,
                organisation=locked.engagement.organisation,
                actor=actor,
                obj=locked,
                object_repr=_repr(locked),
                changes=changes,
            )
    return locked


def activity_delete(*, actor: User, activity: Activity) -> None:
    with transaction.atomic():
        locked = (
            Activity.objects.select_for_update().select_related("engagement").get(pk=activity.pk)
        )
        values = audit.snapshot(locked, Activity.AUDITED)
        pk, what = locked.pk, _repr(locked)
        _touch(locked.engagement)
        locked.delete()
        audit.record(
            action=AuditAction.DELETE,
            organisation=locked.engagement.organisation,
            actor=actor,
            object_type="diagnostics.activity",
            object_id=str(pk),
            object_repr=what,
            changes=audit.deleted(values),
        )


def activities_add_usual(*, actor: User, engagement: Engagement) -> list[Activity]:
    """Add the usual activities of the engagement's function, each not decided yet (the
    suggestions say what they usually are); names already listed are skipped. All or
    nothing."""
    added: list[Activity] = []
    with transaction.atomic():
        _touch(engagement)
        taken = {
            advice.fold(n.strip()) for n in engagement.activities.values_list("name", flat=True)
        }
        position = _next_position(engagement)
        for usual in usual_activities(engagement.function):
            name = labels.usual_name(usual.code)
            if advice.fold(name) in taken:
                continue
            taken.add(advice.fold(name))
            activity = Activity(engagement=engagement, position=position, name=name)
            activity.full_clean()
            activity.save()
            _record_created(actor, activity)
            added.append(activity)
            position += 1
        if engagement.activities.count() > MAX_ACTIVITIES:
            raise ValidationError(
                _("A diagnostic holds at most %(n)s activities.") % {"n": MAX_ACTIVITIES}
            )
    return added


def suggestion_for(activity: Activity) -> advice.Suggestion | None:
    return advice.suggest(activity.name, activity.description, activity.engagement.function)


def activity_apply_suggestion(*, actor: User, activity: Activity) -> Activity:
    """Give the activity the class its name suggests."""
    found = suggestion_for(activity)
    if found is None:
        raise ValidationError(
            {"category": _("Nothing to suggest for this activity: choose its class yourself.")}
        )
    return activity_update(actor=actor, activity=activity, category=found.category)


def activities_apply_suggestions(*, actor: User, engagement: Engagement) -> list[Activity]:
    """Give every activity not decided yet the class its name suggests (those with no
    suggestion stay undecided). Returns the activities changed."""
    changed: list[Activity] = []
    with transaction.atomic():
        undecided = engagement.activities.select_for_update().filter(category="")
        for activity in undecided:
            activity.engagement = engagement
            found = suggestion_for(activity)
            if found is not None:
                changed.append(
                    activity_update(actor=actor, activity=activity, category=found.category)
                )
    return changed


def _save_diagnostic(
    *, actor: User, engagement: Engagement, fields: Iterable[str], values: dict[str, Any]
) -> Diagnostic:
    fields = tuple(fields)
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        diagnostic, created = _diagnostic_locked(engagement)
        if not created:
            changes = _set(diagnostic, Diagnostic.AUDITED, values)
            if changes:
                diagnostic.save()
                audit.record(
                    action=AuditAction.UPDATE,
                    organisation=engagement.organisation,
                    actor=actor,
                    obj=diagnostic,
                    changes=changes,
                )
            return diagnostic
        for name, value in values.items():
            setattr(diagnostic, name, value)
        diagnostic.full_clean()
        diagnostic.save()
        audit.record(
            action=AuditAction.CREATE,
            organisation=engagement.organisation,
            actor=actor,
            obj=diagnostic,
            changes=audit.created(audit.snapshot(diagnostic, Diagnostic.AUDITED)),
        )
    return diagnostic


def _texts(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v.strip() if isinstance(v, str) else ("" if v is None else v))
        for k, v in values.items()
    }


def readiness_update(*, actor: User, engagement: Engagement, answers: dict[str, Any]) -> Diagnostic:
    """Record the answers to the four questions (``firefighting``, ``scope``, ``indicators``,
    ``procedures``: "yes", "partly", "no" or "") and their comments (``<question>_note``)."""
    return _save_diagnostic(
        actor=actor, engagement=engagement, fields=Diagnostic.READINESS, values=_texts(answers)
    )


def risks_update(*, actor: User, engagement: Engagement, data: dict[str, Any]) -> Diagnostic:
    """Record the risks of failure: ``<area>_likelihood``, ``_impact`` ("low", "medium",
    "high" or ""), ``_cost`` (euros or None) and ``_mitigation`` for quality, cash, image."""
    values = {
        k: _cents(v) if k.endswith("_cost") else ("" if v is None else str(v).strip())
        for k, v in data.items()
    }
    return _save_diagnostic(
        actor=actor, engagement=engagement, fields=Diagnostic.RISKS, values=values
    )


def _feed_specification(*, actor: User, engagement: Engagement, activities: list[Activity]) -> None:
    """What goes out or is shared becomes the tasks of the specification's draft."""
    from pilotage.specifications.services import tasks_prefill

    tasks = []
    for activity in activities:
        if activity.category == Category.REPETITIVE:
            tasks.append(activity.name)
        elif activity.category == Category.SENSITIVE:
            tasks.append(
                _("%(activity)s (the vendor prepares and executes; the decision stays with us)")
                % {"activity": activity.name}
            )
    if tasks:
        tasks_prefill(actor=actor, engagement=engagement, tasks=tasks)


def diagnostic_conclude(*, actor: User, engagement: Engagement) -> Diagnostic:
    """Record that the diagnostic is done; an engagement still at the diagnostic stage moves
    on to its specification. Every listed activity must have its class."""
    with transaction.atomic():
        diagnostic, created = _diagnostic_locked(engagement)
        activities = list(engagement.activities.all())
        if not activities:
            raise ValidationError(_("List the activities of the function before concluding."))
        undecided = [a.name for a in activities if not a.category]
        if undecided:
            raise ValidationError(
                _("Class every activity before concluding; not decided yet: %(names)s.")
                % {"names": ", ".join(undecided)}
            )
        before = audit.snapshot(diagnostic, ("concluded_at", "concluded_by"))
        diagnostic.concluded_at = timezone.now()
        diagnostic.concluded_by = actor
        diagnostic.save()
        # The conclusion is the last change: later writes show the diagnostic changed since.
        diagnostic.concluded_at = diagnostic.updated_at
        Diagnostic.objects.filter(pk=diagnostic.pk).update(concluded_at=diagnostic.updated_at)
        audit.record(
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            organisation=engagement.organisation,
            actor=actor,
            obj=diagnostic,
            changes=audit.diff(
                before, audit.snapshot(diagnostic, ("concluded_at", "concluded_by"))
            ),
        )
        _feed_specification(actor=actor, engagement=engagement, activities=activities)
        current = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if current.stage == Stage.DIAGNOSTIC:
            engagement_change_stage(actor=actor, engagement=current, stage=Stage.SPECIFICATION)
            engagement.stage = Stage.SPECIFICATION
    return diagnostic
