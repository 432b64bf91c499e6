"""Ticket times net of pauses: hand-worked cases."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pilotage.sla.engine import NAT, Calendar
from pilotage.sla.measure import Pauses, measure, merge_pauses, net_business_seconds

PARIS = ZoneInfo("Europe/Paris")
WORK = Calendar(
    {d: [("09:00", "12:00"), ("14:00", "18:00")] for d in range(5)}, "Europe/Paris", holidays="FR"
)
ALWAYS = Calendar({d: [("00:00", "24:00")] for d in range(7)}, "UTC")
H = 3600


def ts(*args) -> int:
    return int(dt.datetime(*args, tzinfo=PARIS).timestamp())


def arr(*values) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def pauses(*rows) -> Pauses:
    if not rows:
        return Pauses.none()
    t, s, e = zip(*rows, strict=True)
    return Pauses(arr(*t), arr(*s), arr(*e))


def test_overlapping_pauses_are_merged_once():
    p = merge_pauses(
        pauses((0, 10, 50), (0, 30, 80), (0, 80, 90), (0, 200, 210), (1, 5, 6)), now=1000
    )
    assert list(zip(p.ticket, p.start, p.end, strict=True)) == [
        (0, 10, 90),
        (0, 200, 210),
        (1, 5, 6),
    ]


def test_a_pause_inside_another_does_not_shorten_it():
    p = merge_pauses(pauses((3, 100, 500), (3, 200, 300), (3, 250, 260)), now=1000)
    assert list(zip(p.ticket, p.start, p.end, strict=True)) == [(3, 100, 500)]


def test_a_running_pause_ends_now_and_empty_ones_vanish():
    p = merge_pauses(pauses((0, 100, NAT), (0, 50, 50), (1, 70, 60)), now=400)
    assert list(zip(p.ticket, p.start, p.end, strict=True)) == [(0, 100, 400)]


def test_hold_time_is_subtracted_in_business_time_not_wall_clock():
    # Opened Friday 20/11/2026 16:00, resolved Tuesday 24/11 11:00, waiting for the customer
    # from Friday 17:00 to Monday 15:00: the weekend inside the pause is not subtracted twice.
    opened, resolved = ts(2026, 11, 20, 16), ts(2026, 11, 24, 11)
    p = merge_pauses(pauses((0, ts(2026, 11, 20, 17), ts(2026, 11, 23, 15))), now=resolved)
    net = net_business_seconds(WORK, arr(opened), arr(resolved), p)
    # Business time: Fri 16-18 (2 h) + Mon 7 h + Tue 9-11 (2 h) = 11 h; paused: Fri 17-18 + Mon 9-12 + 14-15 = 5 h.
    assert net[0] == 6 * H


def test_a_reopened_ticket_keeps_counting_from_where_it_stopped():
    # 24/7: opened 10:00, resolved 12:00, reopened 15:00, resolved again 16:00 → 3 h.
    day = int(dt.datetime(2026, 6, 1, tzinfo=dt.UTC).timestamp())
    p = merge_pauses(pauses((0, day + 12 * H, day + 15 * H)), now=day + 20 * H)
    net = net_business_seconds(ALWAYS, arr(day + 10 * H), arr(day + 16 * H), p)
    assert net[0] == 3 * H


def test_pauses_outside_the_measured_span_count_for_nothing():
    day = int(dt.datetime(2026, 6, 1, tzinfo=dt.UTC).timestamp())
    p = merge_pauses(
        pauses((0, day, day + 5 * H), (0, day + 30 * H, day + 40 * H)), now=day + 50 * H
    )
    net = net_business_seconds(ALWAYS, arr(day + 4 * H), arr(day + 20 * H), p)
    assert net[0] == 15 * H


def test_breaches_lateness_and_open_tickets():
    day = int(dt.datetime(2026, 6, 1, tzinfo=dt.UTC).timestamp())
    now = day + 30 * H
    result = measure(
        ALWAYS,
        opened=arr(day, day, day, day + 29 * H),
        taken=arr(day + 600, day + 2 * H, NAT, NAT),
        resolved=arr(day + 3 * H, day + 6 * H + 1200, NAT, NAT),
        gti=np.array([3600.0] * 4),
        gtr=np.array([4 * 3600.0] * 4),
        pauses=Pauses.none(),
        now=now,
    )
    assert list(result.intervene_breached) == [False, True, True, False]
    assert list(result.restore_breached) == [False, True, True, False]
    assert result.late[1] == 2 * H + 1200
    assert result.late[2] == 26 * H  # still open, 30 h after opening
    assert list(result.open_late) == [False, False, True, False]
    assert np.isnan(result.restore[2]) and np.isnan(result.intervene[3])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 100), st.integers(0, 40)),
        min_size=0,
        max_size=25,
    )
)
def test_merged_pauses_cover_exactly_the_union(rows):
    raw = pauses(*[(t, s, s + d) for t, s, d in rows])
    merged = merge_pauses(raw, now=10_000)
    for ticket in range(4):
        union = {x for t, s, d in rows if t == ticket for x in range(s, s + d)}
        covered = [
            x
            for t, s, e in zip(merged.ticket, merged.start, merged.end, strict=True)
            if t == ticket
            for x in range(s, e)
        ]
        assert len(covered) == len(set(covered))  # no overlap left
        assert set(covered) == union
