"""Service levels: calendars, SLA policies with their priorities, tickets and their pauses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pilotage.core.models import ImportJob, Organisation
from pilotage.engagements.models import Engagement

from . import penalties
from .engine import Calendar

if TYPE_CHECKING:
    from pilotage.core.models import Membership


class BusinessCalendarQuerySet(models.QuerySet["BusinessCalendar"]):
    def visible_to(self, membership: Membership) -> BusinessCalendarQuerySet:
        from pilotage.core.permissions import calendar_scope

        return self.filter(calendar_scope(membership))


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class BusinessCalendar(models.Model):
    """The hours a service level counts: weekly hours, zone, holidays, closures."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="calendars"
    )
    name = models.CharField(_("name"), max_length=120)
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    holiday_country = models.CharField(
        _("public holidays"),
        max_length=8,
        blank=True,
        default="FR",
        help_text=_("Country code, e.g. FR; empty for none."),
    )
    subdivision = models.CharField(
        _("subdivision"),
        max_length=16,
        blank=True,
        help_text=_("57 Moselle, 6AE Alsace, 971–976 overseas departments…"),
    )
    # {"0": [["09:00", "12:00"], ["14:00", "18:00"]], …}: Monday is "0".
    weekly_hours = models.JSONField(_("weekly hours"), default=dict)
    closed_days = models.JSONField(_("extra closed days"), default=list, blank=True)  # ISO dates
    open_days = models.JSONField(_("holidays worked"), default=list, blank=True)  # ISO dates
    updated_at = models.DateTimeField(auto_now=True)

    objects = BusinessCalendarQuerySet.as_manager()

    AUDITED = (
        "name",
        "timezone",
        "holiday_country",
        "subdivision",
        "weekly_hours",
        "closed_days",
        "open_days",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="calendar_name_unique")
        ]
        verbose_name = _("calendar")
        verbose_name_plural = _("calendars")

    def __str__(self) -> str:
        return self.name

    def hours_by_weekday(self) -> dict[int, list[tuple[str, str]]]:
        return {
            int(day): [(a, b) for a, b in spans] for day, spans in (self.weekly_hours or {}).items()
        }

    def engine(self) -> Calendar:
        """The engine's calendar, built once per saved version."""
        key = (self.pk, self.updated_at)
        cached = _ENGINES.get(key)
        if cached is None:
            cached = Calendar(
                self.hours_by_weekday(),
                timezone=self.timezone,
                holidays=self.holiday_country or None,
                subdivision=self.subdivision or None,
                extra_closed_days=[dt.date.fromisoformat(d) for d in self.closed_days or []],
                extra_open_days=[dt.date.fromisoformat(d) for d in self.open_days or []],
            )
            if len(_ENGINES) > 64:
                _ENGINES.clear()
            _ENGINES[key] = cached
        return cached


_ENGINES: dict[tuple[int | None, object], Calendar] = {}


class PenaltyMode(models.TextChoices):
    NONE = penalties.NONE, _("No penalty")
    PER_TICKET = penalties.PER_TICKET, _("Fixed amount per missed ticket")
    PER_STARTED_HOUR = penalties.PER_STARTED_HOUR, _("Amount per started hour late")
    SERVICE_CREDIT = penalties.SERVICE_CREDIT, _("Service credit on monthly compliance")


class SlaPolicyQuerySet(models.QuerySet["SlaPolicy"]):
    def visible_to(self, membership: Membership) -> SlaPolicyQuerySet:
        from pilotage.core.permissions import engagement_scope

        ids = Engagement.objects.filter(engagement_scope(membership)).values("pk")
        return self.filter(engagement__in=ids)


PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class SlaPolicy(models.Model):
    """The service level of an engagement: targets per priority, what pauses the clock,
    the monthly compliance target and the penalty rule."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="sla_policy"
    )
    pause_statuses = models.JSONField(
        _("statuses that pause the clock"), default=list, blank=True
    )  # e.g. ["En attente", "Pending", "waiting for customer"]
    compliance_target = models.DecimalField(
        _("monthly compliance target (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("95"),
        validators=PERCENT,
    )
    penalty_mode = models.CharField(
        _("penalty"), max_length=20, choices=PenaltyMode.choices, default=PenaltyMode.NONE
    )
    amount_per_ticket = models.DecimalField(
        _("amount per missed ticket (€)"), max_digits=10, decimal_places=2, default=0
    )
    amount_per_hour = models.DecimalField(
        _("amount per started hour late (€)"), max_digits=10, decimal_places=2, default=0
    )
    monthly_fee = models.DecimalField(
        _("monthly fee (€ excl. VAT)"), max_digits=12, decimal_places=2, default=0
    )
    cap_percent = models.DecimalField(
        _("monthly cap (share of the fee, in percent)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    # [{"below": "95", "credit": "5"}, {"below": "90", "credit": "10"}]
    credit_tiers = models.JSONField(_("service-credit tiers"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlaPolicyQuerySet.as_manager()

    AUDITED = (
        "pause_statuses",
        "compliance_target",
        "penalty_mode",
        "amount_per_ticket",
        "amount_per_hour",
        "monthly_fee",
        "cap_percent",
        "credit_tiers",
    )

    class Meta:
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")

    def __str__(self) -> str:
        return f"SLA · {self.engagement}"

    def rule(self) -> penalties.Rule:
        return penalties.Rule(
            mode=self.penalty_mode,
            amount_per_ticket=self.amount_per_ticket,
            amount_per_hour=self.amount_per_hour,
            monthly_fee=self.monthly_fee,
            cap_percent=self.cap_percent,
            tiers=[
                penalties.Tier(Decimal(str(t["below"])), Decimal(str(t["credit"])))
                for t in self.credit_tiers or []
            ],
        )

    def pauses_on(self, status: str) -> bool:
        wanted = {s.strip().casefold() for s in self.pause_statuses or []}
        return status.strip().casefold() in wanted


class PriorityLevel(models.Model):
    """P1…P4 of a policy: targets, the calendar they count in, and the names files use for them."""

    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="priorities")
    rank = models.PositiveSmallIntegerField(_("rank"))
    code = models.CharField(_("code"), max_length=10)  # P1
    name = models.CharField(_("name"), max_length=60)  # Critique
    gti_minutes = models.PositiveIntegerField(_("GTI (minutes)"))
    gtr_minutes = models.PositiveIntegerField(_("GTR (minutes)"))
    calendar = models.ForeignKey(
        BusinessCalendar, verbose_name=_("calendar"), on_delete=models.RESTRICT
    )
    # Values a ticket file may carry for this priority: "1", "Très haute", "Highest", "3 high"…
    aliases = models.JSONField(_("names in imported files"), default=list, blank=True)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "rank"], name="priority_rank_unique"),
            models.UniqueConstraint(fields=["policy", "code"], name="priority_code_unique"),
        ]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def matches(self, value: str) -> bool:
        v = value.strip().casefold()
        return v in {
            self.code.casefold(),
            self.name.casefold(),
            *(a.strip().casefold() for a in self.aliases or []),
        }


class TicketQuerySet(models.QuerySet["Ticket"]):
    def visible_to(self, membership: Membership) -> TicketQuerySet:
        from pilotage.core.permissions import engagement_scope

        ids = Engagement.objects.filter(engagement_scope(membership)).values("pk")
        return self.filter(engagement__in=ids)


class Ticket(models.Model):
    """One ticket of the vendor's tool, with its times measured by Pilotage."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="tickets")
    external_id = models.CharField(_("ticket"), max_length=60)
    title = models.CharField(_("title"), max_length=300, blank=True)
    priority = models.ForeignKey(
        PriorityLevel, verbose_name=_("priority"), on_delete=models.RESTRICT, related_name="tickets"
    )
    status = models.CharField(_("status"), max_length=60, blank=True)
    opened_at = models.DateTimeField(_("opened"))
    taken_at = models.DateTimeField(_("taken in charge"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("restored"), null=True, blank=True)
    month = models.DateField(
        _("month")
    )  # first day of the month of opening, in the calendar's zone
    # Measured by Pilotage (business seconds net of pauses)
    intervene_seconds = models.FloatField(null=True, blank=True)
    restore_seconds = models.FloatField(null=True, blank=True)
    intervene_breached = models.BooleanField(default=False)
    restore_breached = models.BooleanField(default=False)
    late_seconds = models.FloatField(default=0)
    measured_at = models.DateTimeField(null=True, blank=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "external_id"], name="ticket_id_unique")
        ]
        indexes = [models.Index(fields=["engagement", "month"])]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")

    def __str__(self) -> str:
        return f"#{self.external_id}"

    @property
    def breached(self) -> bool:
        return self.intervene_breached or self.restore_breached


class TicketPause(models.Model):
    """A span during which the clock stops (waiting for the customer, resolved then reopened)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="pauses")
    start = models.DateTimeField(pgettext_lazy("pause", "from"))
    end = models.DateTimeField(pgettext_lazy("pause", "until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=100, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")

    def __str__(self) -> str:
        return f"{self.ticket} ⏸ {self.start:%Y-%m-%d %H:%M}"


class TicketImport(ImportJob):
    """One upload of a ticket file: its mapping, progress and outcome."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="ticket_imports"
    )
    file = models.FileField(upload_to="imports/tickets/%Y/%m/")
    source = models.CharField(_("format"), max_length=20, default="generic")
    timezone = models.CharField(_("time zone of the file"), max_length=64, default="Europe/Paris")

    class Meta(ImportJob.Meta):
        verbose_name = _("ticket import")
        verbose_name_plural = _("ticket imports")

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS.get(self.source, self.source))


SOURCE_LABELS = {
    "glpi": "GLPI",
    "zammad": "Zammad",
    "jira": "Jira Service Management",
    "generic": _("Free format"),
}


class ColumnMapping(models.Model):
    """The column mapping last used for a vendor's ticket files, offered again next time."""

    vendor = models.ForeignKey("engagements.Vendor", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, default="tickets")
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vendor", "kind"], name="mapping_per_vendor")
        ]

    def __str__(self) -> str:
        return f"{self.vendor} · {self.kind}"
