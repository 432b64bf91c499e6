"""The pilot pages through Django's test client, as the people of tests/conftest.py see them:
Alice (owner) decides, Bob runs "cash" and sets its pilot up, Victor (Recouvra, holding
"cash") reads the criteria it agreed to, Audrey reads; Vera and Oscar see nothing of it.

The world's pilot: "cash", 1 September to 30 November 2026, criteria not yet agreed.
The pages are read on fixed days (time-machine), the clients signed in on that day."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from pilotage.engagements.models import Stage
from pilotage.kpis import services as kpi_services
from pilotage.pilots import services
from pilotage.pilots.models import Criterion, Pilot, PilotDecision

from .helpers import stored, url

D = dt.date
DURING = dt.datetime(2026, 10, 20, 10, tzinfo=dt.UTC)  # day 50 of 91
AFTER = dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC)


@pytest.fixture
def on(client_for):
    """``with on(DURING, user) as client:`` a client signed in on that day."""

    class _On:
        def __init__(self, when, user):
            self.travel = time_machine.travel(when, tick=False)
            self.user = user

        def __enter__(self):
            self.travel.start()
            return client_for(self.user)

        def __exit__(self, *exc):
            self.travel.stop()

    return _On


def agree(w):
    return services.criteria_agree(actor=w.bob, pilot=w.pilot)


def field_error_shown(html: str, field: str) -> bool:
    if f'id="id_{field}_error"' not in html:
        return False
    widget = re.search(rf'<(?:input|select|textarea)\b[^>]*\bname="{re.escape(field)}"[^>]*>', html)
    if widget is None:
        return False
    return "is-invalid" in widget.group(0) or 'type="radio"' in widget.group(0)


def post_bad(client, address: str, data: dict, field: str | None):
    """The form comes back with the error on ``field`` (None: the whole form's), nothing stored."""
    before = stored()
    response = client.post(address, data)
    assert response.status_code == 200, response.get("Location")
    form = response.context["form"]
    page = response.content.decode()
    if field is None:
        assert form.non_field_errors()
        assert "alert-danger" in page
    else:
        assert field in form.errors, dict(form.errors)
        assert field_error_shown(page, field), field
    assert stored() == before
    return response


# --- the page, per person ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob", "victor", "audrey"])
def test_whoever_sees_cash_sees_its_pilot_and_criteria(world, on, who):
    with on(DURING, getattr(world, who)) as client:
        response = client.get(url(world, "page"))

    assert response.status_code == 200
    view = response.context["view"]
    assert [r.label for r in view.board.rows] == [
        world.indicator.name,
        "Complaints about the reminders",
    ]
    assert (view.progress.day, view.progress.days, view.progress.month) == (50, 91, 2)
    assert [s.share for s in view.steps] == [33, 66, 100]
    assert [s.current for s in view.steps] == [False, True, False]
    page = response.content.decode()
    assert "Invoices of customers A to F" in page
    assert "20 % of the invoices" in page


@pytest.mark.parametrize(
    ("who", "manages"), [("alice", True), ("bob", True), ("victor", False), ("audrey", False)]
)
def test_only_who_runs_the_engagement_is_offered_the_changes(world, on, who, manages):
    with on(DURING, getattr(world, who)) as client:
        page = client.get(url(world, "page")).content.decode()
    assert (f'href="{url(world, "edit")}"' in page) == manages
    assert (f'href="{url(world, "criteria")}"' in page) == manages
    assert (f'action="{url(world, "agree")}"' in page) == manages


@pytest.mark.parametrize("who", ["alice", "bob", "victor", "audrey"])
def test_only_the_owner_is_offered_the_decision_once_agreed(world, on, who):
    agree(world)
    with on(DURING, getattr(world, who)) as client:
        page = client.get(url(world, "page")).content.decode()
    assert (f'href="{url(world, "decide")}"' in page) == (who == "alice")


@pytest.mark.parametrize("who", ["vera", "oscar"])
def test_others_find_no_pilot_of_cash(world, on, who):
    with on(DURING, getattr(world, who)) as client:
        assert client.get(url(world, "page")).status_code == 404
        assert client.post(url(world, "agree")).status_code == 404
    world.pilot.refresh_from_db()
    assert not world.pilot.agreed


def test_the_measure_shows_on_the_page(world, on):
    with on(DURING, world.bob) as client:
        response = client.get(url(world, "page"))
    board = response.context["view"].board
    first = board.rows[0]
    assert (first.measured, first.verdict, first.count) == (Decimal(2), "met", 1)
    assert board.rows[1].verdict == "no_data"
    assert board.recommendation.verdict == "cannot_judge"


# --- before set-up ----------------------------------------------------------------------


def test_an_engagement_without_pilot_offers_the_set_up_to_who_may(world, on):
    with on(DURING, world.alice) as client:
        response = client.get(url(world, "page", engagement=world.it))
    assert response.status_code == 200
    assert response.context["form"] is not None
    assert "view" not in response.context

    with on(DURING, world.vera) as client:
        response = client.get(url(world, "page", engagement=world.it))
    assert response.status_code == 200
    assert response.context["form"] is None


def test_setting_up_a_pilot_from_the_page(world, on):
    with on(DURING, world.alice) as client:
        response = client.post(
            url(world, "page", engagement=world.it),
            {
                "scope": "Tickets of the Lyon site",
                "volume": "a third of the tickets",
                "start_date": "2026-11-02",
                "end_date": "2027-02-01",
                "ramp_up_months": "3",
            },
        )
    assert response.status_code == 302
    pilot = Pilot.objects.get(engagement=world.it)
    assert (pilot.scope, pilot.volume, pilot.start_date) == (
        "Tickets of the Lyon site",
        "a third of the tickets",
        D(2026, 11, 2),
    )
    assert [s.share for s in pilot.steps.all()] == [33, 66, 100]


SETUP = {
    "scope": "Tickets of the Lyon site",
    "volume": "",
    "start_date": "2026-11-02",
    "end_date": "2027-02-01",
    "ramp_up_months": "3",
}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_date": "2026-10-01"}, "end_date"),
        ({"end_date": "2028-01-01"}, "end_date"),
        ({"end_date": "31/02/2027"}, "end_date"),
        ({"ramp_up_months": "0"}, "ramp_up_months"),
        ({"ramp_up_months": "13"}, "ramp_up_months"),
        ({"ramp_up_months": "three"}, "ramp_up_months"),
        ({"scope": ""}, "scope"),
        ({"scope": "x" * 10_000}, "scope"),
    ],
)
def test_a_wrong_set_up_comes_back_with_its_error(world, on, changes, field):
    with on(DURING, world.alice) as client:
        post_bad(client, url(world, "page", engagement=world.it), {**SETUP, **changes}, field)


