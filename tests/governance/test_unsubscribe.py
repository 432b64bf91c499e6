"""The link at the foot of every e-mail stops that kind of message; the account page turns it
back on."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.urls import reverse

from pilotage.core import notify
from pilotage.core.models import NotificationOptOut
from pilotage.kpis import reminders


def send(day: int) -> int:
    return reminders.send_due(today=dt.date(2026, 12, day))


def unsubscribe_path(message) -> str:
    plain = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/unsubscribe/\S+/", plain).group(0)
    return link.removeprefix(settings.PILOTAGE_BASE_URL.rstrip("/"))


def test_a_reminder_carries_the_link_and_following_it_stops_the_next(world, smtp_inbox, client_for):
    assert send(3) == 1
    message = smtp_inbox.messages[0]
    path = unsubscribe_path(message)
    assert (
        message["List-Unsubscribe"].strip() == f"<{settings.PILOTAGE_BASE_URL.rstrip('/')}{path}>"
    )
    anonymous = client_for(None)

    page = anonymous.get(path)
    assert page.status_code == 200
    assert not NotificationOptOut.objects.exists()  # a GET only asks
    assert anonymous.post(path).status_code == 200

    assert NotificationOptOut.objects.filter(user=world.victor, kind="kpi_reminder").exists()
    assert send(5) == 0
    assert len(smtp_inbox.messages) == 1


def test_the_one_click_post_of_a_mail_client_works_without_a_session(world, client_for):
    from django.test import Client

    path = reverse("unsubscribe", args=[notify.unsubscribe_token(world.victor, "request")])
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert NotificationOptOut.objects.filter(user=world.victor, kind="request").exists()


def test_a_forged_token_answers_404(world, client_for):
    token = notify.unsubscribe_token(world.victor, "request")
    response = client_for(None).post(reverse("unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 404
    assert not NotificationOptOut.objects.exists()
