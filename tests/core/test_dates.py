import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pilotage.lib.dates import BadDate, parse_instant

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("23/11/2026 14:05", dt.datetime(2026, 11, 23, 13, 5, tzinfo=UTC)),
        ("23-11-2026 14:05:30", dt.datetime(2026, 11, 23, 13, 5, 30, tzinfo=UTC)),
        ("2026-07-01 09:00", dt.datetime(2026, 7, 1, 7, 0, tzinfo=UTC)),
        ("2026-11-23T14:05:00+01:00", dt.datetime(2026, 11, 23, 13, 5, tzinfo=UTC)),
        ("2026-11-23T13:05:00Z", dt.datetime(2026, 11, 23, 13, 5, tzinfo=UTC)),
        ("23/Nov/26 2:05 PM", dt.datetime(2026, 11, 23, 13, 5, tzinfo=UTC)),
        (46349.5, dt.datetime(2026, 11, 23, 11, 0, tzinfo=UTC)),
        ("46349.5", dt.datetime(2026, 11, 23, 11, 0, tzinfo=UTC)),
        (dt.datetime(2026, 11, 23, 14, 5), dt.datetime(2026, 11, 23, 13, 5, tzinfo=UTC)),
        # The autumn hour that happens twice is read as its first occurrence (summer time).
        ("25/10/2026 02:30", dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
    ],
)
def test_the_dates_of_real_exports(cell, expected):
    assert parse_instant(cell, PARIS) == expected


@pytest.mark.parametrize("cell", [None, "", "   "])
def test_an_empty_cell_is_no_date(cell):
    assert parse_instant(cell, PARIS) is None


@pytest.mark.parametrize(
    "cell", ["31/02/2026 10:00", "le 5 octobre", "2026-13-01", "99999999", "12:00"]
)
def test_unreadable_dates_are_refused(cell):
    with pytest.raises(BadDate):
        parse_instant(cell, PARIS)
