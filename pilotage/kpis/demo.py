"""Indicators of the demo's engagements and up to two years of their values.

What a reader finds:

- ADV and cash collection (Recouvra since February 2026): DSO, invoices paid on time, days
  late and reminders computed from the books, better since the vendor came; its invoicing
  incidents fall after a clumsy first month (sent late); last month's count is contested
  (credit notes left out) and its critical incidents await validation.
- IT support (Axiome, two years): availability once reported at 99.9 % in spite of an ERP
  outage, contested then corrected; incidents rising for four months since the workshop PCs
  moved to Windows 11 (drift warnings); last month's satisfaction survey has not come.
- Payroll (pilot): the first month's figures, sent by e-mail and entered by the referent.
- The leader's time on each, high at the start and falling.

Values go through the services on the day they were given (so lateness is real); the stored
dates are then moved back to that day.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np
from django.db.models import Max
from django.utils import timezone

from pilotage.core.models import Membership, Organisation, User
from pilotage.engagements.models import Engagement, Function

from . import computed, periods, services
from .models import Indicator, Value, ValueEvent
from .services import Entry

MONTHLY = periods.MONTHLY
MONTHS = 36  # every month since the start (two years on IT), within what the dashboard reads
OWNER = "claire.martin@ateliers-rhone.fr"
VENDOR_USERS = {
    Function.SALES_ADMIN: "nadia.haddad@recouvra.fr",
    Function.IT_SUPPORT: "thomas.roux@axiome-it.fr",
}
ADV = ["dso", "paid_on_time", "days_late", "reminders_when_due"]
ADV += ["invoicing_incidents", "critical_incidents"]
IT = ["sla_compliance", "sla_breaches", "incidents", "availability", "internal_satisfaction"]
PAYROLL = ["error_rate", "delay_vs_plan", "internal_satisfaction", "cost_per_deliverable"]


class _Demo:
    """One engagement being filled: its people, its indicators and its calendar."""

    def __init__(self, engagement: Engagement, today: dt.date, seed: int) -> None:
        org = engagement.organisation
        self.engagement, self.today = engagement, today
        self.rng = np.random.default_rng(seed)
        self.owner = Membership.objects.get(organisation=org, user__email=OWNER)
        self.referent: User = engagement.referent  # type: ignore[assignment]
        email = VENDOR_USERS.get(engagement.function)  # type: ignore[call-overload]
        self.vendor = (
            Membership.objects.filter(organisation=org, user__email=email).first()
            if email
            else None
        )
        self.ind: dict[str, Indicator] = {}
        self.due_days = services.settings_of(engagement).due_days
        # The latest month whose values are due, and the months before it within the work.
        month = periods.start_of(today, MONTHLY)
        while periods.due_on(month, MONTHLY, self.due_days) >= today:
            month = periods.shift(month, MONTHLY, -1)
        self.cycle = month
        start = periods.start_of(engagement.start_date or today, MONTHLY)
        first = max(start, periods.shift(month, MONTHLY, 1 - MONTHS))
        self.months = periods.between(first, month, MONTHLY) if first <= month else []

    def add(self, codes: list[str]) -> None:
        for code in codes:
            self.ind[code] = services.template_add(
                actor=self.referent, engagement=self.engagement, code=code
            )
        self.ind["leader_time"] = services.leader_time_ensure(engagement=self.engagement)

    def due(self, month: dt.date) -> dt.date:
        return periods.due_on(month, MONTHLY, self.due_days)

    def at(self, day: dt.date, hour: int) -> dt.datetime:
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 17)))
        return min(moment, timezone.now())

    def give(
        self,
        membership: Membership,
        month: dt.date,
        items: Sequence[tuple[str, object, str]],
        day: dt.date,
        hour: int = 10,
    ) -> list[Value]:
        """The values of ``items`` (code, value, comment) for ``month``, given on ``day``."""
        day = min(day, self.today)
        mark = _last_event()
        values = services.values_submit(
            actor=membership.user,
            membership=membership,
            entries=[
                Entry(self.ind[code], month, value, comment) for code, value, comment in items
            ],
            today=day,
        )
        at = self.at(day, hour)
        Value.objects.filter(pk__in=[v.pk for v in values]).update(submitted_at=at)
        ValueEvent.objects.filter(pk__gt=mark).update(at=at)
        return values

    def review(self, values: list[Value], day: dt.date, reason: str = "") -> None:
        """The referent validates ``values`` on ``day`` (or contests them for ``reason``)."""
        if not values:
            return
        mark = _last_event()
        for value in values:
            services.value_review(
                actor=self.referent, value=value, accept=not reason, reason=reason
            )
        at = self.at(min(day, self.today), 15)
        Value.objects.filter(pk__in=[v.pk for v in values]).update(reviewed_at=at)
        ValueEvent.objects.filter(pk__gt=mark).update(at=at)

    def sent_on(self, month: dt.date, late: int | None) -> dt.date:
        """When the vendor sent ``month``'s values: a few days before the due date, or
        ``late`` days after it."""
        early = int(self.rng.integers(0, 4))
        return self.due(month) + dt.timedelta(days=-early if late is None else late)

    def leader_time(self, first: float, floor: float, pace: float, notes: dict) -> None:
        """The owner's hours each month, ``first`` at the start falling towards ``floor``."""
        if not self.months:
            return
        current = periods.start_of(self.today, MONTHLY)
        months = self.months + periods.between(self.cycle, current, MONTHLY)[1:]
        if self.today.day < 15:  # a few days' hours would read as an unusually good month
            months = [m for m in months if m != current]
        for k, month in enumerate(months):
            hours = floor + (first - floor) * math.exp(-k / pace) + self.rng.normal(0, 0.5)
            extra, comment = notes.get(k - len(months), notes.get(k, (0.0, "")))
            hours += extra
            day = periods.end_of(month, MONTHLY)
            if month == current:  # the month so far
                hours *= min(self.today.day / 30, 1.0)
                day = self.today
            hours = max(0.5, round(hours * 2) / 2)
            self.give(self.owner, month, [("leader_time", hours, comment)], day, hour=18)