# --- editing ----------------------------------------------------------------------------


def test_the_ramp_up_plan_is_edited_month_by_month(world, on):
    with on(DURING, world.bob) as client:
        response = client.post(
            url(world, "ramp"),
            {"share_1": "20", "note_1": "Customers A to C", "share_2": "50", "share_3": "100"},
        )
    assert response.status_code == 302
    assert [(s.share, s.note) for s in world.pilot.steps.all()] == [
        (20, "Customers A to C"),
        (50, ""),
        (100, ""),
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"share_1": "50", "share_2": "30", "share_3": "100"}, "share_2"),
        ({"share_1": "33", "share_2": "66", "share_3": "150"}, "share_3"),
        ({"share_1": "-1", "share_2": "66", "share_3": "100"}, "share_1"),
        ({"share_1": "33", "share_2": "", "share_3": "100"}, "share_2"),
        ({"share_1": "33", "share_2": "lots", "share_3": "100"}, "share_2"),
        ({"share_1": "33", "share_2": "66", "share_3": "100", "note_1": "x" * 300}, "note_1"),
    ],
)
def test_a_wrong_ramp_up_comes_back_with_its_error(world, on, data, field):
    with on(DURING, world.bob) as client:
        post_bad(client, url(world, "ramp"), data, field)


def test_the_dates_cannot_be_edited_once_agreed(world, on):
    agree(world)
    with on(DURING, world.bob) as client:
        response = client.get(url(world, "edit"))
        assert response.context["form"].fields["end_date"].disabled
        client.post(
            url(world, "edit"),
            {
                "scope": "Customers A to F",
                "volume": "",
                "start_date": "2026-09-01",
                "end_date": "2027-03-31",  # ignored: the field is disabled
                "ramp_up_months": "3",
            },
        )
    world.pilot.refresh_from_db()
    assert (world.pilot.scope, world.pilot.end_date) == ("Customers A to F", D(2026, 11, 30))


# --- criteria ---------------------------------------------------------------------------


def test_the_criteria_page_offers_the_engagements_indicators(world, on):
    with on(DURING, world.bob) as client:
        response = client.get(url(world, "criteria"))
    offered = list(response.context["form"].fields["indicator"].queryset)
    assert world.indicator in offered
    assert all(i.engagement_id == world.cash.pk for i in offered)
    assert response.context["indicators"] == offered


