"""Deadline alerts by e-mail, run once a day (``contracts.alerts`` in core/scheduler.py).

For every contract, the date to watch is the last day to give notice (tacit renewal) or its
end (no renewal, or notice given). Each offset (days before that date) whose day has come
and that is not yet recorded in ContractAlert is due: ONE message goes (the most urgent
offset come), and every offset come is recorded with it, so a worker down for weeks sends
one catch-up message, never three. The rows are written in the same transaction as the
sending: a mail server error leaves nothing recorded and the next run tries again.

After a renewal the deadline is a new date, so its alerts are new rows: they re-arm by
construction. A notice deadline that passed with no alert ever recorded for it (the worker
down the whole window) gets one "missed" message: the contract renews on …, the next
deadline is ….
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pilotage.core import notify
from pilotage.core.models import Role, User

from . import terms
from .models import AlertKind, Contract, ContractAlert, ContractKind
from .services import duration_text, terms_of

logger = logging.getLogger(__name__)
KIND = "contract_deadline"


def send_due(today: dt.date | None = None) -> int:
    """Send what is due on ``today``; returns how many alerts went."""
    today = today or timezone.localdate()
    sent = 0
    contracts = Contract.objects.filter(kind=ContractKind.CONTRACT).select_related(
        "engagement__organisation", "engagement__referent", "engagement__vendor"
    )
    recorded: dict[int, set[tuple[str, dt.date, int]]] = {}
    for kind, contract_id, deadline, offset in ContractAlert.objects.filter(
        contract__in=contracts
    ).values_list("kind", "contract_id", "deadline", "offset"):
        recorded.setdefault(contract_id, set()).add((kind, deadline, offset))
    for contract in contracts:
        done = recorded.get(contract.pk, set())
        sent += _contract_alerts(contract, today, done)
    return sent


def _contract_alerts(
    contract: Contract, today: dt.date, done: set[tuple[str, dt.date, int]]
) -> int:
    t = terms_of(contract)
    status = terms.status(t, today)
    created = timezone.localtime(contract.created_at).date() if contract.created_at else today
    sent = 0
    # A notice deadline passed without any alert (the worker was down the whole window).
    passed = terms.last_passed_deadline(t, today)
    if passed is not None and contract.notice_given_on is None:
        cycle, deadline = passed
        if deadline >= created and not any(d == deadline for _k, d, _o in done):
            sent += _send(
                contract,
                AlertKind.MISSED,
                deadline,
                [0],
                today,
                status,
                renews_on=t.cycle_end(cycle) + terms.DAY,
            )
    # The date to watch ahead.
    if status.notice_deadline is not None:
        kind, deadline = AlertKind.NOTICE, status.notice_deadline
    elif status.ends_on is not None and not status.ended:
        kind, deadline = AlertKind.END, status.ends_on
    else:
        return sent
    came = terms.alerts_due(deadline, list(contract.alert_offsets or []), today)
    new = [o for o in came if (kind, deadline, o) not in done]
    if new:
        sent += _send(contract, kind, deadline, new, today, status)
    return sent


def _recipients(contract: Contract) -> list[User]:
    engagement = contract.engagement
    people = list(
        User.objects.filter(
            memberships__organisation=engagement.organisation,
            memberships__role=Role.OWNER,
            memberships__is_active=True,
        ).distinct()
    )
    if (
        engagement.referent is not None
        and engagement.referent.memberships.filter(
            organisation=engagement.organisation, is_active=True
        ).exists()
    ):
        people.append(engagement.referent)
    return people


def _send(
    contract: Contract,
    kind: str,
    deadline: dt.date,
    offsets: list[int],
    today: dt.date,
    status: terms.Status,
    *,
    renews_on: dt.date | None = None,
) -> int:
    """Record ``offsets`` of ``deadline`` and send one message about the most urgent one;
    nothing is recorded unless the mail server took it."""
    engagement = contract.engagement
    link = notify.absolute(
        reverse(
            "contracts:detail",
            kwargs={
                "org": engagement.organisation.slug,
                "pk": engagement.pk,
                "contract": contract.pk,
            },
        )
    )
    offset = min(offsets)
    context = {
        "contract": contract,
        "engagement": engagement,
        "organisation": engagement.organisation,
        "kind": kind,
        "deadline": deadline,
        "days_left": (deadline - today).days,
        "offset": offset,
        "status": status,
        "renews_on": renews_on,
        "notice": duration_text(contract.notice_amount, contract.notice_unit),
    }
    try:
        with transaction.atomic():
            now = timezone.now()
            rows = [
                ContractAlert.objects.create(
                    contract=contract, kind=kind, deadline=deadline, offset=o, sent_at=now
                )
                for o in offsets
            ]
            addresses = notify.send(
                KIND, _recipients(contract), "contracts/email/deadline", context, link
            )
            ContractAlert.objects.filter(pk__in=[r.pk for r in rows]).update(
                recipients=", ".join(addresses)
            )
    except IntegrityError:
        return 0  # recorded meanwhile by another run
    except (OSError, smtplib.SMTPException):
        logger.exception(
            "Contract alert for %s (%s %s) not sent; tried again next run", contract, kind, deadline
        )
        return 0
    return 1
