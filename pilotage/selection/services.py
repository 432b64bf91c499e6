"""Every write of the selection: criteria, candidates, reviewers, red flags, exchanges with
the candidates, and the decision; the score sheets live in :mod:`.sheets` and are reached
from here too. Each writes its audit entry in the same transaction. Once the choice is made
the selection is a record: nothing changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from pilotage.core import audit
from pilotage.core.models import AuditAction, Membership, Role, User
from pilotage.engagements import services as eng_services
from pilotage.engagements.models import Engagement, Stage, Vendor

from . import catalogue
from .base import check_open, lock, record, when
from .base import current_decision as current_decision
from .models import (
    DECIDED,
    IN_RUNNING,
    Candidate,
    CandidateStatus,
    Criterion,
    Decision,
    Interaction,
    RedFlag,
    Reviewer,
)
from .sheets import ScoreInput as ScoreInput
from .sheets import comment_field as comment_field
from .sheets import parse_score as parse_score
from .sheets import reviewer_of as reviewer_of
from .sheets import score_field as score_field
from .sheets import scores_save as scores_save
from .sheets import sheet_reopen as sheet_reopen
from .sheets import sheet_submit as sheet_submit

# Criteria


def criteria_ensure(*, actor: User | None, engagement: Engagement) -> list[Criterion]:
    """The engagement's criteria; the first time, those of the catalogue for its function."""
    existing = list(engagement.selection_criteria.all())
    if existing:
        return existing
    with transaction.atomic():
        lock(engagement)
        existing = list(engagement.selection_criteria.all())
        if existing:
            return existing
        for position, template in enumerate(catalogue.criteria_for(engagement.function)):
            criterion = Criterion(
                engagement=engagement, code=template.code, weight=template.weight, position=position
            )
            criterion.full_clean()
            criterion.save()
            record(
                AuditAction.CREATE,
                actor=actor,
                engagement=engagement,
                obj=criterion,
                changes=audit.created(audit.snapshot(criterion, Criterion.AUDITED)),
            )
            existing.append(criterion)
    return existing


def _check_name(engagement: Engagement, name: str, exclude: int | None) -> None:
    wanted = name.strip().casefold()
    for other in engagement.selection_criteria.exclude(pk=exclude):
        if other.name.strip().casefold() == wanted:
            raise ValidationError(
                {"label": _("This selection already has a criterion of that name.")}
            )


def criterion_save(
    *,
    actor: User,
    engagement: Engagement,
    label: str,
    weight: int,
    help: str = "",
    criterion: Criterion | None = None,
) -> Criterion:
    """Add a criterion of one's own (``criterion`` None) or change one."""
    label, help = label.strip(), help.strip()
    with transaction.atomic():
        lock(engagement)
        check_open(engagement)
        if criterion is None:
            if not label:
                raise ValidationError({"label": _("Name the criterion.")})
            _check_name(engagement, label, None)
            top = engagement.selection_criteria.aggregate(top=Max("position"))["top"]
            criterion = Criterion(
                engagement=engagement,
                label=label,
                help=help,
                weight=weight,
                position=0 if top is None else top + 1,
            )
            criterion.full_clean()
            criterion.save()
            record(
                AuditAction.CREATE,
                actor=actor,
                engagement=engagement,
                obj=criterion,
                changes=audit.created(audit.snapshot(criterion, Criterion.AUDITED)),
            )
            return criterion
        criterion = Criterion.objects.select_for_update().get(
            pk=criterion.pk, engagement=engagement
        )
        template = criterion.template
        if template is not None:
            # The catalogue's own words stay translatable: stored empty when unchanged.
            if not label or label == str(template.label):
                label = ""
            if help == str(template.help):
                help = ""
        elif not label:
            raise ValidationError({"label": _("Name the criterion.")})
        _check_name(engagement, label or str(template.label if template else ""), criterion.pk)
        audit.save_changes(
            criterion,
            actor=actor,
            organisation=engagement.organisation,
            fields=Criterion.AUDITED,
            values={"label": label, "help": help, "weight": weight},
        )
    return criterion


