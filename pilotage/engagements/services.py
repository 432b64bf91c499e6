"""Every write to vendors and engagements. Each records its audit entry in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core import audit
from pilotage.core.models import AuditAction, Membership, Organisation, Role, User
from pilotage.kpis.services import leader_time_ensure
from pilotage.lib.siren import normalise_siren

from .models import Engagement, Stage, StageChange, Vendor, VendorContact


@dataclass
class ContactData:
    """One contact row as a form or the API sends it; ``id`` None for a new one."""

    name: str
    position: str = ""
    email: str = ""
    phone: str = ""
    id: int | None = None
    delete: bool = False


def _check_vendor_siren(*, org: Organisation, siren: str, exclude_pk: int | None = None) -> str:
    siren = normalise_siren(siren)
    if siren:
        clash = Vendor.objects.filter(organisation=org, siren=siren).exclude(pk=exclude_pk)
        if clash.exists():
            raise ValidationError(
                {"siren": _("Another vendor of the organisation has this SIREN.")}
            )
    return siren


def _save_contacts(*, actor: User, vendor: Vendor, contacts: Sequence[ContactData]) -> None:
    existing = {c.pk: c for c in vendor.contacts.all()}
    for data in contacts:
        if data.id is not None:
            contact = existing.get(data.id)
            if contact is None:
                raise ValidationError(_("Unknown contact."))
            if data.delete:
                values = audit.snapshot(contact, VendorContact.AUDITED)
                contact.delete()
                audit.record(
                    action=AuditAction.DELETE,
                    organisation=vendor.organisation,
                    actor=actor,
                    object_type="engagements.vendorcontact",
                    object_id=str(data.id),
                    object_repr=f"{vendor} · {values['name']}",
                    changes=audit.deleted(values),
                )
                continue
            before = audit.snapshot(contact, VendorContact.AUDITED)
            contact.name, contact.position = data.name, data.position
            contact.email, contact.phone = data.email, data.phone
            contact.full_clean(exclude=["vendor"])
            contact.save()
            changes = audit.diff(before, audit.snapshot(contact, VendorContact.AUDITED))
            if changes:
                audit.record(
                    action=AuditAction.UPDATE,
                    organisation=vendor.organisation,
                    actor=actor,
                    obj=contact,
                    object_repr=f"{vendor} · {contact}",
                    changes=changes,
                )
        elif not data.delete and data.name.strip():
            contact = VendorContact(
                vendor=vendor,
                name=data.name,
                position=data.position,
                email=data.email,
                phone=data.phone,
            )
            contact.full_clean(exclude=["vendor"])
            contact.save()
            audit.record(
                action=AuditAction.CREATE,
                organisation=vendor.organisation,
                actor=actor,
                obj=contact,
                object_repr=f"{vendor} · {contact}",
                changes=audit.created(audit.snapshot(contact, VendorContact.AUDITED)),
            )


def vendor_create(
    *,
    actor: User,
    org: Organisation,
    name: str,
    kind: str,
    siren: str = "",
    website: str = "",
    address: str = "",
    notes: str = "",
    contacts: Sequence[ContactData] = (),
) -> Vendor:
    with transaction.atomic():
        siren = _check_vendor_siren(org=org, siren=siren)
        vendor = Vendor(
            organisation=org,
            name=name,
            kind=kind,
            siren=siren,
            website=website,
            address=address,
            notes=notes,
        )
        vendor.full_clean()
        vendor.save()
        audit.record(
            action=AuditAction.CREATE,
            organisation=org,
            actor=actor,
            obj=vendor,
            changes=audit.created(audit.snapshot(vendor, Vendor.AUDITED)),
        )
        _save_contacts(actor=actor, vendor=vendor, contacts=contacts)
    return vendor


def vendor_update(
    *, actor: User, vendor: Vendor, contacts: Sequence[ContactData] = (), **fields: Any
) -> Vendor:
    unknown = set(fields) - set(Vendor.AUDITED)
    if unknown:
        raise TypeError(f"vendor_update() got unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
        if "siren" in fields:
            fields["siren"] = _check_vendor_siren(
                org=vendor.organisation, siren=fields["siren"], exclude_pk=vendor.pk
            )
        audit.save_changes(
            vendor,
            actor=actor,
            organisation=vendor.organisation,
            fields=Vendor.AUDITED,
            values=fields,
        )
        _save_contacts(actor=actor, vendor=vendor, contacts=contacts)
    return vendor


def _check_people(*, org: Organisation, vendor: Vendor | None, referent: User | None) -> None:
    errors: dict[str, str] = {}
    if vendor is not None and vendor.organisation_id != org.pk:
        errors["vendor"] = _("This vendor does not belong to the organisation.")
    if referent is not None:
        ok = (
            Membership.objects.active()
            .filter(organisation=org, user=referent, role__in=[Role.OWNER, Role.REFERENT])
            .exists()
        )
        if not ok:
            errors["referent"] = _(
                "The referent must be an active owner or referent of the organisation."
            )
    if errors:
        raise ValidationError(errors)


def engagement_create(
    *,
    actor: User,
    org: Organisation,
    title: str,
    function: str,
    kind: str,
    vendor: Vendor | None = None,
    referent: User | None = None,
    objectives: str = "",
    stage: str = Stage.DIAGNOSTIC,
    stage_due_on: dt.date | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> Engagement:
    _check_people(org=org, vendor=vendor, referent=referent)
    with transaction.atomic():
        engagement = Engagement(
            organisation=org,
            title=title,
            function=function,
            kind=kind,
            vendor=vendor,
            referent=referent,
            objectives=objectives,
            stage=stage,
            stage_due_on=stage_due_on,
            start_date=start_date,
            end_date=end_date,
            stage_changed_at=timezone.now(),
        )
        engagement.full_clean()
        engagement.save()
        StageChange.objects.create(
            engagement=engagement,
            from_stage="",
            to_stage=stage,
            at=engagement.stage_changed_at,
            by=actor,
        )
        audit.record(
            action=AuditAction.CREATE,
            organisation=org,
            actor=actor,
            obj=engagement,
            changes=audit.created(audit.snapshot(engagement, Engagement.AUDITED)),
        )
        leader_time_ensure(engagement=engagement, actor=actor)
    return engagement


def engagement_update(*, actor: User, engagement: Engagement, **fields: Any) -> Engagement:
    """Change an engagement's description. The stage moves only through :func:`engagement_change_stage`."""
    allowed = set(Engagement.AUDITED) - {"stage"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"engagement_update() got unexpected fields {sorted(unknown)}")
    _check_people(
        org=engagement.organisation,
        vendor=fields.get("vendor", engagement.vendor),
        referent=fields.get("referent", engagement.referent),
    )
    with transaction.atomic():
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        audit.save_changes(
            engagement,
            actor=actor,
            organisation=engagement.organisation,
            fields=Engagement.AUDITED,
            values=fields,
        )
    return engagement


