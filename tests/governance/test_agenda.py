import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from pilotage.governance import agenda, services
from pilotage.governance.models import Request

pytestmark = pytest.mark.django_db


def off_target(world):
    world.indicator.target = Decimal(0)
    world.indicator.red = Decimal(1)
    world.indicator.save()


def items(sections, key):
    return [i.text for s in sections if s.key == key for i in s.items]


def test_every_section_is_there_in_order_even_empty(world):
    sections = agenda.prepare(world.meeting, timezone.localdate())
    assert [s.key for s in sections] == list(agenda.ORDER)


def test_an_indicator_off_target_is_on_the_agenda(world):
    off_target(world)
    sections = agenda.prepare(world.meeting, dt.date(2026, 11, 20))
    assert any(world.indicator.name in text for text in items(sections, "indicators"))


def test_overdue_actions_and_open_requests_are_on_the_agenda(world):
    today = timezone.localdate()
    services.action_create(
        actor=world.bob,
        engagement=world.cash,
        title="Clean the customer file",
        owner=world.bob,
        due_on=today - dt.timedelta(days=3),
    )
    Request.objects.create(
        engagement=world.cash,
        author=world.bob,
        asked_at=timezone.now(),
        subject="Aged balance by region",
    )
    answered = Request.objects.create(
        engagement=world.cash,
        author=world.bob,
        asked_at=timezone.now(),
        subject="Old question",
        answer="Done",
        answered_at=timezone.now(),
    )
    sections = agenda.prepare(world.meeting, today)
    assert any("Clean the customer file" in t for t in items(sections, "actions"))
    assert not any("Send the aged balance" in t for t in items(sections, "actions"))  # not due yet
    assert any("Aged balance by region" in t for t in items(sections, "requests"))
    assert not any(answered.subject in t for t in items(sections, "requests"))


def test_closing_the_minutes_keeps_the_agenda_as_it_read(world):
    off_target(world)
    services.minutes_close(actor=world.bob, meeting=world.meeting)
    world.meeting.refresh_from_db()
    stored = agenda.from_json(world.meeting.agenda)
    assert [s.key for s in stored] == list(agenda.ORDER)