def _last_event() -> int:
    return ValueEvent.objects.aggregate(top=Max("pk"))["top"] or 0


def _latest_february(months: list[dt.date]) -> dt.date | None:
    return next((m for m in reversed(months[:-1]) if m.month == 2), None)


def _adv(demo: _Demo) -> None:
    demo.add(ADV)
    computed.refresh(demo.engagement)  # from the books the cash step imported
    if demo.vendor is None or not demo.months:
        return
    notes = {
        0: ("Reprise des dossiers en cours : 3 factures en double annulées", ""),
        2: ("2 avoirs pour erreur de prix (tarif 2026 non chargé)", ""),
        4: ("", "Facturation bloquée 2 jours : changement du modèle de facture"),
        6: ("Facture Stellantis sans n° de commande, rejetée par leur portail", ""),
    }
    for k, month in enumerate(demo.months):
        invoicing = max(0, round(1 + 4 * math.exp(-k / 2.5) + demo.rng.normal(0, 0.6)))
        critical = int(demo.rng.random() < 0.5 * math.exp(-k / 4)) + (k == 4)
        first_note, critical_note = notes.get(k, ("", ""))
        late = 6 if k == 0 else (3 if month.month == 8 else None)  # first month, holidays
        if month == demo.cycle:
            invoicing, critical, first_note = 1, 0, "1 facture corrigée (adresse de livraison)"
            late = None
        day = demo.sent_on(month, late)
        given = demo.give(
            demo.vendor,
            month,
            [
                ("invoicing_incidents", invoicing, first_note),
                ("critical_incidents", critical, critical_note),
            ],
            day,
        )
        if month != demo.cycle:
            demo.review(given, day + dt.timedelta(days=int(demo.rng.integers(1, 4))))
            continue
        # This month: the count leaves out credit notes the referent saw; the critical
        # incidents await validation.
        demo.review(
            given[:1],
            day + dt.timedelta(days=2),
            reason=(
                "3 avoirs émis sur le mois pour erreur de prix (Valeo, Alstom, Plasturgie "
                "Oyonnax) : ce sont des incidents de facturation, merci de les compter."
            ),
        )
    demo.leader_time(
        12,
        3.5,
        3,
        {2: (2.5, "Bilan du pilote et décision de passage en régime courant")},
    )


