"""The demo's work before the contract, as the issue asks for it: the marketing engagement in
selection with three candidates scored by two reviewers, the payroll one in pilot with its
criteria, a diagnostic under way and a concluded one, specifications sent to candidates."""

from __future__ import annotations

import pytest
from django.utils import timezone

from pilotage import demo
from pilotage.engagements.models import Function, Stage
from pilotage.selection.models import Score

pytestmark = pytest.mark.django_db


def test_the_demo_prepares_its_engagements_before_their_contracts():
    org, _logins, _password = demo.load(password="x-demo-password-1")
    engagements = {e.function: e for e in org.engagements.all()}

    marketing = engagements[Function.MARKETING]
    assert marketing.stage == Stage.SELECTION
    assert marketing.candidates.count() == 3
    reviewers = list(marketing.selection_reviewers.all())
    assert len(reviewers) == 2 and all(r.submitted_at for r in reviewers)
    for candidate in marketing.candidates.all():
        for reviewer in reviewers:
            scored = Score.objects.filter(
                candidate=candidate, reviewer=reviewer, value__isnull=False
            )
            assert scored.count() == marketing.selection_criteria.count()
    assert marketing.specification.versions.count() == 2
    assert marketing.specification.shares.filter(revoked_at__isnull=True).count() == 3

    payroll = engagements[Function.PAYROLL]
    assert payroll.stage == Stage.PILOT
    pilot = payroll.pilot
    assert pilot.criteria_agreed_at is not None and pilot.criteria.count() >= 3
    assert all(c.indicator_id for c in pilot.criteria.all())
    assert pilot.start_date <= timezone.localdate() <= pilot.end_date

    assert engagements[Function.SALES_ADMIN].diagnostic.concluded_at is not None
    web = engagements[Function.WEB]
    assert web.stage == Stage.DIAGNOSTIC and web.activities.count() >= 4
    assert web.diagnostic.concluded_at is None