def criteria_weights_save(
    *, actor: User, engagement: Engagement, weights: Mapping[int, int]
) -> list[Criterion]:
    """Set the weights of several criteria at once (``{criterion id: weight}``)."""
    errors: dict[str, str] = {}
    for pk, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 10:
            errors[f"weight_{pk}"] = _("Give a whole number from 0 to 10.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock(engagement)
        check_open(engagement)
        criteria = {c.pk: c for c in engagement.selection_criteria.select_for_update()}
        unknown = set(weights) - set(criteria)
        if unknown:
            raise ValidationError(_("Unknown criterion."))
        for pk, weight in weights.items():
            audit.save_changes(
                criteria[pk],
                actor=actor,
                organisation=engagement.organisation,
                fields=("weight",),
                values={"weight": weight},
            )
        if not any(c.weight for c in criteria.values()):
            raise ValidationError(_("Give at least one criterion a weight above 0."))
    return list(criteria.values())


def criterion_delete(*, actor: User, criterion: Criterion) -> None:
    """Remove a criterion and the scores given on it."""
    engagement = criterion.engagement
    with transaction.atomic():
        lock(engagement)
        check_open(engagement)
        if engagement.selection_criteria.count() <= 1:
            raise ValidationError(_("Keep at least one criterion to compare the candidates on."))
        values = audit.snapshot(criterion, Criterion.AUDITED)
        values["name"] = criterion.name
        scores = criterion.scores.exclude(value=None).count()
        pk, name = criterion.pk, criterion.name
        criterion.delete()
        changes = audit.deleted(values)
        if scores:
            changes["scores"] = [scores, None]
        audit.record(
            action=AuditAction.DELETE,
            organisation=engagement.organisation,
            actor=actor,
            object_type="selection.criterion",
            object_id=str(pk),
            object_repr=f"{engagement} · {name}",
            changes=changes,
        )


# Candidates


def candidate_add(
    *,
    actor: User,
    engagement: Engagement,
    vendor: Vendor | None = None,
    vendor_name: str = "",
    vendor_kind: str = "",
    status: str = CandidateStatus.CONSIDERED,
    quote_amount: Decimal | None = None,
    quote_basis: str = "",
    notes: str = "",
) -> Candidate:
    """Add a vendor of the organisation as a candidate, or create the vendor on the way
    (``vendor_name`` and ``vendor_kind`` instead of ``vendor``)."""
    vendor_name = vendor_name.strip()
    if vendor is None and not vendor_name:
        raise ValidationError({"vendor": _("Pick a vendor, or give the name of a new one.")})
    if vendor is not None and vendor_name:
        raise ValidationError(
            {"vendor_name": _("Either pick a vendor or name a new one, not both.")}
        )
    if status not in IN_RUNNING:
        raise ValidationError({"status": _("A candidate starts as considered or shortlisted.")})
    if vendor is not None and vendor.organisation_id != engagement.organisation_id:
        raise ValidationError({"vendor": _("This vendor does not belong to the organisation.")})
    with transaction.atomic():
        lock(engagement)
        check_open(engagement)
        if vendor is None:
            if not vendor_kind:
                raise ValidationError({"vendor_kind": _("Say what kind of vendor it is.")})
            try:
                vendor = eng_services.vendor_create(
                    actor=actor, org=engagement.organisation, name=vendor_name, kind=vendor_kind
                )
            except ValidationError as e:
                raise _renamed(e, {"name": "vendor_name", "kind": "vendor_kind"}) from None
        elif Candidate.objects.filter(engagement=engagement, vendor=vendor).exists():
            raise ValidationError(
                {"vendor": _("%(vendor)s is already a candidate.") % {"vendor": vendor.name}}
            )
        candidate = Candidate(
            engagement=engagement,
            vendor=vendor,
            status=status,
            quote_amount=quote_amount,
            quote_basis=quote_basis if quote_amount is not None else "",
            notes=notes.strip(),
        )
        candidate.full_clean()
        candidate.save()
        record(
            AuditAction.CREATE,
            actor=actor,
            engagement=engagement,
            obj=candidate,
            changes=audit.created(audit.snapshot(candidate, Candidate.AUDITED)),
        )
    return candidate


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(k, k): v for k, v in error.error_dict.items()})