def test_a_criterion_is_added_with_its_threshold_in_the_indicators_unit(world, on):
    with on(DURING, world.bob) as client:
        response = client.post(
            url(world, "criteria"),
            {
                "indicator": world.indicator.pk,
                "comparator": "at_most",
                "threshold": "3",
                "rule": "worst",
            },
        )
    assert response.status_code == 302
    added = Criterion.objects.filter(pilot=world.pilot).last()
    assert (added.indicator, added.threshold, added.rule) == (world.indicator, Decimal(3), "worst")


def test_a_criterion_is_changed_then_removed(world, on):
    with on(DURING, world.bob) as client:
        address = url(world, "criterion", criterion=world.pilot_criterion.pk)
        form = client.get(address).context["form"]
        assert form.initial["threshold"] == "2"
        client.post(
            address,
            {
                "indicator": world.indicator.pk,
                "comparator": "at_most",
                "threshold": "1",
                "rule": "latest",
            },
        )
        world.pilot_criterion.refresh_from_db()
        assert (world.pilot_criterion.threshold, world.pilot_criterion.rule) == (
            Decimal(1),
            "latest",
        )
        assert client.post(address, {"delete": "1"}).status_code == 302
    assert not Criterion.objects.filter(pk=world.pilot_criterion.pk).exists()


def other_indicator(w):
    return kpi_services.leader_time_ensure(engagement=w.it).pk


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            lambda w: {
                "indicator": w.indicator.pk,
                "comparator": "at_most",
                "threshold": "abc",
                "rule": "average",
            },
            "threshold",
        ),
        (
            lambda w: {
                "indicator": w.indicator.pk,
                "comparator": "at_most",
                "threshold": "45 %",
                "rule": "average",
            },
            "threshold",
        ),
        (
            lambda w: {
                "indicator": w.indicator.pk,
                "comparator": "at_most",
                "threshold": "",
                "rule": "average",
            },
            "threshold",
        ),
        (
            lambda w: {
                "indicator": other_indicator(w),
                "comparator": "at_most",
                "threshold": "2",
                "rule": "average",
            },
            "indicator",
        ),
        (
            lambda w: {
                "indicator": "abc",
                "comparator": "at_most",
                "threshold": "2",
                "rule": "average",
            },
            "indicator",
        ),
        (
            lambda w: {
                "indicator": w.indicator.pk,
                "comparator": "about",
                "threshold": "2",
                "rule": "average",
            },
            "comparator",
        ),
        (
            lambda w: {
                "indicator": w.indicator.pk,
                "comparator": "at_most",
                "threshold": "2",
                "rule": "median",
            },
            "rule",
        ),
        (
            lambda w: {
                "indicator": "",
                "comparator": "at_most",
                "threshold": "2",
                "rule": "average",
            },
            "label",
        ),
        (
            lambda w: {
                "indicator": "",
                "label": "Survey",
                "comparator": "at_most",
                "threshold": "2",
                "rule": "average",
            },
            "unit",
        ),
        (
            lambda w: {
                "indicator": "",
                "label": "Survey",
                "unit": "percent",
                "comparator": "at_least",
                "threshold": "120 %",
                "rule": "average",
            },
            "threshold",
        ),
    ],
)
def test_a_wrong_criterion_comes_back_with_its_error(world, on, data, field):
    with on(DURING, world.bob) as client:
        post_bad(client, url(world, "criteria"), data(world), field)


def test_an_indicator_of_another_engagement_is_refused_on_the_edit_page_too(world, on):
    data = {
        "indicator": other_indicator(world),
        "comparator": "at_most",
        "threshold": "2",
        "rule": "latest",
    }
    with on(DURING, world.bob) as client:
        post_bad(
            client, url(world, "criterion", criterion=world.pilot_criterion.pk), data, "indicator"
        )


def test_agreeing_from_the_page_freezes_the_criteria(world, on):
    with on(DURING, world.bob) as client:
        assert client.post(url(world, "agree")).status_code == 302
        world.pilot.refresh_from_db()
        assert world.pilot.agreed

        valid = {
            "indicator": world.indicator.pk,
            "comparator": "at_most",
            "threshold": "5",
            "rule": "average",
        }
        post_bad(client, url(world, "criteria"), valid, None)
        post_bad(client, url(world, "criterion", criterion=world.pilot_criterion.pk), valid, None)
        post_bad(
            client,
            url(world, "criterion", criterion=world.pilot_criterion.pk),
            {"delete": "1"},
            None,
        )
        # The page no longer offers to change them.
        page = client.get(url(world, "page")).content.decode()
    assert f'href="{url(world, "criteria")}"' not in page


