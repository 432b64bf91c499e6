"""What the vendor owes: each rule on hand-worked months."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pilotage.lib.durations import hours_text
from pilotage.sla.penalties import MissedTicket, Rule, Tier, month_penalty

P1 = MissedTicket(
    reference="P1 #4512",
    restore_seconds=6 * 3600 + 20 * 60,
    target_seconds=4 * 3600,
    late_seconds=2 * 3600 + 20 * 60,
)
P2 = MissedTicket(
    reference="P2 #4520", restore_seconds=17 * 3600, target_seconds=16 * 3600, late_seconds=3600
)


def test_a_fixed_amount_per_missed_ticket_explained():
    result = month_penalty(
        Rule(mode="per_ticket", amount_per_ticket=D("150")),
        missed=[P1, P2],
        compliance_percent=D("90"),
    )
    assert result.total == D("300.00")
    assert (
        result.lines[0].reason
        == "P1 #4512: restored after 6 h 20 of covered time for a GTR of 4 h → 150,00\u00a0€"
    )


def test_an_amount_per_started_hour_of_lateness():
    result = month_penalty(
        Rule(mode="per_started_hour", amount_per_hour=D("40")),
        missed=[P1, P2],
        compliance_percent=None,
    )
    # 2 h 20 late → 3 started hours; exactly 1 h late → 1 started hour.
    assert [line.amount for line in result.lines] == [D("120.00"), D("40.00")]
    assert result.total == D("160.00")


@pytest.mark.parametrize(
    ("compliance", "expected"),
    [
        ("96", "0"),
        ("95", "0"),
        ("94.9", "250.00"),
        ("90", "250.00"),
        ("89.99", "500.00"),
        ("12", "500.00"),
    ],
)
def test_service_credit_tiers_take_the_deepest_reached(compliance, expected):
    rule = Rule(
        mode="service_credit",
        monthly_fee=D("5000"),
        tiers=[Tier(D("95"), D("5")), Tier(D("90"), D("10"))],
    )
    assert month_penalty(rule, missed=[], compliance_percent=D(compliance)).total == D(expected)


def test_the_monthly_cap_limits_the_total_and_says_so():
    rule = Rule(
        mode="per_ticket", amount_per_ticket=D("400"), monthly_fee=D("3000"), cap_percent=D("15")
    )
    result = month_penalty(rule, missed=[P1, P2, P1], compliance_percent=None)
    assert result.total == D("450.00")
    assert result.capped_from == D("1200.00")
    assert "Capped at 15 %" in result.lines[-1].reason


def test_no_rule_no_penalty():
    assert month_penalty(Rule(), missed=[P1], compliance_percent=D("10")).total == 0


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        Rule(mode="double-or-nothing")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (6 * 3600 + 20 * 60, "6 h 20"),
        (45 * 60, "45 min"),
        (4 * 3600, "4 h"),
        (3600 * 2 + 29, "2 h"),
    ],
)
def test_durations_read_as_a_leader_reads_them(seconds, text):
    assert hours_text(seconds) == text