def candidate_update(*, actor: User, candidate: Candidate, **fields: Any) -> Candidate:
    """Change a candidate's status (not chosen: only the decision chooses), quote or notes."""
    allowed = {"status", "quote_amount", "quote_basis", "notes"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"candidate_update() got unexpected fields {sorted(unknown)}")
    if fields.get("status") in DECIDED:
        raise ValidationError({"status": _("Only the decision chooses a candidate.")})
    if "quote_amount" in fields and fields["quote_amount"] is None:
        fields["quote_basis"] = ""
    engagement = candidate.engagement
    with transaction.atomic():
        lock(engagement)
        check_open(engagement)
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        audit.save_changes(
            candidate,
            actor=actor,
            organisation=engagement.organisation,
            fields=Candidate.AUDITED,
            values=fields,
        )
    return candidate


# Reviewers


def may_review(engagement: Engagement, user: User) -> bool:
    """An active owner of the organisation, or the engagement's referent."""
    roles = Membership.objects.active().filter(organisation=engagement.organisation, user=user)
    return roles.filter(role=Role.OWNER).exists() or (
        engagement.referent_id == user.pk and roles.filter(role=Role.REFERENT).exists()
    )


def reviewer_add(*, actor: User, engagement: Engagement, user: User) -> Reviewer:
    if not may_review(engagement, user):
        raise ValidationError(
            {
                "user": _(
                    "A reviewer must be an active owner of the organisation or the referent of "
                    "this engagement."
                )
            }
        )
    with transaction.atomic():
        lock(engagement)
        check_open(engagement)
        if Reviewer.objects.filter(engagement=engagement, user=user).exists():
            raise ValidationError({"user": _("%(name)s is already a reviewer.") % {"name": user}})
        reviewer = Reviewer.objects.create(engagement=engagement, user=user)
        record(
            AuditAction.CREATE,
            actor=actor,
            engagement=engagement,
            obj=reviewer,
            changes={"reviewer": [None, user.email]},
        )
    return reviewer


def reviewer_remove(*, actor: User, reviewer: Reviewer) -> None:
    """Remove a reviewer and their sheet."""
    engagement = reviewer.engagement
    with transaction.atomic():
        lock(engagement)
        check_open(engagement)
        scores = reviewer.scores.exclude(value=None).count()
        pk, name = reviewer.pk, str(reviewer.user)
        email = reviewer.user.email
        reviewer.delete()
        changes: dict[str, Any] = {"reviewer": [email, None]}
        if scores:
            changes["scores"] = [scores, None]
        audit.record(
            action=AuditAction.DELETE,
            organisation=engagement.organisation,
            actor=actor,
            object_type="selection.reviewer",
            object_id=str(pk),
            object_repr=f"{engagement} · {name}",
            changes=changes,
        )


# Red flags and exchanges


def flag_raise(*, actor: User, candidate: Candidate, code: str, note: str = "") -> RedFlag:
    """Raise a red flag on a candidate (or change the note of one raised)."""
    if code not in catalogue.RED_FLAG_BY_CODE:
        raise ValidationError({"code": _("Unknown red flag.")})
    engagement = candidate.engagement
    with transaction.atomic():
        lock(engagement)
        check_open(engagement)
        flag = RedFlag.objects.filter(candidate=candidate, code=code).first()
        if flag is not None:
            audit.save_changes(
                flag,
                actor=actor,
                organisation=engagement.organisation,
                fields=RedFlag.AUDITED,
                values={"note": note.strip()},
            )
            return flag
        flag = RedFlag(candidate=candidate, code=code, note=note.strip(), raised_by=actor)
        flag.full_clean()
        flag.save()
        record(
            AuditAction.CREATE,
            actor=actor,
            engagement=engagement,
            obj=flag,
            changes=audit.created(audit.snapshot(flag, RedFlag.AUDITED)),
        )
    return flag


def flag_clear(*, actor: User, flag: RedFlag) -> None:
    """Take a red flag down; the trail keeps what it said."""
    engagement = flag.candidate.engagement
    with transaction.atomic():
        lock(engagement)
        check_open(engagement)
        values = audit.snapshot(flag, RedFlag.AUDITED)
        values["raised_by"] = flag.raised_by.email if flag.raised_by else None
        pk, name = flag.pk, str(flag)
        flag.delete()
        audit.record(
            action=AuditAction.DELETE,
            organisation=engagement.organisation,
            actor=actor,
            object_type="selection.redflag",
            object_id=str(pk),
            object_repr=f"{engagement} · {name}",
            changes=audit.deleted(values),
        )