def test_a_measure_is_typed_for_a_criterion_without_indicator(world, on):
    with on(AFTER, world.bob) as client:
        response = client.post(
            url(world, "measure", criterion=world.pilot_manual.pk),
            {"value": "3", "note": "Customer service log: 3 complaints."},
        )
        assert response.status_code == 302
        board = client.get(url(world, "page")).context["view"].board
    assert (board.rows[1].measured, board.rows[1].verdict) == (Decimal(3), "not_met")
    assert board.recommendation.verdict == "no_go"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"value": "1,5", "note": "Log"}, "value"),
        ({"value": "abc", "note": "Log"}, "value"),
        ({"value": "1", "note": ""}, "note"),
    ],
)
def test_a_wrong_measure_comes_back_with_its_error(world, on, data, field):
    with on(AFTER, world.bob) as client:
        post_bad(client, url(world, "measure", criterion=world.pilot_manual.pk), data, field)


def test_a_criterion_on_an_indicator_has_no_measure_page(world, on):
    with on(AFTER, world.bob) as client:
        assert (
            client.get(url(world, "measure", criterion=world.pilot_criterion.pk)).status_code == 404
        )


# --- the decision -----------------------------------------------------------------------


def test_the_owner_decides_go_and_the_engagement_moves_to_run(world, on):
    pilot = services.pilot_create(
        actor=world.alice,
        engagement=world.it,
        scope="Tickets of the Lyon site",
        start_date=D(2026, 9, 1),
        end_date=D(2026, 11, 30),
    )
    services.criterion_save(
        actor=world.alice,
        pilot=pilot,
        indicator=None,
        label="Users satisfied",
        unit="percent",
        comparator="at_least",
        threshold="80 %",
    )
    services.criteria_agree(actor=world.alice, pilot=pilot)
    with on(AFTER, world.alice) as client:
        response = client.post(
            url(world, "decide", engagement=world.it),
            {"decision": "go", "reasons": "Tickets closed within the day.", "back_to": "selection"},
        )
    assert response.status_code == 302
    world.it.refresh_from_db()
    assert world.it.stage == Stage.RUN


def test_the_decision_and_its_reasons_stay_on_the_page_for_everyone(world, on):
    agree(world)
    with on(AFTER, world.alice) as client:
        client.post(
            url(world, "decide"),
            {"decision": "no_go", "reasons": "Two customers' files were lost.", "back_to": "exit"},
        )
    world.cash.refresh_from_db()
    assert world.cash.stage == Stage.EXIT
    for who in ("alice", "bob", "victor", "audrey"):
        with on(AFTER, getattr(world, who)) as client:
            response = client.get(url(world, "page"))
        assert "Two customers&#x27;s files" not in response.content.decode()  # escaped once only
        assert "Two customers&#x27; files were lost." in response.content.decode()
        assert response.context["view"].final.decision == "no_go"
        assert response.context["view"].board.frozen


def test_an_early_decision_needs_the_tick_and_is_marked(world, on):
    agree(world)
    with on(DURING, world.alice) as client:
        post_bad(
            client, url(world, "decide"), {"decision": "go", "reasons": "Good enough."}, "early"
        )
        response = client.post(
            url(world, "decide"), {"decision": "go", "reasons": "Good enough.", "early": "on"}
        )
    assert response.status_code == 302
    assert PilotDecision.objects.get(pilot=world.pilot).early


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": "go", "reasons": ""}, "reasons"),
        ({"decision": "no_go", "reasons": "   "}, "reasons"),
        ({"decision": "", "reasons": "Why not"}, "decision"),
        (
            {"decision": "extended", "reasons": "More time", "new_end_date": "2026-11-01"},
            "new_end_date",
        ),
        ({"decision": "extended", "reasons": "More time", "new_end_date": ""}, "new_end_date"),
        (
            {"decision": "extended", "reasons": "More time", "new_end_date": "31/02/2027"},
            "new_end_date",
        ),
        ({"decision": "no_go", "reasons": "No", "back_to": "diagnostic"}, "back_to"),
    ],
)
def test_a_wrong_decision_comes_back_with_its_error(world, on, data, field):
    agree(world)
    with on(AFTER, world.alice) as client:
        post_bad(client, url(world, "decide"), data, field)


def test_no_decision_before_the_criteria_are_agreed(world, on):
    with on(AFTER, world.alice) as client:
        post_bad(client, url(world, "decide"), {"decision": "go", "reasons": "OK"}, None)


def test_an_extension_from_the_decision_page(world, on):
    agree(world)
    with on(DURING, world.alice) as client:
        response = client.post(
            url(world, "decide"),
            {"decision": "extended", "reasons": "Wait for December.", "new_end_date": "2026-12-31"},
        )
        assert response.status_code == 302
        page = client.get(url(world, "page"))
    world.pilot.refresh_from_db()
    assert world.pilot.end_date == D(2026, 12, 31)
    assert page.context["view"].final is None
    assert "Wait for December." in page.content.decode()
