"""Payment terms, the legal limit and late-payment charges, worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from pilotage.cash import terms as t
from pilotage.cash.documents import Terms


def due(issued, rule, days):
    return str(t.due_dates(np.array([issued], dtype="datetime64[D]"), rule, days)[0])


@pytest.mark.parametrize(
    ("issued", "rule", "days", "expected"),
    [
        ("2026-01-10", t.NET, 30, "2026-02-09"),
        ("2026-01-10", t.NET, 0, "2026-01-10"),  # on receipt
        # "45 jours fin de mois", first reading: 10/01 + 45 = 24/02 → end of February.
        ("2026-01-10", t.EOM_AFTER, 45, "2026-02-28"),
        # second reading: end of January, then 45 days → 17/03.
        ("2026-01-10", t.EOM_BEFORE, 45, "2026-03-17"),
        ("2028-01-15", t.EOM_AFTER, 45, "2028-02-29"),  # leap year
        ("2026-12-20", t.EOM_AFTER, 30, "2027-01-31"),  # across the year
        ("2026-01-31", t.EOM_BEFORE, 0, "2026-01-31"),
    ],
)
def test_due_dates_follow_each_reading_of_the_terms(issued, rule, days, expected):
    assert due(issued, rule, days) == expected


def test_the_legal_limit_is_the_latest_of_60_days_and_both_readings_of_45_days_end_of_month():
    # 10/01: +60 = 11/03; reading 1 = 28/02; reading 2 = 17/03 → 17/03.
    # 25/01: +60 = 26/03; reading 1 = 31/03 (25/01 + 45 = 11/03); reading 2 = 17/03 → 31/03.
    # 01/03: +60 = 30/04; reading 1 = 30/04 (15/04 → 30/04); reading 2 = 15/05 → 15/05.
    got = t.legal_limit(np.array(["2026-01-10", "2026-01-25", "2026-03-01"], dtype="datetime64[D]"))
    assert list(got.astype(str)) == ["2026-03-17", "2026-03-31", "2026-05-15"]


def test_the_penalty_rate_changes_with_the_half_year():
    rates = t.RateTable.legal()
    one = np.array
    # 1 to 10 July 2025: 10 days at 2.15 + 10 = 12.15 %.
    assert rates.rate_days(
        one(["2025-07-01"], "datetime64[D]"), one(["2025-07-10"], "datetime64[D]")
    )[0] == pytest.approx(10 * 12.15 / 36500)
    # 21 June to 10 July 2025: 10 days at 13.15 % and 10 at 12.15 %.
    assert rates.rate_days(
        one(["2025-06-21"], "datetime64[D]"), one(["2025-07-10"], "datetime64[D]")
    )[0] == pytest.approx((10 * 13.15 + 10 * 12.15) / 36500)
    # Nothing when the span is empty.
    assert (
        rates.rate_days(one(["2025-07-10"], "datetime64[D]"), one(["2025-07-09"], "datetime64[D]"))[
            0
        ]
        == 0
    )
    # A contractual rate is the same every day.
    assert t.RateTable.fixed(9.0).rate_days(
        one(["2020-01-01"], "datetime64[D]"), one(["2020-12-31"], "datetime64[D]")
    )[0] == pytest.approx(366 * 9 / 36500)


def test_late_charges_run_on_what_is_still_owed_each_day():
    # Invoice 0: 1,000.00 due 30/06/2025, paid 400 on 10/07 and 600 on 30/07:
    #   400 × 10 days × 12.15 % / 365 + 600 × 30 days × 12.15 % / 365 = 1.3315 + 5.9918 = 7.32
    # Invoice 1: 500.00 due 20/07/2025, still open at 31/07: 500 × 11 × 12.15 % / 365 = 1.83
    # Invoice 2: 800.00 due 31/07, paid on time.
    charges = t.late_charges(
        due=np.array(["2025-06-30", "2025-07-20", "2025-07-31"], dtype="datetime64[D]"),
        amount=np.array([100000, 50000, 80000]),
        paid_on=np.array(["2025-07-30", "NaT", "2025-07-31"], dtype="datetime64[D]"),
        pay_invoice=np.array([0, 0, 2]),
        pay_date=np.array(["2025-07-10", "2025-07-30", "2025-07-31"], dtype="datetime64[D]"),
        pay_amount=np.array([40000, 60000, 80000]),
        at=np.datetime64("2025-07-31"),
        rates=t.RateTable.legal(),
    )
    assert charges.penalties_cents / 100 == pytest.approx(
        [(400 * 10 + 600 * 30) * 0.1215 / 365, 500 * 11 * 0.1215 / 365, 0]
    )
    assert list(charges.late) == [True, True, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30", Terms(t.NET, 30)),
        ("net 60", Terms(t.NET, 60)),
        ("45 eom", Terms(t.EOM_AFTER, 45)),
        ("45 EOM after", Terms(t.EOM_AFTER, 45)),
        ("45-eom-before", Terms(t.EOM_BEFORE, 45)),
        ("45 fdm", Terms(t.EOM_AFTER, 45)),
    ],
)
def test_terms_are_read_from_short_text(text, expected):
    assert Terms.parse(text) == expected


@pytest.mark.parametrize("text", ["", "net", "30 40", "45 days", "400", "soon"])
def test_unreadable_terms_are_refused(text):
    with pytest.raises(ValueError):
        Terms.parse(text)
