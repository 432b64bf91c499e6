"""Indicators of an engagement, their values per period and who submitted, validated or
contested them; the engagement's submission rules and the reminders sent."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pilotage.core.models import ImportJob, Organisation
from pilotage.engagements.models import Engagement

from . import catalogue, periods, units

if TYPE_CHECKING:
    from pilotage.core.models import Membership


class Frequency(models.TextChoices):
    WEEKLY = periods.WEEKLY, _("Weekly")
    MONTHLY = periods.MONTHLY, _("Monthly")
    QUARTERLY = periods.QUARTERLY, _("Quarterly")


class Unit(models.TextChoices):
    DAYS = units.DAYS, _("days")
    PERCENT = units.PERCENT, _("%")
    COUNT = units.COUNT, _("count")
    EUROS = units.EUROS, _("€")
    HOURS = units.HOURS, _("hours")
    SCORE = units.SCORE, _("score")


class Direction(models.IntegerChoices):
    HIGHER = catalogue.HIGHER, _("Higher is better")
    LOWER = catalogue.LOWER, _("Lower is better")


class Source(models.TextChoices):
    COMPUTED = "computed", _("Computed by Pilotage from imported data")
    VENDOR = "vendor", _("Entered by the vendor")
    INTERNAL = "internal", _("Entered internally")


class Aspect(models.TextChoices):
    CASH = catalogue.CASH, _("Cash")
    QUALITY = catalogue.QUALITY, _("Quality of service")
    SATISFACTION = catalogue.SATISFACTION, _("Satisfaction")
    RESULTS = catalogue.RESULTS, _("Business results")
    ACTIVITY = catalogue.ACTIVITY, _("Activity")
    TIME = catalogue.TIME, _("Leader's time")


class KpiSettings(models.Model):
    """When the vendor's values fall due and when they are reminded of them."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="kpi_settings"
    )
    due_days = models.PositiveSmallIntegerField(
        _("values due (days after the period ends)"),
        default=5,
        validators=[MaxValueValidator(60)],
    )
    reminder_days = models.JSONField(
        _("reminders (days from the due date)"),
        default=list,
        blank=True,
        help_text=_(
            "Negative before the due date, positive after it: “-2, 0, 3, 7” reminds two days "
            "before, on the day, then three and seven days late."
        ),
    )
    reminders_on = models.BooleanField(_("remind the vendor by e-mail"), default=True)

    AUDITED = ("due_days", "reminder_days", "reminders_on")
    DEFAULT_REMINDERS = [-2, 0, 3, 7]

    class Meta:
        verbose_name = _("indicator settings")
        verbose_name_plural = _("indicator settings")

    def __str__(self) -> str:
        return str(self.engagement)


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def visible_to(self, membership: Membership) -> IndicatorQuerySet:
        from pilotage.core.permissions import engagement_scope

        visible = Engagement.objects.filter(engagement_scope(membership))
        return self.filter(engagement__in=visible)

    def active(self) -> IndicatorQuerySet:
        return self.filter(active=True)


class Indicator(models.Model):
    """One indicator an engagement is steered by."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="indicators")
    template = models.CharField(_("catalogue entry"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=120)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    scale = models.DecimalField(
        _("top of the scale"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("For a score: its highest value (10 when empty)."),
    )
    direction = models.SmallIntegerField(_("direction"), choices=Direction.choices)
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    red = models.DecimalField(
        _("red threshold"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Red from this value on; amber between it and the target."),
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    computed = models.CharField(max_length=40, blank=True)  # key of the computed figure
    aspect = models.CharField(_("measures"), max_length=15, choices=Aspect.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("indicator", "owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who answers for it: gives its values or checks them."),
    )
    since = models.DateField(
        _("first period"), help_text=_("Values are expected from this period on.")
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorQuerySet.as_manager()

    AUDITED = (
        "name",
        "definition",
        "unit",
        "scale",
        "direction",
        "target",
        "red",
        "frequency",
        "source",
        "aspect",
        "owner",
        "since",
        "active",
    )

    class Meta:
        ordering = ["engagement", "-active", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "template"],
                condition=~models.Q(template=""),
                name="indicator_template_once",
            ),
            models.UniqueConstraint(fields=["engagement", "name"], name="indicator_name_unique"),
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def is_leader_time(self) -> bool:
        return self.template == catalogue.LEADER_TIME


class ValueStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting validation")
    VALIDATED = "validated", _("Validated")
    CONTESTED = "contested", _("Contested")
    RECORDED = "recorded", _("Recorded")


def evidence_path(instance: Value, filename: str) -> str:
    """Evidence lies in the private store under a name nobody can guess."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"kpis/evidence/{instance.organisation_id}/{uuid.uuid4().hex}{suffix}"


class Value(models.Model):
    """The value of one indicator for one period."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.DateField(_("period"))  # its first day
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ValueStatus.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    contest_reason = models.TextField(_("reason for contesting"), blank=True)

    AUDITED = ("period", "value", "comment", "evidence_name", "status", "late", "contest_reason")

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="value_once_per_period")
        ]
        indexes = [models.Index(fields=["indicator", "-period"])]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.indicator} {self.period:%Y-%m-%d}: {self.value}"


class ValueAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RESUBMITTED = "resubmitted", _("Submitted again")
    VALIDATED = "validated", _("Validated")
    CONTESTED = "contested", _("Contested")
    RECORDED = "recorded", _("Recorded")
    CORRECTED = "corrected", _("Corrected")


class ValueEvent(models.Model):
    """One step in the life of a value, kept for ever."""

    value = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=ValueAction.choices)
    at = models.DateTimeField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    amount = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True)
    comment = models.TextField(_("comment"), blank=True)
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("value history")
        verbose_name_plural = _("value history")

    def __str__(self) -> str:
        return f"{self.value} {self.action}"


class ReminderSent(models.Model):
    """A reminder of missing values, sent once for one period and one step of the schedule."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    period = models.DateField()
    offset = models.SmallIntegerField()
    sent_at = models.DateTimeField()
    recipients = models.TextField(blank=True)
    missing = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "frequency", "period", "offset"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.engagement} {self.period} {self.offset:+d}"


class KpiImport(ImportJob):
    """One upload of indicator values (period, indicator, value)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="kpi_imports")
    file = models.FileField(upload_to="imports/kpis/%Y/%m/")

    class Meta(ImportJob.Meta):
        verbose_name = _("indicator import")
        verbose_name_plural = _("indicator imports")