def engagement_change_stage(
    *,
    actor: User,
    engagement: Engagement,
    stage: str,
    note: str = "",
    stage_due_on: dt.date | None = None,
) -> Engagement:
    """Move an engagement to another stage; going back (a no-go after a pilot…) needs a reason."""
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown stage.")})
    with transaction.atomic():
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if stage == engagement.stage:
            raise ValidationError({"stage": _("The engagement is already at this stage.")})
        backwards = Stage.order(stage) < Stage.order(engagement.stage)
        if backwards and not note.strip():
            raise ValidationError(
                {"note": _("Say why the engagement goes back to an earlier stage.")}
            )
        before = audit.snapshot(engagement, ("stage", "stage_due_on"))
        now = timezone.now()
        StageChange.objects.create(
            engagement=engagement,
            from_stage=engagement.stage,
            to_stage=stage,
            at=now,
            by=actor,
            note=note.strip(),
        )
        engagement.stage = stage
        engagement.stage_due_on = stage_due_on
        engagement.stage_changed_at = now
        engagement.save(update_fields=["stage", "stage_due_on", "stage_changed_at"])
        changes = audit.diff(before, audit.snapshot(engagement, ("stage", "stage_due_on")))
        if note.strip():
            changes["note"] = [None, note.strip()]
        audit.record(
            action=AuditAction.UPDATE,
            organisation=engagement.organisation,
            actor=actor,
            obj=engagement,
            changes=changes,
        )
    return engagement
