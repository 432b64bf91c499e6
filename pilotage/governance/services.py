"""Every write of the meetings part of governance: cadences, meetings, agenda, attendees,
notes, decisions, actions and closing the minutes. Each one transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core import audit
from pilotage.core.models import AuditAction, Membership, Role, User
from pilotage.engagements.models import Engagement

from . import cadence as cadence_rules
from .models import (
    Action,
    ActionStatus,
    Attendee,
    Cadence,
    Decision,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Side,
)
from .people import people_inside, people_of_vendor


def _record(
    *, action: str, actor: User | None, engagement: Engagement, obj: Any, changes: dict
) -> None:
    if changes:
        audit.record(
            action=action,
            organisation=engagement.organisation,
            actor=actor,
            obj=obj,
            object_repr=f"{engagement} · {obj}"[:300],
            changes=changes,
        )


def _created(actor: User | None, engagement: Engagement, obj: Any) -> None:
    _record(
        action=AuditAction.CREATE,
        actor=actor,
        engagement=engagement,
        obj=obj,
        changes=audit.created(audit.snapshot(obj, obj.AUDITED)) or {"id": [None, obj.pk]},
    )


def _deleted(actor: User | None, engagement: Engagement, obj: Any) -> None:
    _record(
        action=AuditAction.DELETE,
        actor=actor,
        engagement=engagement,
        obj=obj,
        changes=audit.deleted(audit.snapshot(obj, obj.AUDITED)) or {"id": [obj.pk, None]},
    )


def _save(actor: User | None, obj: Any, engagement: Engagement, values: dict[str, Any]) -> None:
    audit.save_changes(
        obj, actor=actor, organisation=engagement.organisation, fields=obj.AUDITED, values=values
    )


def _full_clean(obj: Any) -> None:
    obj.full_clean(validate_constraints=False)


def _locked_meeting(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("engagement__organisation", "cadence")
        .get(pk=meeting.pk)
    )


def _refuse_if_closed(meeting: Meeting) -> None:
    if meeting.minutes_closed_at is not None:
        raise ValidationError(_("The minutes of this meeting are closed: they no longer change."))


# Cadences


def cadence_create(
    *,
    actor: User,
    engagement: Engagement,
    kind: str,
    first_at: dt.datetime,
    duration_minutes: int = 60,
    location: str = "",
    today: dt.date | None = None,
) -> Cadence:
    """A new rhythm of meetings; the meetings ahead are generated at once."""
    errors: dict[str, str] = {}
    if first_at is not None and first_at < timezone.now():
        errors["first_at"] = _("The first meeting of a new cadence cannot be in the past.")
    with transaction.atomic():
        engagement = (
            Engagement.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=engagement.pk)
        )
        stopped = Cadence.objects.filter(engagement=engagement, kind=kind).first()
        if stopped is not None and stopped.active:
            errors["kind"] = _(
                "This engagement already has this kind of meeting: change its cadence instead."
            )
        cadence = stopped if stopped is not None else Cadence(engagement=engagement, kind=kind)
        before = audit.snapshot(cadence, Cadence.AUDITED) if stopped is not None else {}
        cadence.first_at = first_at
        cadence.duration_minutes = duration_minutes or 60
        cadence.location = (location or "").strip()
        cadence.active = True
        cadence.created_by = actor
        try:
            cadence.full_clean(validate_constraints=False)
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                errors.setdefault(field, messages[0])
        if errors:
            raise ValidationError(errors)
        cadence.save()
        if stopped is None:
            _created(actor, engagement, cadence)
        else:
            _record(
                action=AuditAction.UPDATE,
                actor=actor,
                engagement=engagement,
                obj=cadence,
                changes=audit.diff(before, audit.snapshot(cadence, Cadence.AUDITED)),
            )
        cadence_rules.extend(cadence, today or timezone.localdate())
    return cadence


def cadence_update(
    *,
    actor: User,
    cadence: Cadence,
    first_at: dt.datetime,
    duration_minutes: int,
    location: str = "",
    today: dt.date | None = None,
) -> Cadence:
    """Change the time, length or place; the planned meetings nobody moved follow."""
    with transaction.atomic():
        cadence = (
            Cadence.objects.select_for_update(of=("self",))
            .select_related("engagement__organisation")
            .get(pk=cadence.pk)
        )
        if not cadence.active:
            raise ValidationError(_("This cadence was stopped: start a new one instead."))
        _save(
            actor,
            cadence,
            cadence.engagement,
            {
                "first_at": first_at,
                "duration_minutes": duration_minutes,
                "location": (location or "").strip(),
            },
        )
        cadence_rules.extend(cadence, today or timezone.localdate())
    return cadence


def _untouched(meeting: Meeting) -> bool:
    return (
        meeting.status == MeetingStatus.PLANNED
        and not meeting.moved
        and meeting.minutes_closed_at is None
        and not meeting.notes
        and not meeting.attendees.exists()
        and not meeting.decisions.exists()
        and not meeting.actions.exists()
    )


def cadence_stop(*, actor: User, cadence: Cadence) -> Cadence:
    """Stop the cadence: its planned meetings ahead that nobody prepared are removed (moved
    ones and those with minutes stay, as one-off meetings). Adding a cadence of the same kind
    starts it again."""
    with transaction.atomic():
        cadence = (
            Cadence.objects.select_for_update(of=("self",))
            .select_related("engagement__organisation")
            .get(pk=cadence.pk)
        )
        engagement = cadence.engagement
        for meeting in cadence.meetings.filter(scheduled_at__gte=timezone.now()):
            if _untouched(meeting):
                _deleted(actor, engagement, meeting)
                meeting.delete()
        cadence.meetings.update(cadence=None, sequence=None)
        _save(actor, cadence, engagement, {"active": False})
    return cadence


# Meetings


def meeting_create(
    *,
    actor: User,
    engagement: Engagement,
    kind: str,
    scheduled_at: dt.datetime,
    duration_minutes: int = 60,
    location: str = "",
) -> Meeting:
    """A one-off meeting, outside any cadence."""
    with transaction.atomic():
        meeting = Meeting(
            engagement=engagement,
            kind=kind,
            scheduled_at=scheduled_at,
            duration_minutes=duration_minutes or 60,
            location=(location or "").strip(),
            moved=True,
        )
        _full_clean(meeting)
        meeting.save()
        _created(actor, engagement, meeting)
    return meeting


def meeting_move(
    *,
    actor: User,
    meeting: Meeting,
    scheduled_at: dt.datetime,
    duration_minutes: int | None = None,
    location: str | None = None,
) -> Meeting:
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.status == MeetingStatus.HELD or meeting.minutes_closed_at is not None:
            raise ValidationError(
                {"scheduled_at": _("This meeting was held: it can no longer move.")}
            )
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(
                {"scheduled_at": _("This meeting was cancelled: plan a new one instead.")}
            )
        values: dict[str, Any] = {"scheduled_at": scheduled_at, "moved": True}
        if duration_minutes:
            values["duration_minutes"] = duration_minutes
        if location is not None:
            values["location"] = location.strip()
        _save(actor, meeting, meeting.engagement, values)
    return meeting


def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.status == MeetingStatus.HELD or meeting.minutes_closed_at is not None:
            raise ValidationError(_("This meeting was held: it cannot be cancelled."))
        _save(
            actor, meeting, meeting.engagement, {"status": MeetingStatus.CANCELLED, "moved": True}
        )
    return meeting


def agenda_freeze(*, actor: User, meeting: Meeting, today: dt.date | None = None) -> Meeting:
    """Store the agenda as it reads now: the meeting page then shows this snapshot."""
    from . import agenda

    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _refuse_if_closed(meeting)
        meeting.agenda = agenda.to_json(agenda.prepare(meeting, today or timezone.localdate()))
        meeting.agenda_prepared_at = timezone.now()
        meeting.save(update_fields=["agenda", "agenda_prepared_at"])
        _record(
            action=AuditAction.UPDATE,
            actor=actor,
            engagement=meeting.engagement,
            obj=meeting,
            changes={"agenda": [None, audit.to_jsonable(meeting.agenda_prepared_at)]},
        )
    return meeting


def notes_save(*, actor: User, meeting: Meeting, notes: str) -> Meeting:
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _refuse_if_closed(meeting)
        _save(actor, meeting, meeting.engagement, {"notes": (notes or "").strip()})
    return meeting


def minutes_close(*, actor: User, meeting: Meeting, today: dt.date | None = None) -> Meeting:
    """The meeting was held: its minutes are closed and its agenda kept as it read."""
    from . import agenda

    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _refuse_if_closed(meeting)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("This meeting was cancelled."))
        if not meeting.agenda:
            meeting.agenda = agenda.to_json(agenda.prepare(meeting, today or timezone.localdate()))
            meeting.agenda_prepared_at = timezone.now()
        meeting.minutes_closed_at = timezone.now()
        _save(actor, meeting, meeting.engagement, {"status": MeetingStatus.HELD})
    return meeting


# Attendees


def attendee_add(
    *, actor: User, meeting: Meeting, user: User | None = None, name: str = "", side: str = ""
) -> Attendee:
    """Someone at the meeting: a person of the organisation or of the vendor, or a name typed
    for someone without an account (then ``side`` says which side)."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _refuse_if_closed(meeting)
        engagement = meeting.engagement
        if user is not None:
            if user in people_inside(engagement):
                side = Side.INSIDE
            elif user in people_of_vendor(engagement):
                side = Side.VENDOR
            else:
                raise ValidationError({"user": _("This person does not work on this engagement.")})
            if meeting.attendees.filter(user=user).exists():
                raise ValidationError({"user": _("This person is already on the list.")})
            name = str(user)
        name = (name or "").strip()
        if not name:
            raise ValidationError({"name": _("Choose a person or type a name.")})
        if side not in Side.values:
            raise ValidationError({"side": _("Say on which side this person is.")})
        attendee = Attendee(meeting=meeting, user=user, name=name, side=side, present=True)
        _full_clean(attendee)
        attendee.save()
        _record(
            action=AuditAction.CREATE,
            actor=actor,
            engagement=engagement,
            obj=attendee,
            changes=audit.created(
                {"meeting": str(meeting), **audit.snapshot(attendee, Attendee.AUDITED)}
            ),
        )
    return attendee


