"""The demo's pilot: payroll in co-sourcing, three pay runs (October to December) with
criteria agreed before the first one; October's correction shows a criterion not met yet."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pilotage.core.models import Membership, Organisation
from pilotage.engagements.models import Function
from pilotage.kpis import periods

from . import services
from .models import Comparator, Pilot, Rule

OWNER = "claire.martin@ateliers-rhone.fr"
# indicator code, comparator, threshold, rule
CRITERIA = [
    ("error_rate", Comparator.AT_MOST, "1 %", Rule.AVERAGE),
    ("delay_vs_plan", Comparator.AT_MOST, "0", Rule.WORST),
    ("internal_satisfaction", Comparator.AT_LEAST, "7", Rule.AVERAGE),
    ("cost_per_deliverable", Comparator.AT_MOST, "18 €", Rule.AVERAGE),
]


def load(org: Organisation) -> None:
    owner = Membership.objects.get(organisation=org, user__email=OWNER).user
    engagement = org.engagements.get(function=Function.PAYROLL)
    entered = timezone.localtime(engagement.stage_changed_at).date()
    start = periods.start_of(entered, periods.MONTHLY)
    end = periods.shift(start, periods.MONTHLY, 3) - dt.timedelta(days=1)
    pilot = services.pilot_create(
        actor=owner,
        engagement=engagement,
        scope="Paies des ateliers et des bureaux ; le cabinet contrôle et émet, nous saisissons les variables.",
        volume="41 bulletins par mois, DSN comprise",
        start_date=start,
        end_date=end,
    )
    indicators = {i.template: i for i in engagement.indicators.all()}
    for code, comparator, threshold, rule in CRITERIA:
        services.criterion_save(
            actor=owner,
            pilot=pilot,
            indicator=indicators[code],
            comparator=comparator,
            threshold=threshold,
            rule=rule,
        )
    services.criteria_agree(actor=owner, pilot=pilot)
    # Agreed with the cabinet the week before the first pay run.
    agreed = timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=7), dt.time(10)))
    Pilot.objects.filter(pk=pilot.pk).update(criteria_agreed_at=agreed)
