import datetime as dt

import pytest
from django.utils import timezone

from pilotage.governance import reminders, services
from pilotage.governance.models import ActionReminder

pytestmark = pytest.mark.django_db


def test_an_overdue_action_reminds_its_owner_the_day_after_then_weekly(world, smtp_inbox):
    due = timezone.localdate()
    action = services.action_create(
        actor=world.bob, engagement=world.cash, title="Call the bank", owner=world.bob, due_on=due
    )
    assert reminders.send_due(due) == 0
    assert reminders.send_due(due + dt.timedelta(days=1)) == 1
    assert reminders.send_due(due + dt.timedelta(days=1)) == 0  # once
    assert reminders.send_due(due + dt.timedelta(days=7)) == 0
    assert reminders.send_due(due + dt.timedelta(days=8)) == 1
    mails = [m for m in smtp_inbox.messages if "bob@acme.test" in m["To"]]
    assert len(mails) == 2
    assert "Call the bank" in mails[0]["Subject"]
    assert list(
        ActionReminder.objects.filter(action=action)
        .values_list("sequence", flat=True)
        .order_by("sequence")
    ) == [1, 2]


def test_a_missed_week_is_caught_up_with_one_message_and_a_new_date_rearms(world, smtp_inbox):
    services.action_status(actor=world.bob, action=world.action, status="done")
    due = timezone.localdate()
    action = services.action_create(
        actor=world.bob,
        engagement=world.cash,
        title="Sign the amendment",
        owner=world.alice,
        due_on=due,
    )
    assert reminders.send_due(due + dt.timedelta(days=16)) == 1
    assert sorted(
        ActionReminder.objects.filter(action=action).values_list("sequence", flat=True)
    ) == [1, 2, 3]
    assert len([m for m in smtp_inbox.messages if "alice@acme.test" in m["To"]]) == 1
    services.action_update(actor=world.bob, action=action, due_on=due + dt.timedelta(days=20))
    assert reminders.send_due(due + dt.timedelta(days=21)) == 1
    assert len([m for m in smtp_inbox.messages if "alice@acme.test" in m["To"]]) == 2


def test_an_action_held_by_the_vendor_reminds_the_vendors_people_in_their_language(
    world, smtp_inbox
):
    world.victor.language = "en"
    world.victor.save()
    due = timezone.localdate() - dt.timedelta(days=3)
    world.action.due_on = due
    world.action.save()
    assert reminders.send_due(timezone.localdate()) == 1
    mails = smtp_inbox.messages
    assert [m["To"] for m in mails] == ["victor@acme.test"]
    body = smtp_inbox.body(0)
    assert "Send the aged balance by customer" in body
    assert "Stop these messages" in body
    assert mails[0].get_body(preferencelist=("html",)) is not None


def test_a_done_action_reminds_nobody(world, smtp_inbox):
    world.action.due_on = timezone.localdate() - dt.timedelta(days=3)
    world.action.save()
    services.action_status(actor=world.victor, action=world.action, status="done")
    assert reminders.send_due(timezone.localdate()) == 0
    assert smtp_inbox.messages == []