def flags_save(*, actor: User, candidate: Candidate, flags: Mapping[str, tuple[bool, str]]) -> None:
    """The red-flag checklist of a candidate at once: ``{code: (raised, note)}``."""
    with transaction.atomic():
        current = {f.code: f for f in candidate.red_flags.select_related("raised_by")}
        for code, (raised, note) in flags.items():
            flag = current.get(code)
            if raised and (flag is None or flag.note != note.strip()):
                flag_raise(actor=actor, candidate=candidate, code=code, note=note)
            elif not raised and flag is not None:
                flag_clear(actor=actor, flag=flag)
            elif not raised and code not in catalogue.RED_FLAG_BY_CODE:
                raise ValidationError(_("Unknown red flag."))


def interaction_add(
    *,
    actor: User,
    candidate: Candidate,
    kind: str,
    held_on: dt.date,
    summary: str,
    verdict: str,
    with_whom: str = "",
    reference_company: str = "",
    comparable: bool | None = None,
) -> Interaction:
    """Record a reference call, the scoping interview or another exchange, once held."""
    engagement = candidate.engagement
    with transaction.atomic():
        lock(engagement)
        check_open(engagement)
        interaction = Interaction(
            candidate=candidate,
            kind=kind,
            held_on=held_on,
            with_whom=with_whom.strip(),
            reference_company=reference_company.strip(),
            comparable=comparable,
            summary=summary.strip(),
            verdict=verdict,
            by=actor,
        )
        interaction.full_clean()
        interaction.save()
        record(
            AuditAction.CREATE,
            actor=actor,
            engagement=engagement,
            obj=interaction,
            changes=audit.created(audit.snapshot(interaction, Interaction.AUDITED)),
        )
    return interaction


# The decision


def decide(*, actor: User, engagement: Engagement, candidate: Candidate, reasons: str) -> Decision:
    """Choose the vendor, with the reasons. The candidate is chosen, the others still in the
    running are not; the engagement takes the vendor and moves to the contract stage, the
    reasons as the stage's note. All at once, or nothing."""
    reasons = reasons.strip()
    owner = Membership.objects.active().filter(
        organisation=engagement.organisation, user=actor, role=Role.OWNER
    )
    if not owner.exists():
        raise ValidationError(_("Only an owner of the organisation chooses the vendor."))
    if not reasons:
        raise ValidationError({"reasons": _("Write the reasons of the choice.")})
    with transaction.atomic():
        lock(engagement)
        done = current_decision(engagement)
        if done is not None:
            raise ValidationError(
                _("Already decided on %(date)s: %(vendor)s was chosen.")
                % {"date": when(done.decided_at), "vendor": done.candidate.vendor.name}
            )
        candidate = (
            Candidate.objects.select_for_update().select_related("vendor").get(pk=candidate.pk)
        )
        if candidate.engagement_id != engagement.pk or candidate.status not in IN_RUNNING:
            raise ValidationError(
                {"candidate": _("Choose one of the candidates still in the running.")}
            )
        decision = Decision(
            engagement=engagement, candidate=candidate, reasons=reasons, decided_by=actor
        )
        decision.full_clean()
        decision.save()
        record(
            AuditAction.CREATE,
            actor=actor,
            engagement=engagement,
            obj=decision,
            object_repr=f"{engagement} · {_('choice of the vendor')}",
            changes={"candidate": [None, candidate.vendor.name], "reasons": [None, reasons]},
        )
        for other in engagement.candidates.filter(status__in=IN_RUNNING).select_for_update():
            status = CandidateStatus.CHOSEN if other.pk == candidate.pk else "not_chosen"
            audit.save_changes(
                other,
                actor=actor,
                organisation=engagement.organisation,
                fields=("status",),
                values={"status": status},
            )
        engagement.refresh_from_db()
        if engagement.vendor_id != candidate.vendor_id:
            engagement = eng_services.engagement_update(
                actor=actor, engagement=engagement, vendor=candidate.vendor
            )
        if engagement.stage != Stage.CONTRACT:
            eng_services.engagement_change_stage(
                actor=actor, engagement=engagement, stage=Stage.CONTRACT, note=reasons
            )
    return decision
