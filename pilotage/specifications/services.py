"""Every write of the specification: its sections, its published versions, the read links
of candidate vendors (and their reads). Each writes its audit entry in the same transaction."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core import audit
from pilotage.core.models import AuditAction, User
from pilotage.engagements.models import Engagement, Function, Stage, Vendor
from pilotage.engagements.services import engagement_change_stage
from pilotage.kpis import catalogue

from . import completeness, content
from .labels import schema_error
from .models import Specification, SpecShare, SpecVersion


def playbook_required(engagement: Engagement) -> bool:
    """The sales playbook is part of the specification of a prospection engagement; the
    others may write one."""
    return engagement.function == Function.PROSPECTION


def _locked_specification(*, actor: User | None, engagement: Engagement) -> Specification:
    """The engagement's specification, locked for the transaction; created on first write."""
    found = Specification.objects.select_for_update().filter(engagement=engagement).first()
    if found is not None:
        found.engagement = engagement
        return found
    spec = Specification(engagement=engagement, content={}, updated_by=actor)
    spec.full_clean()
    spec.save()
    audit.record(
        action=AuditAction.CREATE,
        organisation=engagement.organisation,
        actor=actor,
        obj=spec,
    )
    return spec


def _parse_section(section: str, data: Any) -> Any:
    if section not in content.SECTIONS:
        raise ValidationError({"section": _("Unknown section.")})
    try:
        parsed = content.section_from_dict(section, data)
    except content.SchemaError as e:
        raise ValidationError({e.path: schema_error(e)}) from None
    if section == "indicators":
        for i, item in enumerate(parsed.items):
            if item.code and item.code not in catalogue.BY_CODE:
                raise ValidationError(
                    {f"indicators.items[{i}].code": _("Not an indicator of the catalogue.")}
                )
    return parsed


def _store_section(
    *, actor: User, spec: Specification, section: str, parsed: Any
) -> dict[str, Any] | None:
    """Put ``parsed`` in the draft; the audit entry says what the section held before and
    after. Returns the section as stored, or None when nothing changed."""
    current = content.from_dict(spec.content)
    before = content.to_dict(getattr(current, section))
    after = content.to_dict(parsed)
    if before == after:
        return None
    spec.content = content.to_dict(content.with_section(current, section, parsed))
    spec.updated_by = actor
    spec.full_clean()
    spec.save()
    audit.record(
        action=AuditAction.UPDATE,
        organisation=spec.engagement.organisation,
        actor=actor,
        obj=spec,
        changes={"content": [{section: before}, {section: after}]},
    )
    return after


def section_save(
    *, actor: User, engagement: Engagement, section: str, data: Mapping[str, Any]
) -> Specification:
    """Store one section of the draft as written, complete or not (the completeness check
    says what is missing). Malformed values are refused, naming the field: nothing stored."""
    parsed = _parse_section(section, data)
    with transaction.atomic():
        spec = _locked_specification(actor=actor, engagement=engagement)
        _store_section(actor=actor, spec=spec, section=section, parsed=parsed)
    return spec


def _same_task(text: str) -> str:
    return " ".join(text.casefold().split())


def tasks_prefill(*, actor: User, engagement: Engagement, tasks: Sequence[str]) -> list[str]:
    """Append to the draft's tasks those not already there (the diagnostic's activities that
    go out, for instance). All or nothing: one task refused, none added. Returns those added."""
    if isinstance(tasks, str) or not all(isinstance(t, str) for t in tasks):
        raise ValidationError({"tasks": _("Give the tasks as a list of texts.")})
    with transaction.atomic():
        spec = _locked_specification(actor=actor, engagement=engagement)
        current = content.from_dict(spec.content).tasks.items
        seen = {_same_task(t) for t in current}
        added: list[str] = []
        for task in tasks:
            text = task.strip()
            if text and _same_task(text) not in seen:
                seen.add(_same_task(text))
                added.append(text)
        if not added:
            return []
        try:
            parsed = content.section_from_dict("tasks", {"items": [*current, *added]})
        except content.SchemaError as e:
            raise ValidationError({"tasks": schema_error(e)}) from None
        _store_section(actor=actor, spec=spec, section="tasks", parsed=parsed)
    return added


