"""The response-time arithmetic, against a simple hour-by-hour oracle."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from pilotage.governance import requests_measure as m
from pilotage.governance.review import average, clean_answers, trend
from pilotage.governance.search import fold, snippet, spans, word_pattern, words_of

FRIDAY_5PM = dt.datetime(2026, 11, 20, 17, 0)


def oracle(start: dt.datetime, end: dt.datetime, closed: set[dt.date]) -> float:
    """Minute by minute: the obviously-correct count."""
    total, at = 0, start
    while at < end:
        if at.weekday() < 5 and at.date() not in closed:
            total += 60
        at += dt.timedelta(minutes=1)
    return total


instants = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 1, 20)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


@given(instants, instants, st.sets(st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 20)), max_size=3))
def test_working_seconds_count_only_working_days(a, b, closed):
    assert m.working_seconds(a, b, closed) == oracle(a, b, closed)


def test_a_weekend_is_not_counted():
    monday_10am = dt.datetime(2026, 11, 23, 10, 0)
    seconds = m.working_seconds(FRIDAY_5PM, monday_10am, set())
    assert seconds == 17 * 3600
    assert m.split_days_hours(seconds) == (0, 17)


def test_a_public_holiday_is_not_counted():
    # Wednesday 11 November 2026 is Armistice Day.
    tuesday = dt.datetime(2026, 11, 10, 12, 0)
    thursday = dt.datetime(2026, 11, 12, 12, 0)
    assert m.working_seconds(tuesday, thursday, {dt.date(2026, 11, 11)}) == 24 * 3600


def test_the_summary_counts_an_open_request_past_the_limit_as_late():
    summary = m.summarise(
        [m.Timing(0.5, True), m.Timing(1.5, True), m.Timing(4, True), m.Timing(10, False)], 2
    )
    assert (summary.asked, summary.answered, summary.open) == (4, 3, 1)
    assert summary.median_days == 1.5
    assert summary.mean_days == 2
    assert (summary.within, summary.late) == (2, 2)
    assert summary.share_within == 0.5


def test_an_empty_summary_says_nothing():
    summary = m.summarise([], 2)
    assert summary.median_days is None and summary.share_within is None


# --- the relationship audit -------------------------------------------------------------


def test_every_question_needs_a_score_of_the_scale():
    import pytest

    from pilotage.governance.review import KEYS, BadAnswers

    good = {k: {"score": "4", "comment": " Fine "} for k in KEYS}
    assert clean_answers(good)["feedback"] == {"score": 4, "comment": "Fine"}
    with pytest.raises(BadAnswers) as e:
        clean_answers({**good, "feedback": {"score": 6}, "proactive": {}})
    assert e.value.errors == {"feedback": "scale", "proactive": "missing"}


@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), max_size=6))
def test_the_trend_compares_the_last_two_known_scores(scores):
    known = [s for s in scores if s is not None]
    got = trend(scores)
    if len(known) < 2:
        assert got is None
    else:
        assert got == (known[-1] > known[-2]) - (known[-1] < known[-2])


def test_the_average_is_over_the_questions_answered():
    assert average({"feedback": {"score": 2}, "proactive": {"score": 5}}) == 3.5
    assert average({}) is None


# --- search folding and snippets --------------------------------------------------------


def test_accents_and_case_are_folded():
    assert fold("Échéance ŒUVRE Ça") == "echeance oeuvre ca"
    assert words_of("L'échéance, ÉCHÉANCE a") == ["echeance"]


def test_the_pattern_matches_every_accented_spelling():
    import re

    pattern = re.compile(word_pattern("echeance"), re.IGNORECASE)
    for text in ("échéance", "ECHEANCE", "Échéance", "echéance"):
        assert pattern.search(text)


def test_the_snippet_escapes_html_and_marks_the_words():
    text = "<script>alert(1)</script> Relance du client Dupont pour l'échéance"
    out = snippet(text, ["echeance", "dupont"])
    assert "<script>" not in out
    assert "<mark>Dupont</mark>" in out
    assert "<mark>échéance</mark>" in out


@given(
    st.text(max_size=300),
    st.lists(st.text(alphabet="abcdeéè<>&", min_size=2, max_size=4), max_size=3),
)
def test_a_snippet_never_lets_markup_through(text, words):
    folded = [fold(w) for w in words if fold(w)]
    out = snippet(text, folded)
    assert "<" not in out.replace("<mark>", "").replace("</mark>", "")
    for lo, hi in spans(text, folded):
        assert 0 <= lo < hi <= len(text)
