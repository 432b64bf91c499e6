"""Writes to a pilot: set-up, ramp-up, criteria frozen once agreed, and the go/no-go decision
moving the engagement's stage. The world's pilot is on "cash" (stage run), September to
November 2026, criteria not yet agreed; "it" (Axiome, stage pilot) has none."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pilotage.core.models import AuditEntry
from pilotage.engagements.models import Stage, StageChange
from pilotage.kpis import services as kpi_services
from pilotage.pilots import services
from pilotage.pilots.models import Criterion, Decision, Pilot, PilotDecision

from .helpers import stored

D = dt.date
AFTER = D(2026, 12, 10)  # the pilot of "cash" is over
DURING = D(2026, 10, 20)


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def it_pilot(w, **changes) -> Pilot:
    data = dict(
        actor=w.alice,
        engagement=w.it,
        scope="Tickets of the Lyon site",
        start_date=D(2026, 9, 1),
        end_date=D(2026, 11, 30),
    )
    return services.pilot_create(**{**data, **changes})


def agreed_it_pilot(w) -> Pilot:
    pilot = it_pilot(w)
    services.criterion_save(
        actor=w.alice,
        pilot=pilot,
        indicator=None,
        label="Users satisfied",
        unit="percent",
        comparator="at_least",
        threshold="80 %",
    )
    return services.criteria_agree(actor=w.alice, pilot=pilot)


# --- set-up -----------------------------------------------------------------------------


def test_a_new_pilot_ramps_up_in_three_even_months(world):
    pilot = it_pilot(world)

    assert [(s.month, s.share) for s in pilot.steps.all()] == [(1, 33), (2, 66), (3, 100)]
    assert pilot.decision == Decision.PENDING
    assert not pilot.agreed
    assert AuditEntry.objects.filter(object_type="pilots.pilot", object_id=str(pilot.pk)).exists()


def test_a_five_month_ramp_up_climbs_by_fifths(world):
    pilot = it_pilot(world, ramp_up_months=5, end_date=D(2027, 1, 31))
    assert [s.share for s in pilot.steps.all()] == [20, 40, 60, 80, 100]


def test_an_engagement_has_one_pilot(world):
    before = stored()
    with pytest.raises(ValidationError):
        services.pilot_create(
            actor=world.alice,
            engagement=world.cash,
            scope="Again",
            start_date=D(2027, 1, 1),
            end_date=D(2027, 3, 31),
        )
    assert stored() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_date": D(2026, 8, 31)}, "end_date"),  # before the start
        ({"end_date": D(2027, 9, 2)}, "end_date"),  # more than 12 months
        ({"ramp_up_months": 0}, "ramp_up_months"),
        ({"ramp_up_months": 13}, "ramp_up_months"),
        ({"scope": "  "}, "scope"),
    ],
)
def test_a_pilot_with_wrong_dates_or_ramp_up_is_refused_whole(world, changes, field):
    before = stored()
    assert field in errors_of(lambda: it_pilot(world, **changes))
    assert stored() == before


def test_a_pilot_may_last_exactly_twelve_months(world):
    assert it_pilot(world, end_date=D(2027, 9, 1)).end_date == D(2027, 9, 1)


def test_a_longer_ramp_up_resets_the_plan_keeping_the_notes(world):
    services.ramp_save(
        actor=world.bob,
        pilot=world.pilot,
        steps=[services.StepData(10, "A only"), services.StepData(50), services.StepData(100)],
    )
    services.pilot_update(actor=world.bob, pilot=world.pilot, ramp_up_months=4)

    steps = list(world.pilot.steps.all())
    assert [(s.share, s.note) for s in steps] == [(25, "A only"), (50, ""), (75, ""), (100, "")]


# --- the ramp-up plan -------------------------------------------------------------------


def test_the_ramp_up_plan_is_saved_month_by_month(world):
    services.ramp_save(
        actor=world.bob,
        pilot=world.pilot,
        steps=[
            services.StepData(20, "Recouvra handles customers A–F only"),
            services.StepData(20),
            services.StepData(100, "Every customer"),
        ],
    )
    assert [(s.month, s.share, s.note) for s in world.pilot.steps.all()] == [
        (1, 20, "Recouvra handles customers A–F only"),
        (2, 20, ""),
        (3, 100, "Every customer"),
    ]


@pytest.mark.parametrize(
    ("shares", "field"),
    [
        ([50, 30, 100], "share_2"),  # goes down
        ([33, 66, 120], "share_3"),  # above 100
        ([-5, 66, 100], "share_1"),
        ([33, None, 100], "share_2"),
    ],
)
def test_a_ramp_up_going_down_or_beyond_100_is_refused(world, shares, field):
    before = stored()
    steps = [services.StepData(s) for s in shares]
    assert field in errors_of(
        lambda: services.ramp_save(actor=world.bob, pilot=world.pilot, steps=steps)
    )
    assert stored() == before


def test_a_ramp_up_with_a_month_missing_is_refused(world):
    with pytest.raises(ValidationError):
        services.ramp_save(
            actor=world.bob,
            pilot=world.pilot,
            steps=[services.StepData(50), services.StepData(100)],
        )


# --- criteria ---------------------------------------------------------------------------


def test_a_threshold_is_read_in_the_indicators_unit(world):
    dso = kpi_services.template_add(actor=world.bob, engagement=world.cash, code="dso")
    criterion = services.criterion_save(
        actor=world.bob,
        pilot=world.pilot,
        indicator=dso,
        comparator="at_most",
        threshold="45 j",
        rule="latest",
    )
    assert criterion.threshold == Decimal(45)
    assert criterion.unit == "days"
    assert criterion.label == dso.name  # the indicator's name when none is given


@pytest.mark.parametrize(
    ("threshold", "field"),
    [("abc", "threshold"), ("45 %", "threshold"), ("2,5", "threshold"), ("", "threshold")],
)
def test_a_threshold_that_is_no_count_is_refused(world, threshold, field):
    before = stored()
    assert field in errors_of(
        lambda: services.criterion_save(
            actor=world.bob,
            pilot=world.pilot,
            indicator=world.indicator,
            comparator="at_most",
            threshold=threshold,
        )
    )
    assert stored() == before


def test_an_indicator_of_another_engagement_is_refused(world):
    other = kpi_services.leader_time_ensure(engagement=world.it)
    before = stored()
    assert "indicator" in errors_of(
        lambda: services.criterion_save(
            actor=world.bob,
            pilot=world.pilot,
            indicator=other,
            comparator="at_most",
            threshold="2",
        )
    )
    assert stored() == before


def test_a_criterion_without_indicator_needs_a_name_and_a_unit(world):
    found = errors_of(
        lambda: services.criterion_save(
            actor=world.bob,
            pilot=world.pilot,
            indicator=None,
            comparator="at_most",
            threshold="2",
        )
    )
    assert {"label", "unit"} <= set(found)


def test_agreeing_freezes_the_criteria(world):
    services.criteria_agree(actor=world.bob, pilot=world.pilot)
    world.pilot.refresh_from_db()
    assert world.pilot.agreed
    assert world.pilot.criteria_agreed_by == world.bob
    before = stored()

    with pytest.raises(ValidationError):
        services.criterion_save(
            actor=world.bob,
            pilot=world.pilot,
            criterion=world.pilot_criterion,
            indicator=world.indicator,
            comparator="at_most",
            threshold="5",
        )
    with pytest.raises(ValidationError):
        services.criterion_save(
            actor=world.alice,
            pilot=world.pilot,
            indicator=world.indicator,
            comparator="at_least",
            threshold="0",
        )
    with pytest.raises(ValidationError):
        services.criterion_delete(actor=world.alice, criterion=world.pilot_criterion)
    with pytest.raises(ValidationError):
        services.criteria_agree(actor=world.alice, pilot=world.pilot)

    assert stored() == before
    assert Criterion.objects.get(pk=world.pilot_criterion.pk).threshold == Decimal(2)


def test_the_agreed_dates_stay_but_the_scope_may_be_worded_better(world):
    services.criteria_agree(actor=world.bob, pilot=world.pilot)

    found = errors_of(
        lambda: services.pilot_update(actor=world.bob, pilot=world.pilot, end_date=D(2026, 12, 31))
    )
    assert "end_date" in found
    services.pilot_update(actor=world.bob, pilot=world.pilot, scope="Customers A to F (Lyon)")
    world.pilot.refresh_from_db()
    assert (world.pilot.scope, world.pilot.end_date) == ("Customers A to F (Lyon)", D(2026, 11, 30))


def test_criteria_cannot_be_agreed_when_there_are_none(world):
    pilot = it_pilot(world)
    with pytest.raises(ValidationError):
        services.criteria_agree(actor=world.alice, pilot=pilot)
    pilot.refresh_from_db()
    assert not pilot.agreed


def test_a_removed_criterion_is_gone_and_audited(world):
    pk = world.pilot_manual.pk
    services.criterion_delete(actor=world.bob, criterion=world.pilot_manual)
    assert not Criterion.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(object_type="pilots.criterion", object_id=str(pk)).exists()


def test_a_measure_typed_by_hand_needs_its_note_and_its_unit(world):
    assert {"value", "note"} <= set(
        errors_of(
            lambda: services.criterion_measure(
                actor=world.bob, criterion=world.pilot_manual, value="1,5", note=""
            )
        )
    )
    services.criterion_measure(
        actor=world.bob, criterion=world.pilot_manual, value="1", note="Service log"
    )
    world.pilot_manual.refresh_from_db()
    assert world.pilot_manual.manual_value == Decimal(1)


def test_a_criterion_on_an_indicator_is_not_measured_by_hand(world):
    with pytest.raises(ValidationError):
        services.criterion_measure(
            actor=world.bob, criterion=world.pilot_criterion, value="1", note="Counted"
        )


# --- the decision -----------------------------------------------------------------------


def test_go_moves_the_engagement_to_run(world):
    pilot = agreed_it_pilot(world)
    assert world.it.stage == Stage.PILOT

    record = services.decide(
        actor=world.alice, pilot=pilot, decision="go", reasons="Users happy.", today=AFTER
    )

    world.it.refresh_from_db()
    pilot.refresh_from_db()
    assert world.it.stage == Stage.RUN
    assert (pilot.decision, pilot.decision_reasons, pilot.decided_by) == (
        "go",
        "Users happy.",
        world.alice,
    )
    assert record.stage == Stage.RUN
    change = StageChange.objects.filter(engagement=world.it).first()
    assert (change.from_stage, change.to_stage) == (Stage.PILOT, Stage.RUN)
    assert "Users happy." in change.note


def test_go_leaves_an_engagement_already_running_where_it_is(world):
    services.criteria_agree(actor=world.bob, pilot=world.pilot)
    changes = StageChange.objects.filter(engagement=world.cash).count()

    services.decide(
        actor=world.alice, pilot=world.pilot, decision="go", reasons="Fine.", today=AFTER
    )

    world.cash.refresh_from_db()
    assert world.cash.stage == Stage.RUN
    assert StageChange.objects.filter(engagement=world.cash).count() == changes


@pytest.mark.parametrize("back_to", [Stage.SELECTION, Stage.EXIT])
def test_no_go_sends_the_engagement_back_with_its_reasons(world, back_to):
    services.criteria_agree(actor=world.bob, pilot=world.pilot)

    services.decide(
        actor=world.alice,
        pilot=world.pilot,
        decision="no_go",
        reasons="Too many incidents in November.",
        back_to=back_to,
        today=AFTER,
    )

    world.cash.refresh_from_db()
    assert world.cash.stage == back_to
    change = StageChange.objects.filter(engagement=world.cash).first()
    assert "Too many incidents in November." in change.note


def test_the_decision_keeps_what_was_measured_then(world):
    services.criteria_agree(actor=world.bob, pilot=world.pilot)

    record = services.decide(
        actor=world.alice, pilot=world.pilot, decision="go", reasons="OK.", today=AFTER
    )

    by_label = {r["label"]: r for r in record.results}
    assert by_label[world.indicator.name]["measured"] == "2"  # October's 2
    assert by_label[world.indicator.name]["verdict"] == "met"
    assert by_label["Complaints about the reminders"]["verdict"] == "no_data"
    assert record.recommendation == "cannot_judge"


def test_a_decision_needs_agreed_criteria(world):
    before = stored()
    with pytest.raises(ValidationError):
        services.decide(
            actor=world.alice, pilot=world.pilot, decision="go", reasons="OK.", today=AFTER
        )
    assert stored() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": "go", "reasons": "  "}, "reasons"),
        ({"decision": "maybe", "reasons": "Hmm."}, "decision"),
        ({"decision": "no_go", "reasons": "No.", "back_to": "diagnostic"}, "back_to"),
        ({"decision": "extended", "reasons": "More time."}, "new_end_date"),
        (
            {"decision": "extended", "reasons": "More.", "new_end_date": D(2026, 11, 15)},
            "new_end_date",
        ),
        (
            {"decision": "extended", "reasons": "More.", "new_end_date": D(2026, 11, 30)},
            "new_end_date",
        ),
        (
            {"decision": "extended", "reasons": "More.", "new_end_date": D(2027, 9, 2)},
            "new_end_date",
        ),
    ],
)
def test_a_decision_without_reasons_or_with_a_wrong_date_is_refused(world, data, field):
    services.criteria_agree(actor=world.bob, pilot=world.pilot)
    before = stored()
    assert field in errors_of(
        lambda: services.decide(actor=world.alice, pilot=world.pilot, today=AFTER, **data)
    )
    assert stored() == before


def test_deciding_before_the_end_needs_the_early_tick(world):
    services.criteria_agree(actor=world.bob, pilot=world.pilot)
    before = stored()

    assert "early" in errors_of(
        lambda: services.decide(
            actor=world.alice, pilot=world.pilot, decision="no_go", reasons="No.", today=DURING
        )
    )
    assert stored() == before

    record = services.decide(
        actor=world.alice,
        pilot=world.pilot,
        decision="no_go",
        reasons="Recouvra lost two customers' files: we stop now.",
        early=True,
        today=DURING,
    )
    assert record.early
    world.cash.refresh_from_db()
    assert world.cash.stage == Stage.SELECTION


def test_deciding_on_the_last_day_is_not_early(world):
    services.criteria_agree(actor=world.bob, pilot=world.pilot)
    record = services.decide(
        actor=world.alice, pilot=world.pilot, decision="go", reasons="OK.", today=D(2026, 11, 30)
    )
    assert not record.early


def test_an_extension_moves_the_end_and_the_pilot_goes_on(world):
    services.criteria_agree(actor=world.bob, pilot=world.pilot)

    services.decide(
        actor=world.alice,
        pilot=world.pilot,
        decision="extended",
        reasons="November's values are not in yet.",
        new_end_date=D(2026, 12, 31),
        today=DURING,  # extending before the end needs no tick
    )
    world.pilot.refresh_from_db()
    assert (world.pilot.decision, world.pilot.end_date) == ("extended", D(2026, 12, 31))
    assert not world.pilot.closed
    world.cash.refresh_from_db()
    assert world.cash.stage == Stage.RUN

    # Still before the new end: the final decision needs the tick again.
    assert "early" in errors_of(
        lambda: services.decide(
            actor=world.alice, pilot=world.pilot, decision="go", reasons="OK.", today=AFTER
        )
    )
    services.decide(
        actor=world.alice, pilot=world.pilot, decision="go", reasons="OK.", today=D(2027, 1, 5)
    )
    decisions = list(PilotDecision.objects.filter(pilot=world.pilot))
    assert [d.decision for d in decisions] == ["extended", "go"]
    assert decisions[0].previous_end_date == D(2026, 11, 30)
    assert decisions[0].new_end_date == D(2026, 12, 31)


def test_nothing_changes_after_the_final_decision(world):
    services.criteria_agree(actor=world.bob, pilot=world.pilot)
    services.decide(actor=world.alice, pilot=world.pilot, decision="go", reasons="OK.", today=AFTER)
    before = stored()

    for call in (
        lambda: services.decide(
            actor=world.alice, pilot=world.pilot, decision="no_go", reasons="No.", today=AFTER
        ),
        lambda: services.pilot_update(actor=world.bob, pilot=world.pilot, scope="More"),
        lambda: services.ramp_save(
            actor=world.bob, pilot=world.pilot, steps=[services.StepData(100)] * 3
        ),
        lambda: services.criterion_measure(
            actor=world.bob, criterion=world.pilot_manual, value="0", note="Late"
        ),
    ):
        with pytest.raises(ValidationError):
            call()
    assert stored() == before
