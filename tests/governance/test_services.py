import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.core.models import AuditEntry
from pilotage.governance import cadence as cadence_rules
from pilotage.governance import services
from pilotage.governance.models import Action, Cadence, Meeting, MeetingStatus

pytestmark = pytest.mark.django_db


def test_a_new_cadence_cannot_start_in_the_past_and_nothing_is_stored(world):
    before = (Cadence.objects.count(), Meeting.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as e:
        services.cadence_create(
            actor=world.bob,
            engagement=world.cash,
            kind="weekly",
            first_at=timezone.now() - dt.timedelta(days=1),
        )
    assert e.value.message_dict["first_at"] == [
        _("The first meeting of a new cadence cannot be in the past.")
    ]
    assert (Cadence.objects.count(), Meeting.objects.count(), AuditEntry.objects.count()) == before


def test_a_cadence_generates_its_meetings_up_to_its_horizon_once(world):
    first = timezone.localtime() + dt.timedelta(days=2)
    cadence = services.cadence_create(
        actor=world.bob, engagement=world.cash, kind="weekly", first_at=first
    )
    meetings = list(cadence.meetings.order_by("sequence"))
    assert len(meetings) in (8, 9)  # 8 weeks ahead
    assert [m.sequence for m in meetings] == list(range(1, len(meetings) + 1))
    assert cadence_rules.extend_all(timezone.localdate()) == 0
    assert cadence.meetings.count() == len(meetings)
    # eight weeks later the job adds what comes into the horizon
    assert cadence_rules.extend_all(timezone.localdate() + dt.timedelta(days=14)) == 2


def test_a_moved_meeting_is_left_alone_when_the_cadence_changes(world):
    meetings = list(world.cadence.meetings.order_by("sequence"))
    moved_to = meetings[1].scheduled_at + dt.timedelta(days=1)
    services.meeting_move(actor=world.bob, meeting=meetings[1], scheduled_at=moved_to)
    services.cadence_update(
        actor=world.bob,
        cadence=world.cadence,
        first_at=world.cadence.first_at + dt.timedelta(hours=2),
        duration_minutes=120,
    )
    meetings[1].refresh_from_db()
    meetings[2].refresh_from_db()
    assert meetings[1].scheduled_at == moved_to
    assert meetings[2].duration_minutes == 120
    assert timezone.localtime(meetings[2].scheduled_at).hour == 11


def test_a_held_meeting_cannot_move(world):
    services.minutes_close(actor=world.bob, meeting=world.meeting)
    with pytest.raises(ValidationError):
        services.meeting_move(actor=world.bob, meeting=world.meeting, scheduled_at=timezone.now())
    world.meeting.refresh_from_db()
    assert world.meeting.status == MeetingStatus.HELD
    assert world.meeting.agenda  # the snapshot was kept


def test_an_action_without_owner_is_refused_with_a_clear_message(world):
    before = Action.objects.count()
    with pytest.raises(ValidationError) as e:
        services.action_create(
            actor=world.bob,
            engagement=world.cash,
            title="Call",
            owner=None,
            due_on=timezone.localdate(),
        )
    assert e.value.message_dict["owner"] == [
        _("Give the action an owner: someone of the organisation or the vendor.")
    ]
    assert Action.objects.count() == before


def test_an_action_owned_by_a_vendor_user_is_held_by_the_vendor(world):
    action = services.action_create(
        actor=world.bob,
        engagement=world.cash,
        title="Call",
        owner=world.victor,
        due_on=timezone.localdate(),
    )
    assert action.held_by_vendor


@pytest.mark.parametrize("who", ["vera", "audrey", "rita", "oscar"])
def test_someone_who_does_not_run_the_engagement_cannot_own_an_action(world, who):
    with pytest.raises(ValidationError) as e:
        services.action_create(
            actor=world.bob,
            engagement=world.cash,
            title="Call",
            owner=getattr(world, who),
            due_on=timezone.localdate(),
        )
    assert "owner" in e.value.message_dict


def test_every_change_is_in_the_audit_trail(world):
    def entries(obj):
        return AuditEntry.objects.filter(
            object_type__endswith=type(obj).__name__.lower(), object_id=str(obj.pk)
        )

    assert entries(world.action).filter(action="create").exists()
    services.action_status(actor=world.victor, action=world.action, status="done")
    world.action.refresh_from_db()
    assert world.action.done_on == timezone.localdate()
    change = entries(world.action).filter(action="update").get()
    assert change.changes["status"] == ["open", "done"]
    assert change.actor == world.victor
    services.notes_save(actor=world.bob, meeting=world.meeting, notes="DSO down")
    assert entries(world.meeting).filter(action="update").exists()
    services.decision_delete(actor=world.bob, decision=world.decision)
    assert AuditEntry.objects.filter(action="delete", object_repr__contains="Lyon").exists()
