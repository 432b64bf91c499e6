"""The demo organisation's indicators: what the issue asks of them (every running engagement
steered by 5 to 7 indicators, two years of values, late, contested and awaiting values, a
drift warning), and a history that reads as if it had been lived."""

from __future__ import annotations

import pytest
from django.utils import timezone

from pilotage import demo
from pilotage.engagements.models import Engagement, Stage
from pilotage.kpis import periods, selectors
from pilotage.kpis.models import Source, Value, ValueAction, ValueEvent, ValueStatus

pytestmark = pytest.mark.django_db


def test_the_demo_steers_its_running_engagements_by_indicators_with_a_history():
    org, _logins, _password = demo.load(password="x-demo-password-1")
    today = timezone.localdate()
    engagements = list(Engagement.objects.filter(organisation=org))
    running = [e for e in engagements if e.stage == Stage.RUN]
    assert len(running) == 2
    boards = {e.pk: selectors.dashboard(e, today) for e in engagements}
    for engagement in running:
        assert engagement.start_date is not None
        assert 5 <= len(boards[engagement.pk].rows) <= 7, engagement
        assert not boards[engagement.pk].advice, engagement
    values = Value.objects.filter(organisation=org).select_related("indicator__engagement")
    per_indicator: dict[int, int] = {}
    for value in values:
        per_indicator[value.indicator_id] = per_indicator.get(value.indicator_id, 0) + 1
        indicator, engagement = value.indicator, value.indicator.engagement
        assert value.submitted_at <= timezone.now()
        if indicator.source == Source.COMPUTED:
            continue
        # Given within the work, after the period (or during the month for the leader's time).
        assert periods.end_of(value.period, indicator.frequency) >= engagement.start_date
        assert timezone.localtime(value.submitted_at).date() >= value.period
        if indicator.source == Source.VENDOR and not indicator.is_leader_time:
            end = periods.end_of(value.period, indicator.frequency)
            assert timezone.localtime(value.submitted_at).date() > end
    assert max(per_indicator.values()) >= 24

    late = list(values.filter(late=True))
    assert late
    for value in late:  # given after the due date, not only flagged
        assert timezone.localtime(value.submitted_at).date() > value.due_on
    assert values.filter(status=ValueStatus.CONTESTED).count() >= 1
    assert values.filter(status=ValueStatus.SUBMITTED).count() >= 1
    # A value contested then given again corrected and validated, in that order.
    corrected = ValueEvent.objects.filter(
        value__organisation=org, action=ValueAction.RESUBMITTED
    ).first()
    assert corrected is not None
    actions = list(corrected.value.events.values_list("action", flat=True))
    assert actions == ["submitted", "contested", "resubmitted", "validated"]
    times = list(corrected.value.events.values_list("at", flat=True))
    assert times == sorted(times)
    assert times[0] < timezone.now() - timezone.timedelta(days=30)

    warnings = [(row.indicator.template, w.rule) for b in boards.values() for row, w in b.warnings]
    assert ("incidents", "worsening") in warnings
    missing = [p for b in boards.values() for _row, p in b.missing]
    assert missing, "one vendor value of the last cycle is owed"
    for engagement in running:
        states = [row.state for row in boards[engagement.pk].rows]
        assert states.count("red") < len(states) / 2, engagement

    # The leader's time falls as the engagement settles.
    it = next(e for e in running if e.vendor and e.vendor.name.startswith("Axiome"))
    hours = list(
        Value.objects.filter(indicator__engagement=it, indicator__template="leader_time")
        .order_by("period")
        .values_list("value", flat=True)
    )
    assert len(hours) >= 24 and hours[0] >= 2 * hours[-2]

    # Loading again changes nothing.
    count = values.count()
    demo.load(password="x-demo-password-2")
    assert Value.objects.filter(organisation=org).count() == count
