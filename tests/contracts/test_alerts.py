"""Deadline alerts by e-mail, through a real SMTP server: once each, in the recipient's
language, caught up after a worker was down, re-armed after a renewal."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pilotage.contracts import alerts
from pilotage.contracts.models import ContractAlert
from pilotage.core import scheduler
from pilotage.core.models import NotificationOptOut
from tests import smtp

from .helpers import contract_on, noon, small_org

D = dt.date


def send(day: dt.date) -> int:
    with time_machine.travel(noon(day), tick=False):
        return alerts.send_due(day)


def to(inbox, address):
    return [m for m in inbox.messages if address in m["To"]]


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def org(db):
    return small_org()


def test_the_first_alert_goes_once_to_owner_and_referent_each_in_their_language(org, smtp_inbox):
    contract = contract_on(org, D(2026, 1, 1))
    assert send(D(2026, 7, 1)) == 0  # 91 days before 30 September: nothing yet
    assert send(D(2026, 7, 2)) == 1
    assert send(D(2026, 7, 2)) == 0
    assert send(D(2026, 7, 3)) == 0
    assert len(smtp_inbox.messages) == 2
    (english,) = to(smtp_inbox, "olga@initech.test")
    (french,) = to(smtp_inbox, "rene@initech.test")
    assert "Last day to give notice in 90 days: CT-1" in english["Subject"]
    assert "30 September 2026" in text_of(english)
    assert "31 December 2026" in text_of(english)
    assert "30 septembre 2026" in text_of(french)
    assert "30 septembre 2026" in html_of(french)
    link = (
        f"http://127.0.0.1:8000/o/initech/engagements/{org.engagement.pk}/contracts/{contract.pk}/"
    )
    assert link in text_of(english) and link in html_of(english)
    assert "/unsubscribe/" in text_of(english) and english["List-Unsubscribe"]
    (row,) = ContractAlert.objects.all()
    assert (row.kind, row.deadline, row.offset) == ("notice", D(2026, 9, 30), 90)
    assert row.recipients == "olga@initech.test, rene@initech.test"


def test_someone_who_opted_out_gets_nothing(org, smtp_inbox):
    contract_on(org, D(2026, 1, 1))
    NotificationOptOut.objects.create(user=org.referent, kind="contract_deadline")
    assert send(D(2026, 7, 2)) == 1
    assert [m["To"] for m in smtp_inbox.messages] == ["olga@initech.test"]


def test_the_vendor_is_never_told(org, smtp_inbox):
    contract_on(org, D(2026, 1, 1))
    send(D(2026, 7, 2))
    assert not to(smtp_inbox, "victor@recouvra.test")


def test_a_mail_server_down_records_nothing_and_the_next_run_sends(org, smtp_inbox, settings):
    contract_on(org, D(2026, 1, 1))
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = smtp.free_port()  # nobody listens there
    assert send(D(2026, 8, 31)) == 0
    assert not ContractAlert.objects.exists()
    settings.EMAIL_PORT = port
    assert send(D(2026, 9, 1)) == 1
    assert sorted(ContractAlert.objects.values_list("offset", flat=True)) == [30, 90]
    assert len(to(smtp_inbox, "olga@initech.test")) == 1


def test_a_worker_down_for_weeks_sends_one_catch_up_not_three(org, smtp_inbox):
    contract_on(org, D(2026, 1, 1))
    assert send(D(2026, 9, 25)) == 1
    (message,) = to(smtp_inbox, "olga@initech.test")
    assert "in 5 days" in message["Subject"]
    assert sorted(ContractAlert.objects.values_list("offset", flat=True)) == [7, 30, 90]
    assert send(D(2026, 9, 26)) == 0


def test_a_deadline_missed_entirely_is_told_once_with_the_renewal_and_the_next_deadline(
    org, smtp_inbox
):
    contract_on(org, D(2026, 1, 1), alert_offsets=[30, 7])
    assert send(D(2026, 10, 5)) == 1
    (message,) = to(smtp_inbox, "olga@initech.test")
    assert "Notice deadline passed: CT-1" in message["Subject"]
    body = text_of(message)
    assert "30 September 2026" in body and "1 January 2027" in body
    assert "30 September 2027" in body
    assert send(D(2026, 10, 6)) == 0
    (row,) = ContractAlert.objects.all()
    assert (row.kind, row.deadline) == ("missed", D(2026, 9, 30))


def test_a_deadline_before_the_contract_was_recorded_is_not_missed(org, smtp_inbox):
    contract_on(org, D(2026, 11, 1))  # entered after its first deadline had passed
    assert send(D(2026, 11, 2)) == 0
    assert not smtp_inbox.messages


def test_a_contract_without_renewal_warns_before_its_end(org, smtp_inbox):
    contract_on(org, D(2026, 1, 1), tacit_renewal=False, alert_offsets=[30])
    assert send(D(2026, 12, 1)) == 1
    (message,) = to(smtp_inbox, "olga@initech.test")
    assert "Contract ends in 30 days: CT-1" in message["Subject"]
    assert "will not renew" in text_of(message)


def test_notice_given_stops_the_notice_alerts(org, smtp_inbox):
    from pilotage.contracts import services

    contract = contract_on(org, D(2026, 1, 1), alert_offsets=[90, 7])
    services.notice_give(
        actor=org.owner, contract=contract, given_on=D(2026, 6, 1), today=D(2026, 6, 1)
    )
    assert send(D(2026, 9, 25)) == 0
    # What is watched now is the end: 31 December, 90 days before is 2 October.
    assert send(D(2026, 10, 2)) == 1
    assert "Fin du contrat dans 90 jours" in smtp_inbox.messages[-1]["Subject"]


def test_the_scheduler_across_two_renewal_cycles_sends_each_alert_once(db, smtp_inbox, monkeypatch):
    """12 months renewed tacitly, 3 months' notice, alerts at 90, 30 and 7 days: walk every
    day for 25 months, the worker down for 20 days across the second cycle's 30-day alert."""
    org = small_org(referent=False)
    contract_on(org, D(2026, 1, 1))
    # Only this part's job: the others' are tested with their own data.
    monkeypatch.setattr(scheduler, "JOBS", {"contracts.alerts": scheduler.JOBS["contracts.alerts"]})
    down = {D(2027, 8, 25) + dt.timedelta(days=i) for i in range(20)}  # 25 Aug to 13 Sep 2027
    got = []
    day = D(2026, 1, 1)
    with time_machine.travel(noon(day), tick=False) as traveller:
        while day <= D(2028, 1, 31):
            if day not in down:
                traveller.move_to(noon(day))
                before = len(smtp_inbox.messages)
                assert scheduler.run_due(day) == {
                    "contracts.alerts": len(smtp_inbox.messages) - before
                }
                got += [
                    (day, m["Subject"].split(":")[0].strip()) for m in smtp_inbox.messages[before:]
                ]
            day += dt.timedelta(days=1)
    assert got == [
        (D(2026, 7, 2), "Last day to give notice in 90 days"),
        (D(2026, 8, 31), "Last day to give notice in 30 days"),
        (D(2026, 9, 23), "Last day to give notice in 7 days"),
        (D(2027, 7, 2), "Last day to give notice in 90 days"),
        (D(2027, 9, 14), "Last day to give notice in 16 days"),  # the 30-day one, caught up
        (D(2027, 9, 23), "Last day to give notice in 7 days"),
    ]
    assert sorted(ContractAlert.objects.values_list("deadline", "offset")) == [
        (D(2026, 9, 30), 7),
        (D(2026, 9, 30), 30),
        (D(2026, 9, 30), 90),
        (D(2027, 9, 30), 7),
        (D(2027, 9, 30), 30),
        (D(2027, 9, 30), 90),
    ]