def version_publish(*, actor: User, engagement: Engagement, note: str = "") -> SpecVersion:
    """Freeze the draft as the next version (v1, v2…), with its completeness score and what
    changed since the version before. Allowed while incomplete; refused when nothing changed."""
    note = (note or "").strip()
    with transaction.atomic():
        spec = Specification.objects.select_for_update().filter(engagement=engagement).first()
        draft = content.from_dict(spec.content) if spec else content.Spec()
        if spec is None or draft == content.Spec():
            raise ValidationError(_("Nothing is written yet: write a section before publishing."))
        last = spec.versions.order_by("-number").first()
        diff: list[completeness.Change] = []
        if last is not None:
            diff = completeness.changes(last.spec, draft)
            if not diff:
                raise ValidationError(
                    _("Nothing changed since v%(number)s: there is nothing new to publish.")
                    % {"number": last.number}
                )
        report = completeness.check(draft, playbook_required=playbook_required(engagement))
        version = SpecVersion(
            specification=spec,
            number=last.number + 1 if last else 1,
            content=content.to_dict(draft),
            score=report.score,
            note=note,
            changes=[c.to_dict() for c in diff],
            published_at=timezone.now(),
            published_by=actor,
        )
        version.full_clean()
        version.save()
        audit.record(
            action=AuditAction.CREATE,
            organisation=engagement.organisation,
            actor=actor,
            obj=version,
            changes=audit.created(audit.snapshot(version, SpecVersion.AUDITED)),
        )
        # A published specification is what candidates are compared against.
        current = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if current.stage == Stage.SPECIFICATION:
            engagement_change_stage(actor=actor, engagement=current, stage=Stage.SELECTION)
            engagement.stage = Stage.SELECTION
    return version


def share_create(*, actor: User, engagement: Engagement, vendor: Vendor) -> SpecShare:
    """A secret read link for one candidate vendor: it shows the latest published version."""
    if vendor.organisation_id != engagement.organisation_id:
        raise ValidationError({"vendor": _("This vendor does not belong to the organisation.")})
    with transaction.atomic():
        spec = _locked_specification(actor=actor, engagement=engagement)
        if spec.shares.active().filter(vendor=vendor).exists():
            raise ValidationError(
                {"vendor": _("This vendor already has a link; revoke it first to make a new one.")}
            )
        share = SpecShare(
            specification=spec,
            vendor=vendor,
            token=secrets.token_urlsafe(32),
            created_by=actor,
        )
        share.full_clean()
        share.save()
        audit.record(  # the token itself is a secret: never written in the trail
            action=AuditAction.CREATE,
            organisation=engagement.organisation,
            actor=actor,
            obj=share,
            changes=audit.created(audit.snapshot(share, SpecShare.AUDITED)),
        )
    return share


def share_revoke(*, actor: User, share: SpecShare) -> SpecShare:
    with transaction.atomic():
        share = (
            SpecShare.objects.select_for_update()
            .select_related("vendor", "specification__engagement__organisation")
            .get(pk=share.pk)
        )
        if share.revoked_at is not None:
            raise ValidationError(_("This link is already revoked."))
        audit.save_changes(
            share,
            actor=actor,
            organisation=share.specification.engagement.organisation,
            fields=SpecShare.AUDITED,
            values={"revoked_at": timezone.now()},
        )
    return share


def share_read(*, share: SpecShare) -> SpecShare:
    """Count one read through the link, and note it in the trail."""
    with transaction.atomic():
        now = timezone.now()
        SpecShare.objects.filter(pk=share.pk).update(
            read_count=F("read_count") + 1, last_read_at=now
        )
        share.refresh_from_db(fields=["read_count", "last_read_at"])
        engagement = share.specification.engagement
        audit.record(
            action=AuditAction.VIEW,
            organisation=engagement.organisation,
            actor_label=share.vendor.name,
            obj=share,
            changes={"read_count": [share.read_count - 1, share.read_count]},
        )
    return share
