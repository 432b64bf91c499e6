"""What the pilot measured: the engagement's indicator values of the periods overlapping the
pilot (September to November 2026 for "cash"), contested ones left out, in a bounded number
of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pilotage.kpis import services as kpi_services
from pilotage.pilots import selectors, services
from pilotage.pilots.models import Pilot

D = dt.date


def give(w, indicator, period: dt.date, value: str):
    return kpi_services.value_submit(
        actor=w.victor,
        membership=w.victor.memberships.get(organisation=w.acme),
        entry=kpi_services.Entry(indicator, period, value),
        today=D(2027, 1, 10),
    )


def row(board, criterion):
    return next(r for r in board.rows if r.pk == criterion.pk)


def test_the_measure_reads_the_values_inside_the_pilot_and_leaves_out_contested_ones(world):
    give(world, world.indicator, D(2026, 8, 1), "40")  # before the pilot
    give(world, world.indicator, D(2026, 9, 1), "0")
    november = give(world, world.indicator, D(2026, 11, 1), "9")
    give(world, world.indicator, D(2026, 12, 1), "40")  # after it
    kpi_services.value_review(actor=world.bob, value=november, accept=False, reason="Nine? No.")

    found = row(selectors.results_of(world.pilot), world.pilot_criterion)

    assert found.count == 2  # September's 0 and October's 2
    assert found.measured == Decimal(1)  # their average
    assert found.verdict == "met"  # at most 2
    assert found.contested == 1
    assert found.awaiting == 2  # both given by the vendor, not yet validated


def test_the_worst_value_fails_a_criterion_the_average_meets(world):
    give(world, world.indicator, D(2026, 9, 1), "0")
    give(world, world.indicator, D(2026, 11, 1), "4")
    services.criterion_save(
        actor=world.bob,
        pilot=world.pilot,
        criterion=world.pilot_criterion,
        indicator=world.indicator,
        comparator="at_most",
        threshold="3",
        rule="worst",
    )

    board = selectors.results_of(world.pilot)

    found = row(board, world.pilot_criterion)
    assert (found.measured, found.verdict) == (Decimal(4), "not_met")
    assert board.recommendation.verdict == "no_go"


def test_without_values_a_criterion_has_no_data_and_nothing_can_be_judged(world):
    pilot = services.pilot_create(
        actor=world.alice,
        engagement=world.it,
        scope="Tickets of Lyon",
        start_date=D(2026, 9, 1),
        end_date=D(2026, 11, 30),
    )
    indicator = kpi_services.leader_time_ensure(engagement=world.it)
    criterion = services.criterion_save(
        actor=world.alice, pilot=pilot, indicator=indicator, comparator="at_most", threshold="4 h"
    )

    board = selectors.results_of(pilot)

    assert row(board, criterion).verdict == "no_data"
    assert board.recommendation.verdict == "cannot_judge"


def test_a_weekly_value_overlapping_the_first_day_counts(world):
    indicator = kpi_services.indicator_create(
        actor=world.bob,
        engagement=world.cash,
        data={
            "name": "Calls answered",
            "aspect": "activity",
            "unit": "count",
            "direction": 1,
            "frequency": "weekly",
            "source": "vendor",
        },
    )
    criterion = services.criterion_save(
        actor=world.bob,
        pilot=world.pilot,
        indicator=indicator,
        comparator="at_least",
        threshold="10",
        rule="latest",
    )
    give(world, indicator, D(2026, 8, 24), "1")  # the week before
    give(world, indicator, D(2026, 8, 31), "12")  # Monday 31 August to Sunday 6 September

    found = row(selectors.results_of(world.pilot), criterion)

    assert (found.count, found.measured, found.verdict) == (1, Decimal(12), "met")


def test_the_page_reads_in_the_same_few_queries_whatever_the_criteria(world):
    def count_queries() -> int:
        pilot = Pilot.objects.get(pk=world.pilot.pk)
        with CaptureQueriesContext(connection) as ctx:
            page = selectors.pilot_page(pilot, D(2026, 10, 20))
            [r.reason() for r in page.board.rows]
        return len(ctx.captured_queries)

    few = count_queries()
    for name in ("Disputes", "Calls answered", "Credit notes"):
        indicator = kpi_services.indicator_create(
            actor=world.bob,
            engagement=world.cash,
            data={
                "name": name,
                "aspect": "quality",
                "unit": "count",
                "direction": -1,
                "frequency": "monthly",
                "source": "vendor",
            },
        )
        services.criterion_save(
            actor=world.bob,
            pilot=world.pilot,
            indicator=indicator,
            comparator="at_most",
            threshold="50",
        )
        give(world, indicator, D(2026, 9, 1), "3")
    assert count_queries() == few <= 5


def test_a_decided_pilot_shows_what_was_measured_at_the_decision(world):
    services.criteria_agree(actor=world.bob, pilot=world.pilot)
    services.decide(
        actor=world.alice, pilot=world.pilot, decision="go", reasons="OK.", today=D(2026, 12, 5)
    )
    give(world, world.indicator, D(2026, 11, 1), "8")  # given after the decision

    page = selectors.pilot_page(Pilot.objects.get(pk=world.pilot.pk), D(2026, 12, 20))

    assert page.board.frozen
    assert row(page.board, world.pilot_criterion).measured == Decimal(2)
    assert page.final.decision == "go"