def _it(demo: _Demo) -> None:
    demo.add(IT)
    computed.refresh(demo.engagement)  # from the tickets the SLA step imported
    if demo.vendor is None or not demo.months:
        return
    months, n = demo.months, len(demo.months)
    season = {8: 0.6, 9: 1.3, 1: 1.25, 2: 1.4}
    february = _latest_february(months)
    rising = {
        n - 4: (14, ""),
        n - 3: (18, "Migration des postes de l'atelier vers Windows 11 : pilotes d'imprimantes"),
        n - 2: (23, "Suite de la migration ; 6 incidents sur les terminaux de pointage"),
        n - 1: (27, "Dont 9 incidents liés au nouveau pare-feu : correctif prévu"),
    }
    first_august = next((m for m in months if m.month == 8), None)
    for k, month in enumerate(months):
        incidents = round(
            (12 + 6 * math.exp(-k / 3)) * season.get(month.month, 1.0) + demo.rng.normal(0, 1.5)
        )
        incidents_note = ""
        if month == february:
            incidents_note = "Départ de notre technicien senior : délais allongés ce mois-ci"
        if k in rising and n >= 8:
            incidents, incidents_note = rising[k]
        availability = min(99.9, 99.5 + 0.3 * (1 - math.exp(-k / 4)) + demo.rng.normal(0, 0.1))
        satisfaction = 7.2 + 0.9 * (1 - math.exp(-k / 6)) + demo.rng.normal(0, 0.2)
        if month == february:
            availability, satisfaction = 99.9, satisfaction - 0.8
        items = [
            ("incidents", max(incidents, 0), incidents_note),
            ("availability", round(availability, 1), ""),
            ("internal_satisfaction", round(min(satisfaction, 9.5), 1), ""),
        ]
        late = None
        if month == first_august:
            late = 8
            items[2] = (*items[2][:2], "Envoyé au retour des congés d'été")
        elif k == 3:
            late = 4
        elif month == demo.cycle:
            late = 2
            items = items[:2]  # the satisfaction survey has not come back yet
        day = demo.sent_on(month, late)
        given = demo.give(demo.vendor, month, items, day)
        review_day = day + dt.timedelta(days=int(demo.rng.integers(1, 4)))
        if month == demo.cycle:
            demo.review(given[:1], review_day)  # availability awaits validation
        elif month == february:
            demo.review([given[0], given[2]], review_day)
            _contested_availability(demo, given[1], month, review_day)
        else:
            demo.review(given, review_day)
    demo.leader_time(
        11,
        3,
        5,
        {
            -3: (1.5, "Points hebdomadaires avec Axiome sur la migration Windows 11"),
            -2: (2.0, "Revue des incidents avec Thomas Roux"),
        },
    )


def _contested_availability(demo: _Demo, value: Value, month: dt.date, day: dt.date) -> None:
    """99.9 % reported for a month the workshop lost its ERP for a morning: contested,
    given again corrected, validated."""
    assert demo.vendor is not None
    demo.review(
        [value],
        day,
        reason=(
            "L'ERP de production a été inaccessible le 12 de 8 h à 13 h 30 (ticket P1 ouvert "
            "par l'atelier) : 99,9 % ne tient pas compte de cette coupure."
        ),
    )
    again = demo.give(
        demo.vendor,
        month,
        [
            (
                "availability",
                "98,8 %",
                "Corrigé : coupure ERP du 12 (5 h 30) intégrée. Cause : disque du serveur "
                "de base de données saturé, supervision renforcée depuis.",
            )
        ],
        day + dt.timedelta(days=2),
        hour=11,
    )
    demo.review(again, day + dt.timedelta(days=3))


def _payroll(demo: _Demo) -> None:
    """The pilot: the cabinet sends its figures by e-mail, the referent enters them."""
    demo.add(PAYROLL)
    services.indicator_update(
        actor=demo.referent,
        indicator=demo.ind["cost_per_deliverable"],
        data={"target": 18, "red": 22},
    )
    referent = Membership.objects.get(organisation=demo.engagement.organisation, user=demo.referent)
    for k, month in enumerate(demo.months):
        items = [
            (
                "error_rate",
                2.4 if k == 0 else 0,
                "" if k else "1 bulletin sur 41 corrigé : prime d'ancienneté",
            ),
            ("delay_vs_plan", 0, "Bulletins émis le 26, DSN déposée sans rejet"),
            ("internal_satisfaction", 7.5 + k * 0.5, "Retours des chefs d'atelier"),
            ("cost_per_deliverable", "17,80 €", "Honoraires du mois pour 41 bulletins"),
        ]
        demo.give(referent, month, items, demo.due(month) - dt.timedelta(days=1))
    demo.leader_time(9, 6, 4, {})


BUILDERS = {Function.SALES_ADMIN: _adv, Function.IT_SUPPORT: _it, Function.PAYROLL: _payroll}


def load(org: Organisation) -> None:
    """Run after the cash and ticket steps: the computed indicators read their data."""
    today = timezone.localdate()
    for seed, (function, build) in enumerate(BUILDERS.items(), start=11):
        engagement = (
            Engagement.objects.filter(organisation=org, function=function)
            .select_related("organisation", "referent")
            .first()
        )
        if engagement is not None:
            build(_Demo(engagement, today, seed))
