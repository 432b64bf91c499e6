import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pilotage.governance import services
from pilotage.governance.models import Action, ActionStatus

pytestmark = pytest.mark.django_db


def _url(name, w, **kw):
    return reverse(f"governance:{name}", kwargs={"org": "acme", "pk": w.cash.pk, **kw})


def test_the_vendor_sees_the_actions_it_holds_on_its_home_page_and_not_another_vendors(
    world, client_for
):
    services.action_create(
        actor=world.rita,
        engagement=world.it,
        title="Patch the Lyon servers",
        held_by_vendor=True,
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    body = (
        client_for(world.victor).get(reverse("org_home", kwargs={"org": "acme"})).content.decode()
    )
    assert _("Actions you hold") in body
    assert "Send the aged balance by customer" in body
    assert "Patch the Lyon servers" not in body
    other = client_for(world.vera).get(reverse("org_home", kwargs={"org": "acme"})).content.decode()
    assert "Patch the Lyon servers" in other
    assert "Send the aged balance by customer" not in other


def test_the_vendor_marks_its_action_done_but_not_an_inside_one(world, client_for):
    inside = services.action_create(
        actor=world.bob,
        engagement=world.cash,
        title="Update the dunning letters",
        owner=world.bob,
        due_on=timezone.localdate(),
    )
    victor = client_for(world.victor)
    answer = victor.post(_url("action_status", world, action=world.action.pk), {"status": "done"})
    assert answer.status_code == 302
    world.action.refresh_from_db()
    assert world.action.status == ActionStatus.DONE
    refused = victor.post(_url("action_status", world, action=inside.pk), {"status": "done"})
    assert refused.status_code == 404
    assert Action.objects.get(pk=inside.pk).status == ActionStatus.OPEN


def test_an_action_without_owner_shows_the_message_and_stores_nothing(world, client_for):
    before = Action.objects.count()
    page = client_for(world.bob).post(
        _url("meeting_action", world, meeting=world.meeting.pk),
        {"title": "Call the top debtors", "owner": "", "due_on": "2030-01-10"},
    )
    assert page.status_code == 200
    assert (
        _("Give the action an owner: someone of the organisation or the vendor.")
        in page.content.decode()
    )
    assert Action.objects.count() == before


def test_a_cadence_in_the_past_shows_the_message(world, client_for):
    day = timezone.localdate() - dt.timedelta(days=3)
    page = client_for(world.bob).post(
        _url("home", world),
        {"kind": "weekly", "day": day.isoformat(), "time": "09:30", "duration_minutes": "30"},
    )
    assert page.status_code == 200
    assert _("The first meeting of a new cadence cannot be in the past.") in page.content.decode()


def test_the_meeting_page_shows_every_agenda_section(world, client_for):
    body = (
        client_for(world.bob).get(_url("meeting", world, meeting=world.meeting.pk)).content.decode()
    )
    for title in (
        _("Indicators off target or drifting"),
        _("Actions overdue"),
        _("Open requests to the vendor"),
    ):
        assert title in body
    assert _("Nothing to report.") in body
    assert _("Close the minutes") in body
