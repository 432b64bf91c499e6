"""Reminders of the values a vendor owes, sent through a real SMTP server on the loopback.

"cash" is at stage run, held by Recouvra; its vendor indicator "invoicing incidents" is
monthly, due 5 days after the month ends, reminded 2 days before, on the day, then 3 and
7 days late (the defaults). November 2026 is thus due on 05/12/2026 and reminded on the
3rd, 5th, 8th and 12th of December.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from pilotage.core import services as core_services
from pilotage.core.models import Membership, Role
from pilotage.engagements.models import Stage
from pilotage.kpis import reminders, services
from pilotage.kpis.labels import period_label
from pilotage.kpis.models import KpiSettings, ReminderSent
from tests import smtp

D = dt.date
NOVEMBER = D(2026, 11, 1)
DUE = D(2026, 12, 5)


def send(day: int) -> int:
    return reminders.send_due(today=D(2026, 12, day))


def member(user, org) -> Membership:
    return Membership.objects.get(user=user, organisation=org)


def give_november(w, today=D(2026, 12, 1)):
    return services.value_submit(
        actor=w.victor,
        membership=member(w.victor, w.acme),
        entry=services.Entry(w.indicator, NOVEMBER, "1"),
        today=today,
    )


@pytest.fixture
def victor_in_english(world):
    world.victor.language = "en"
    world.victor.save(update_fields=["language"])
    return world.victor


@pytest.fixture
def valerie(world):
    """A second person of Recouvra, who reads French."""
    user = core_services.member_add(
        actor=world.alice,
        org=world.acme,
        email="valerie@recouvra.test",
        first_name="Valérie",
        last_name="Test",
        role=Role.VENDOR,
        vendor=world.recouvra,
        password="correct-horse-battery-staple",
    ).user
    user.language = "fr"
    user.save(update_fields=["language"])
    return user


def november(language: str) -> str:
    with translation.override(language):
        return period_label(NOVEMBER, "monthly")


def subject(message) -> str:
    # A long encoded subject is folded onto a second line: the parser keeps a leading space.
    return message["Subject"].strip()


def submit_link(w) -> str:
    path = reverse("kpis:submit", kwargs={"org": "acme", "pk": w.cash.pk})
    return f"{settings.PILOTAGE_BASE_URL.rstrip('/')}{path}?frequency=monthly&period=2026-11-01"


# --- on schedule, once ------------------------------------------------------------------


def test_nothing_is_sent_before_the_first_step(world, smtp_inbox):
    assert send(2) == 0
    assert smtp_inbox.messages == []


def test_the_vendor_is_reminded_two_days_before_the_due_date(world, smtp_inbox):
    assert services.settings_of(world.cash).reminder_days == [-2, 0, 3, 7]

    assert send(3) == 1

    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["X-Envelope-To"] == "victor@acme.test"
    assert world.indicator.name in smtp_inbox.body()
    sent = ReminderSent.objects.get()
    assert (sent.engagement, sent.period, sent.offset, sent.missing) == (
        world.cash,
        NOVEMBER,
        -2,
        1,
    )


def test_each_step_is_sent_once(world, smtp_inbox):
    assert send(3) == 1
    assert send(3) == 0  # the same day again
    assert send(4) == 0  # no step on the 4th
    assert send(5) == 1  # on the due date
    assert send(5) == 0
    assert send(8) == 1  # three days late
    assert send(12) == 1  # seven days late
    assert send(13) == 0

    assert len(smtp_inbox.messages) == 4
    assert list(ReminderSent.objects.order_by("offset").values_list("offset", flat=True)) == [
        -2,
        0,
        3,
        7,
    ]


def test_days_without_a_run_are_caught_up_with_one_message(world, smtp_inbox):
    # Nothing ran from the 1st to the 9th: the steps -2, 0 and 3 have all come.
    assert send(9) == 1

    assert len(smtp_inbox.messages) == 1
    assert list(ReminderSent.objects.values_list("offset", flat=True)) == [3]
    assert send(10) == 0
    assert send(12) == 1  # the next step still comes


def test_a_period_long_overdue_is_left_to_the_dashboard(world, smtp_inbox):
    # September (due 05/10) and earlier months are missing too, but far past the schedule.
    assert reminders.send_due(today=D(2026, 11, 23)) == 0
    assert smtp_inbox.messages == []


# --- when not to remind -----------------------------------------------------------------


def test_nothing_is_sent_once_the_value_is_given(world, smtp_inbox):
    give_november(world)

    assert send(3) == 0
    assert send(12) == 0
    assert smtp_inbox.messages == []


def test_a_contested_value_is_owed_again(world, smtp_inbox):
    value = give_november(world)
    assert send(3) == 0
    services.value_review(actor=world.bob, value=value, accept=False, reason="Two, not one.")

    assert send(5) == 1

    assert len(smtp_inbox.messages) == 1
    assert ReminderSent.objects.get().offset == 0


def test_a_validated_value_is_not_reminded(world, smtp_inbox):
    value = give_november(world)
    services.value_review(actor=world.bob, value=value, accept=True)
    assert send(8) == 0


def test_nothing_is_sent_when_reminders_are_off(world, smtp_inbox):
    services.settings_update(actor=world.bob, engagement=world.cash, data={"reminders_on": False})

    assert send(3) == 0
    assert send(12) == 0
    assert smtp_inbox.messages == []
    assert not ReminderSent.objects.exists()


def test_nothing_is_sent_without_a_schedule(world, smtp_inbox):
    services.settings_update(actor=world.bob, engagement=world.cash, data={"reminder_days": []})
    assert send(12) == 0


@pytest.mark.parametrize("stage", [Stage.DIAGNOSTIC, Stage.CONTRACT, Stage.CLOSED])
def test_an_engagement_not_yet_or_no_longer_steered_gets_none(world, smtp_inbox, stage):
    world.cash.stage = stage
    world.cash.save(update_fields=["stage"])

    assert send(3) == 0
    assert send(12) == 0
    assert smtp_inbox.messages == []


@pytest.mark.parametrize("stage", [Stage.PILOT, Stage.EXIT])
def test_an_engagement_in_pilot_or_exit_is_reminded(world, smtp_inbox, stage):
    world.cash.stage = stage
    world.cash.save(update_fields=["stage"])
    assert send(3) == 1


def test_the_schedule_follows_the_engagement_s_settings(world, smtp_inbox):
    services.settings_update(
        actor=world.bob, engagement=world.cash, data={"due_days": 10, "reminder_days": [1]}
    )
    # Due on 10/12, reminded on the 11th only.
    assert send(10) == 0
    assert send(11) == 1
    assert KpiSettings.objects.get(engagement=world.cash).reminder_days == [1]


def test_a_vendor_person_switched_off_is_not_written_to(world, smtp_inbox, valerie):
    membership = member(world.victor, world.acme)
    membership.is_active = False
    membership.save(update_fields=["is_active"])

    assert send(3) == 1

    assert [m["X-Envelope-To"] for m in smtp_inbox.messages] == ["valerie@recouvra.test"]


# --- the message ------------------------------------------------------------------------


def test_the_message_has_a_plain_text_and_an_html_part_with_the_link(world, smtp_inbox):
    send(3)

    message = smtp_inbox.messages[0]
    assert message.is_multipart()
    plain = message.get_body(preferencelist=("plain",))
    rich = message.get_body(preferencelist=("html",))
    assert plain is not None and rich is not None
    assert plain.get_content_type() == "text/plain"
    assert rich.get_content_type() == "text/html"
    link = submit_link(world)
    assert link in plain.get_content()
    assert f'href="{html.escape(link)}"' in rich.get_content()  # & written &amp;
    assert world.indicator.name in rich.get_content()


def test_each_person_reads_the_reminder_in_their_language(
    world, smtp_inbox, victor_in_english, valerie
):
    assert send(3) == 1  # one reminder, told in two languages

    by_recipient = {m["X-Envelope-To"]: m for m in smtp_inbox.messages}
    assert sorted(by_recipient) == ["valerie@recouvra.test", "victor@acme.test"]
    english, french = by_recipient["victor@acme.test"], by_recipient["valerie@recouvra.test"]
    assert subject(english) == f"Indicator values for {november('en')} · Cash collection"
    assert november("fr") in subject(french)
    assert november("fr") != november("en")  # "nov. 2026", not "Nov. 2026"
    assert english.get_body(preferencelist=("plain",)).get_content().startswith("Hello,")
    assert french.get_body(preferencelist=("plain",)).get_content().startswith("Bonjour,")
    assert "Hello," in english.get_body(preferencelist=("html",)).get_content()
    assert "Bonjour," in french.get_body(preferencelist=("html",)).get_content()
    for message in (english, french):
        assert submit_link(world) in message.get_body(preferencelist=("plain",)).get_content()


def test_the_html_part_declares_the_reader_s_language(world, smtp_inbox, victor_in_english):
    send(3)

    html = smtp_inbox.messages[0].get_body(preferencelist=("html",)).get_content()
    assert "Hello," in html
    assert '<html lang="en">' in html


def test_a_late_reminder_says_so(world, smtp_inbox, victor_in_english):
    send(8)

    message = smtp_inbox.messages[0]
    assert subject(message) == f"Late: indicator values for {november('en')} · Cash collection"
    assert "3 days ago" in message.get_body(preferencelist=("plain",)).get_content()


def test_the_link_opens_the_form_of_the_period_owed(world, smtp_inbox, client_for):
    send(3)
    link = submit_link(world).removeprefix(settings.PILOTAGE_BASE_URL.rstrip("/"))

    response = client_for(world.victor).get(link)

    assert response.status_code == 200
    assert response.context["period"] == NOVEMBER
    assert response.context["form"].indicators == [world.indicator]


# --- a server that does not answer ------------------------------------------------------


def test_a_reminder_that_could_not_be_sent_is_sent_on_the_next_run(world, smtp_inbox, settings):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = smtp.free_port()  # nobody listens there
    assert send(3) == 0  # refused by the network: not counted as sent, and no crash
    assert not ReminderSent.objects.exists()
    settings.EMAIL_PORT = port

    assert send(3) == 1
    assert len(smtp_inbox.messages) == 1
