"""Values as people type them, read in the indicator's unit (pure, no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pilotage.kpis import units
from pilotage.kpis.units import COUNT, DAYS, EUROS, HOURS, PERCENT, SCORE, BadValue, read

NBSP, NNBSP = "\u00a0", "\u202f"


def fault(text, unit, **kwargs) -> BadValue:
    with pytest.raises(BadValue) as caught:
        read(text, unit, **kwargs)
    return caught.value


# --- what is accepted -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("45 j", DAYS, "45"),
        ("45j", DAYS, "45"),
        ("45 jours", DAYS, "45"),
        ("45 days", DAYS, "45"),
        ("45,5", DAYS, "45.5"),
        ("-3 j", DAYS, "-3"),  # ahead of plan: a negative delay is a real value
        ("82,3 %", PERCENT, "82.3"),
        ("82.3%", PERCENT, "82.3"),
        ("0", PERCENT, "0"),
        ("100", PERCENT, "100"),
        ("12", COUNT, "12"),
        ("+12", COUNT, "12"),
        ("12,0", COUNT, "12"),  # a whole number written with a decimal
        ("1 234,5", EUROS, "1234.5"),
        (f"1{NBSP}234,50 €", EUROS, "1234.50"),
        (f"1{NNBSP}234,5", EUROS, "1234.5"),
        ("1250 EUR", EUROS, "1250"),
        ("-500 €", EUROS, "-500"),  # a credit
        ("3,5 h", HOURS, "3.5"),
        ("2 heures", HOURS, "2"),
        (",5", HOURS, "0.5"),
        ("7,8", SCORE, "7.8"),
        ("8/10", SCORE, "8"),
        ("10", SCORE, "10"),
    ],
)
def test_it_reads_what_a_person_types(text, unit, expected):
    assert read(text, unit) == Decimal(expected)


def test_it_rounds_to_the_unit_s_decimals():
    assert read("3,14159 h", HOURS) == Decimal("3.14")
    assert str(read("3,14159 h", HOURS)) == "3.14"
    assert str(read("45 j", DAYS)) == "45.0"
    assert str(read("12", COUNT)) == "12"


def test_it_reads_numbers_given_as_numbers():
    assert read(12, COUNT) == 12
    assert read(82.5, PERCENT) == Decimal("82.5")
    assert read(Decimal("1234.567"), EUROS) == Decimal("1234.57")


# --- what is refused, and why -----------------------------------------------------------


def test_a_percentage_given_for_days_is_refused_as_the_wrong_unit():
    e = fault("45 %", DAYS)
    assert (e.code, e.unit, e.found) == ("unit", DAYS, PERCENT)


@pytest.mark.parametrize(
    ("text", "unit", "found"),
    [
        ("3 h", DAYS, HOURS),
        ("5 €", PERCENT, EUROS),
        ("12 j", HOURS, DAYS),
        ("50 %", COUNT, PERCENT),
    ],
)
def test_a_value_in_another_unit_is_refused(text, unit, found):
    e = fault(text, unit)
    assert (e.code, e.found) == ("unit", found)


def test_a_count_with_decimals_is_refused():
    assert fault("3,5", COUNT).code == "integer"
    assert fault(3.5, COUNT).code == "integer"


def test_a_percentage_above_100_is_refused_with_the_bounds():
    e = fault("120", PERCENT)
    assert (e.code, e.low, e.high) == ("range", Decimal(0), Decimal(100))
    assert fault("100,01", PERCENT).code == "range"


def test_a_negative_count_is_refused():
    assert fault("-1", COUNT).code == "range"


def test_negative_hours_are_refused():
    assert fault("-0,5 h", HOURS).code == "range"


def test_a_score_above_its_scale_is_refused():
    e = fault("11", SCORE)
    assert (e.code, e.high) == ("range", Decimal(10))
    e = fault("6", SCORE, scale=Decimal(5))
    assert (e.code, e.high) == ("range", Decimal(5))
    assert read("85", SCORE, scale=Decimal(100)) == Decimal(85)


@pytest.mark.parametrize("text", ["abc", "douze", "45 km", "1,234.5", "1e5", "--3", "12 34 %%"])
def test_what_is_not_a_number_is_refused(text):
    assert fault(text, PERCENT if "%" in text else DAYS).code == "not_number"


@pytest.mark.parametrize("text", ["", "   ", f"{NBSP}", None])
def test_nothing_typed_is_an_empty_value(text):
    assert fault(text, COUNT).code == "empty"


@pytest.mark.parametrize(
    "value",
    ["nan", "NaN", "inf", "-inf", "Infinity", float("nan"), float("inf"), Decimal("NaN")],
    ids=str,
)
def test_nan_and_infinity_are_not_numbers(value):
    assert fault(value, EUROS).code == "not_number"


def test_a_boolean_is_not_a_number():
    assert fault(True, COUNT).code == "not_number"


@pytest.mark.parametrize("unit", units.UNITS)
def test_every_unit_has_suffixes_limits_and_decimals(unit):
    assert unit in units.SUFFIXES and unit in units.LIMITS and unit in units.DECIMALS


def test_a_score_written_out_of_another_scale_is_not_read_as_out_of_this_one():
    # "7/5" cannot be a score (7 out of 5); "4/5" on a scale of 10 means 8, not 4.
    with pytest.raises(BadValue):
        read("7/5", SCORE)
