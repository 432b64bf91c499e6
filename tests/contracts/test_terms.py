"""The contract dates engine (pilotage/contracts/terms.py): a table of hand-worked cases,
then properties over any start, term and notice."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilotage.contracts import terms
from pilotage.contracts.terms import Terms

D = dt.date
M, DAYS = "months", "days"


class Case(NamedTuple):
    id: str
    terms: Terms
    today: dt.date
    cycle: int
    term: tuple[dt.date, dt.date]
    deadline: dt.date | None
    renewal: dt.date | None
    ended: bool
    ends_on: dt.date | None


def T(start, initial, renewal=None, tacit=True, notice=3, unit=M, given=None):  # noqa: N802
    return Terms(start, initial, renewal, tacit, notice, unit, given)


Y26 = T(D(2026, 1, 1), 12)  # 12 months from 1 Jan 2026, renewed tacitly, 3 months' notice
# fmt: off
CASES = [
    Case("12m plain", Y26, D(2026, 5, 1), 0, (D(2026, 1, 1), D(2026, 12, 31)), D(2026, 9, 30), D(2027, 1, 1), False, None),
    Case("today on the deadline", Y26, D(2026, 9, 30), 0, (D(2026, 1, 1), D(2026, 12, 31)), D(2026, 9, 30), D(2027, 1, 1), False, None),
    Case("day after the deadline: next cycle's", Y26, D(2026, 10, 1), 0, (D(2026, 1, 1), D(2026, 12, 31)), D(2027, 9, 30), D(2027, 1, 1), False, None),
    Case("today on the end", Y26, D(2026, 12, 31), 0, (D(2026, 1, 1), D(2026, 12, 31)), D(2027, 9, 30), D(2027, 1, 1), False, None),
    Case("first day of the renewal", Y26, D(2027, 1, 1), 1, (D(2027, 1, 1), D(2027, 12, 31)), D(2027, 9, 30), D(2028, 1, 1), False, None),
    Case("five renewals on", Y26, D(2031, 7, 15), 5, (D(2031, 1, 1), D(2031, 12, 31)), D(2031, 9, 30), D(2032, 1, 1), False, None),
    Case("15 Jan monthly ends 14 Feb", T(D(2026, 1, 15), 1, notice=0), D(2026, 1, 20), 0, (D(2026, 1, 15), D(2026, 2, 14)), D(2026, 2, 14), D(2026, 2, 15), False, None),
    Case("31 Jan + 1 month: 28 Feb", T(D(2026, 1, 31), 1, notice=7, unit=DAYS), D(2026, 2, 10), 0, (D(2026, 1, 31), D(2026, 2, 28)), D(2026, 2, 21), D(2026, 3, 1), False, None),
    Case("31 Jan + 1 month, leap 2028: 29 Feb", T(D(2028, 1, 31), 1, notice=0), D(2028, 2, 1), 0, (D(2028, 1, 31), D(2028, 2, 29)), D(2028, 2, 29), D(2028, 3, 1), False, None),
    Case("31 Jan monthly, 1st renewal", T(D(2026, 1, 31), 1, notice=0), D(2026, 3, 15), 1, (D(2026, 3, 1), D(2026, 3, 30)), D(2026, 3, 30), D(2026, 3, 31), False, None),
    Case("31 Jan monthly, 2nd renewal back on the 31st", T(D(2026, 1, 31), 1, notice=0), D(2026, 4, 5), 2, (D(2026, 3, 31), D(2026, 4, 30)), D(2026, 4, 30), D(2026, 5, 1), False, None),
    Case("31 Jan, 3 months, 1 month notice", T(D(2026, 1, 31), 3, notice=1), D(2026, 2, 1), 0, (D(2026, 1, 31), D(2026, 4, 30)), D(2026, 3, 31), D(2026, 5, 1), False, None),
    Case("29 Feb 2028 + 12: 28 Feb 2029", T(D(2028, 2, 29), 12, notice=1), D(2028, 6, 1), 0, (D(2028, 2, 29), D(2029, 2, 28)), D(2029, 1, 31), D(2029, 3, 1), False, None),
    Case("29 Feb 2028, 1st renewal", T(D(2028, 2, 29), 12, notice=1), D(2029, 6, 1), 1, (D(2029, 3, 1), D(2030, 2, 28)), D(2030, 1, 31), D(2030, 3, 1), False, None),
    Case("29 Feb 2028, back on 29 Feb in 2032", T(D(2028, 2, 29), 12, notice=1), D(2031, 6, 1), 3, (D(2031, 3, 1), D(2032, 2, 28)), D(2032, 1, 28), D(2032, 2, 29), False, None),
    Case("notice months clamps to 28 Feb", T(D(2026, 5, 31), 12), D(2026, 6, 1), 0, (D(2026, 5, 31), D(2027, 5, 30)), D(2027, 2, 27), D(2027, 5, 31), False, None),
    Case("notice months clamps to 29 Feb 2028", T(D(2027, 5, 31), 12), D(2027, 6, 1), 0, (D(2027, 5, 31), D(2028, 5, 30)), D(2028, 2, 28), D(2028, 5, 31), False, None),
    Case("31 Aug + 6 months, 2 months notice", T(D(2026, 8, 31), 6, notice=2), D(2026, 9, 1), 0, (D(2026, 8, 31), D(2027, 2, 28)), D(2026, 12, 31), D(2027, 3, 1), False, None),
    Case("notice in days", T(D(2026, 1, 1), 12, notice=90, unit=DAYS), D(2026, 2, 1), 0, (D(2026, 1, 1), D(2026, 12, 31)), D(2026, 10, 2), D(2027, 1, 1), False, None),
    Case("notice in days across 29 Feb 2028", T(D(2027, 3, 1), 12, notice=30, unit=DAYS), D(2027, 3, 1), 0, (D(2027, 3, 1), D(2028, 2, 29)), D(2028, 1, 30), D(2028, 3, 1), False, None),
    Case("notice 0: deadline is the end", T(D(2026, 1, 1), 12, notice=0), D(2026, 3, 1), 0, (D(2026, 1, 1), D(2026, 12, 31)), D(2026, 12, 31), D(2027, 1, 1), False, None),
    Case("36 months then yearly, 6 months notice", T(D(2026, 1, 1), 36, 12, notice=6), D(2029, 3, 1), 1, (D(2029, 1, 1), D(2029, 12, 31)), D(2029, 6, 30), D(2030, 1, 1), False, None),
    Case("before the start", T(D(2026, 3, 1), 12), D(2026, 2, 1), 0, (D(2026, 3, 1), D(2027, 2, 28)), D(2026, 11, 30), D(2027, 3, 1), False, None),
    Case("no tacit renewal, running", T(D(2026, 1, 1), 24, tacit=False), D(2026, 6, 1), 0, (D(2026, 1, 1), D(2027, 12, 31)), None, None, False, D(2027, 12, 31)),
    Case("no tacit renewal, on its last day", T(D(2026, 1, 1), 24, tacit=False), D(2027, 12, 31), 0, (D(2026, 1, 1), D(2027, 12, 31)), None, None, False, D(2027, 12, 31)),
    Case("no tacit renewal, ended", T(D(2026, 1, 1), 24, tacit=False), D(2028, 1, 1), 0, (D(2026, 1, 1), D(2027, 12, 31)), None, None, True, D(2027, 12, 31)),
    Case("notice before the deadline", T(D(2026, 1, 1), 12, given=D(2026, 9, 15)), D(2026, 10, 1), 0, (D(2026, 1, 1), D(2026, 12, 31)), None, None, False, D(2026, 12, 31)),
    Case("notice on the deadline", T(D(2026, 1, 1), 12, given=D(2026, 9, 30)), D(2026, 10, 1), 0, (D(2026, 1, 1), D(2026, 12, 31)), None, None, False, D(2026, 12, 31)),
    Case("notice a day late: end of the next cycle", T(D(2026, 1, 1), 12, given=D(2026, 10, 1)), D(2026, 10, 2), 0, (D(2026, 1, 1), D(2026, 12, 31)), None, None, False, D(2027, 12, 31)),
    Case("notice late, now in that next cycle", T(D(2026, 1, 1), 12, given=D(2026, 10, 1)), D(2027, 3, 1), 1, (D(2027, 1, 1), D(2027, 12, 31)), None, None, False, D(2027, 12, 31)),
    Case("notice given, ended", T(D(2026, 1, 1), 12, given=D(2026, 9, 15)), D(2027, 2, 1), 0, (D(2026, 1, 1), D(2026, 12, 31)), None, None, True, D(2026, 12, 31)),
    Case("notice given in the 2nd renewal", T(D(2026, 1, 1), 12, given=D(2028, 5, 10)), D(2028, 6, 1), 2, (D(2028, 1, 1), D(2028, 12, 31)), None, None, False, D(2028, 12, 31)),
]
# fmt: on


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_status_matches_the_hand_worked_case(case: Case):
    s = terms.status(case.terms, case.today)
    got = (
        s.cycle,
        (s.term_start, s.term_end),
        s.notice_deadline,
        s.next_renewal,
        s.ended,
        s.ends_on,
    )
    want = (case.cycle, case.term, case.deadline, case.renewal, case.ended, case.ends_on)
    assert got == want


# fmt: off
INVALID = [
    ("notice 4 months on a 3-month term", T(D(2026, 1, 1), 3, notice=4), {"notice_amount": "notice_initial"}),
    ("notice as long as the term",        T(D(2026, 1, 1), 3, notice=3), {"notice_amount": "notice_initial"}),
    ("notice longer than the renewal",    T(D(2026, 1, 1), 12, 3, notice=3), {"notice_amount": "notice_renewal"}),
    ("28 days on a 28-day February term", T(D(2026, 2, 1), 1, notice=28, unit=DAYS), {"notice_amount": "notice_initial"}),
    ("30 days on monthly renewals (Feb)", T(D(2026, 1, 15), 1, notice=30, unit=DAYS), {"notice_amount": "notice_renewal"}),
    ("term of 0 months",                  T(D(2026, 1, 1), 0), {"initial_term_months": "initial_short"}),
    ("notice before the start",           T(D(2026, 1, 1), 12, given=D(2025, 12, 1)), {"notice_given_on": "notice_before_start"}),
    ("notice without tacit renewal",      T(D(2026, 1, 1), 12, tacit=False, given=D(2026, 2, 1)), {"notice_given_on": "notice_no_renewal"}),
    ("notice in the future",              T(D(2026, 1, 1), 12, given=D(2026, 9, 1)), {"notice_given_on": "notice_future"}),
]
# fmt: on


@pytest.mark.parametrize(("case", "t", "errors"), INVALID, ids=[c[0] for c in INVALID])
def test_validate_names_the_problem(case, t, errors):
    assert terms.validate(t, today=D(2026, 6, 1)) == errors


def test_validate_accepts_sound_terms_and_ignores_notice_without_renewal():
    assert terms.validate(Y26, today=D(2026, 6, 1)) == {}
    assert terms.validate(T(D(2026, 1, 1), 3, tacit=False, notice=6), today=D(2026, 6, 1)) == {}
    assert terms.validate(T(D(2026, 1, 15), 1, notice=27, unit=DAYS)) == {}
    assert terms.validate(Y26, signed_on=D(2026, 7, 1), today=D(2026, 6, 1)) == {
        "signed_on": "signed_future"
    }


def test_alerts_due_lists_the_offsets_come_most_urgent_first():
    deadline = D(2026, 9, 30)
    assert terms.alerts_due(deadline, [90, 30, 7], D(2026, 7, 1)) == []
    assert terms.alerts_due(deadline, [90, 30, 7], D(2026, 7, 2)) == [90]
    assert terms.alerts_due(deadline, [90, 30, 7], D(2026, 9, 29)) == [7, 30, 90]
    assert terms.alerts_due(deadline, [90, 30, 7], D(2026, 10, 1)) == []


# Properties

starts = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))
months = st.integers(min_value=1, max_value=60)


@settings(max_examples=300, deadline=None)
@given(start=starts, initial=months, renewal=months)
def test_cycles_tile_time_without_gap_or_overlap(start, initial, renewal):
    t = T(start, initial, renewal, notice=0)
    for k in range(15):
        assert t.cycle_start(k) <= t.cycle_end(k)
        assert t.cycle_start(k + 1) == t.cycle_end(k) + terms.DAY
        # Every day of a cycle is found in that cycle.
        assert t.cycle_of(t.cycle_start(k)) == k
        assert t.cycle_of(t.cycle_end(k)) == k


@settings(max_examples=300, deadline=None)
@given(start=starts, initial=months, notice=st.integers(min_value=0, max_value=59))
def test_notice_in_months_fits_whole_and_is_the_latest_that_does(start, initial, notice):
    if notice >= initial:
        notice = initial - 1
    end = terms.term_end(start, initial)
    deadline = terms.notice_deadline(end, notice, M)
    assert deadline <= end
    if notice:
        # Given on the deadline, the notice runs whole before the end…
        assert terms.term_end(deadline + terms.DAY, notice) <= end
        # …given a day later, it would not.
        assert terms.term_end(deadline + 2 * terms.DAY, notice) > end
        assert deadline >= start


@settings(max_examples=300, deadline=None)
@given(start=starts, initial=months, notice=st.integers(min_value=0, max_value=400))
def test_notice_in_days_covers_exactly_to_the_end(start, initial, notice):
    end = terms.term_end(start, initial)
    deadline = terms.notice_deadline(end, notice, DAYS)
    assert deadline <= end
    assert deadline + dt.timedelta(days=notice) == end


@settings(max_examples=200, deadline=None)
@given(start=starts)
def test_no_drift_after_100_monthly_renewals(start):
    t = T(start, 1, 1, notice=0)
    for k in (12, 50, 100):
        # A cycle starts on the original day number when the month has it, else on the 1st
        # of the month after (its end is the last day of the month before).
        boundary = t.cycle_start(k + 1)
        target = terms.add_months(start.replace(day=1), k + 1)
        if start.day <= terms.days_in_month(target.year, target.month):
            assert boundary == target.replace(day=start.day)
        else:
            assert boundary == terms.add_months(target, 1)


@settings(max_examples=300, deadline=None)
@given(
    start=starts,
    initial=months,
    renewal=months,
    offset=st.integers(min_value=0, max_value=365 * 12),
)
def test_status_holds_today_within_its_term_and_a_deadline_ahead(start, initial, renewal, offset):
    notice = min(initial, renewal) - 1
    t = T(start, initial, renewal, notice=notice)
    today = start + dt.timedelta(days=offset)
    s = terms.status(t, today)
    assert s.term_start <= today <= s.term_end
    assert s.notice_deadline is not None and s.notice_deadline >= today
    assert s.next_renewal == s.term_end + terms.DAY
    assert s.notice_ends_on is not None and s.notice_deadline <= s.notice_ends_on