def attendee_remove(*, actor: User, attendee: Attendee) -> None:
    with transaction.atomic():
        meeting = _locked_meeting(attendee.meeting)
        _refuse_if_closed(meeting)
        _deleted(actor, meeting.engagement, attendee)
        attendee.delete()


def attendees_present(*, actor: User, meeting: Meeting, present: set[int]) -> Meeting:
    """Tick who was there (ids of the meeting's attendees); the others were excused."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _refuse_if_closed(meeting)
        for attendee in meeting.attendees.all():
            _save(actor, attendee, meeting.engagement, {"present": attendee.pk in present})
    return meeting


# Decisions


def _decision_values(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in ("title", "decided_by", "reasons"):
        if key in out:
            out[key] = (out[key] or "").strip()
    errors = {}
    if "title" in out and not out["title"]:
        errors["title"] = _("Say what was decided.")
    if "decided_by" in out and not out["decided_by"]:
        errors["decided_by"] = _("Say who decided.")
    if "decided_on" in out and out["decided_on"] is None:
        errors["decided_on"] = _("Give the date of the decision.")
    if errors:
        raise ValidationError(errors)
    return out


def decision_create(
    *,
    actor: User,
    engagement: Engagement,
    meeting: Meeting | None = None,
    title: str,
    decided_by: str,
    reasons: str = "",
    decided_on: dt.date | None = None,
) -> Decision:
    values = _decision_values(
        {
            "title": title,
            "decided_by": decided_by,
            "reasons": reasons,
            "decided_on": decided_on
            or (
                timezone.localtime(meeting.scheduled_at).date() if meeting else timezone.localdate()
            ),
        }
    )
    with transaction.atomic():
        if meeting is not None:
            _refuse_if_closed(_locked_meeting(meeting))
        decision = Decision(engagement=engagement, meeting=meeting, created_by=actor, **values)
        _full_clean(decision)
        decision.save()
        _created(actor, engagement, decision)
    return decision


def decision_update(*, actor: User, decision: Decision, **fields: Any) -> Decision:
    unknown = set(fields) - {"title", "decided_by", "reasons", "decided_on"}
    if unknown:
        raise TypeError(f"decision_update() got unexpected fields {sorted(unknown)}")
    values = _decision_values(fields)
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("engagement__organisation")
            .get(pk=decision.pk)
        )
        _save(actor, decision, decision.engagement, values)
    return decision


def decision_delete(*, actor: User, decision: Decision) -> None:
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("engagement__organisation", "meeting")
            .get(pk=decision.pk)
        )
        if decision.meeting is not None:
            _refuse_if_closed(decision.meeting)
        _deleted(actor, decision.engagement, decision)
        decision.delete()


# Actions


def _owner_side(engagement: Engagement, owner: User) -> str | None:
    """Side.INSIDE or Side.VENDOR for someone who may hold an action of the engagement."""
    memberships = Membership.objects.active().filter(
        user=owner, organisation_id=engagement.organisation_id
    )
    for m in memberships:
        if m.role == Role.VENDOR and m.vendor_id and m.vendor_id == engagement.vendor_id:
            return Side.VENDOR
        if m.role == Role.OWNER or (m.role == Role.REFERENT and engagement.referent_id == owner.pk):
            return Side.INSIDE
    return None


def _action_values(engagement: Engagement, values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    errors = {}
    for key in ("title", "details"):
        if key in out:
            out[key] = (out[key] or "").strip()
    if "title" in out and not out["title"]:
        errors["title"] = _("Say what must be done.")
    if "due_on" in out and out["due_on"] is None:
        errors["due_on"] = _("Give the date the action is due.")
    if "owner" in out or "held_by_vendor" in out:
        owner = out.get("owner")
        vendor = bool(out.get("held_by_vendor"))
        if owner is None and not vendor:
            errors["owner"] = _(
                "Give the action an owner: someone of the organisation or the vendor."
            )
        elif owner is None and vendor and not engagement.vendor_id:
            errors["owner"] = _("This engagement has no vendor yet.")
        elif owner is not None:
            side = _owner_side(engagement, owner)
            if side is None:
                errors["owner"] = _(
                    "This person cannot hold an action of this engagement: choose one of the "
                    "people who run it or of the vendor holding it."
                )
            out["held_by_vendor"] = side == Side.VENDOR
    if errors:
        raise ValidationError(errors)
    return out


def action_create(
    *,
    actor: User,
    engagement: Engagement,
    meeting: Meeting | None = None,
    title: str,
    details: str = "",
    owner: User | None = None,
    held_by_vendor: bool = False,
    due_on: dt.date | None,
) -> Action:
    """Something someone must do by a date: a person of the organisation, a person of the
    vendor, or the vendor as a whole (``held_by_vendor`` without an owner)."""
    values = _action_values(
        engagement,
        {
            "title": title,
            "details": details,
            "owner": owner,
            "held_by_vendor": held_by_vendor,
            "due_on": due_on,
        },
    )
    with transaction.atomic():
        if meeting is not None:
            _refuse_if_closed(_locked_meeting(meeting))
        action = Action(engagement=engagement, meeting=meeting, created_by=actor, **values)
        action.full_clean()
        action.save()
        _created(actor, engagement, action)
    return action


def _locked_action(action: Action) -> Action:
    return (
        Action.objects.select_for_update(of=("self",))
        .select_related("engagement__organisation", "owner")
        .get(pk=action.pk)
    )


def action_update(*, actor: User, action: Action, **fields: Any) -> Action:
    """Change what, who or when (a new due date re-arms the reminders)."""
    unknown = set(fields) - {"title", "details", "owner", "held_by_vendor", "due_on"}
    if unknown:
        raise TypeError(f"action_update() got unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        action = _locked_action(action)
        if {"owner", "held_by_vendor"} & set(fields):
            fields.setdefault("owner", action.owner)
            fields.setdefault("held_by_vendor", action.held_by_vendor)
        values = _action_values(action.engagement, fields)
        _save(actor, action, action.engagement, values)
    return action


def action_status(
    *, actor: User, action: Action, status: str, today: dt.date | None = None
) -> Action:
    """Open, done (dated today) or cancelled."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    with transaction.atomic():
        action = _locked_action(action)
        done_on = (today or timezone.localdate()) if status == ActionStatus.DONE else None
        if status == action.status:
            done_on = action.done_on
        _save(actor, action, action.engagement, {"status": status, "done_on": done_on})
    return action


KIND_CHOICES = MeetingKind.choices
