"""The pilot of an engagement: a limited scope or volume, a ramp-up plan, go/no-go criteria
agreed in advance, and the decisions taken at its end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pilotage.core.models import Organisation
from pilotage.engagements.models import Engagement, Stage
from pilotage.kpis.models import Indicator, Unit

from . import evaluate, plan

if TYPE_CHECKING:
    from pilotage.core.models import Membership


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending")
    GO = "go", _("Go")
    NO_GO = "no_go", _("No-go")
    EXTENDED = "extended", _("Extended")


FINAL = (Decision.GO, Decision.NO_GO)


class PilotQuerySet(models.QuerySet["Pilot"]):
    def visible_to(self, membership: Membership) -> PilotQuerySet:
        return self.filter(engagement__in=Engagement.objects.visible_to(membership))


class Pilot(models.Model):
    """The pilot phase of one engagement (at most one)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="pilot")
    scope = models.CharField(
        _("scope"),
        max_length=300,
        help_text=_(
            "The part of the function the vendor takes on first: “invoices of customers A to F”."
        ),
    )
    volume = models.CharField(
        _("volume"),
        max_length=200,
        blank=True,
        # xgettext:no-python-format
        help_text=_("How much of the work: “20 % of the invoices”, “the Lyon site only”."),
    )
    start_date = models.DateField(_("starts on"))
    end_date = models.DateField(_("ends on"))
    ramp_up_months = models.PositiveSmallIntegerField(
        _("ramp-up (months)"),
        default=plan.DEFAULT_RAMP_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(plan.MAX_MONTHS)],
        help_text=_("Months to reach the whole target volume: three is usual."),
    )
    criteria_agreed_at = models.DateTimeField(_("criteria agreed on"), null=True, blank=True)
    criteria_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decision_reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PilotQuerySet.as_manager()

    AUDITED = (
        "scope",
        "volume",
        "start_date",
        "end_date",
        "ramp_up_months",
        "criteria_agreed_at",
        "decision",
        "decision_reasons",
        "decided_at",
    )

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")

    def __str__(self) -> str:
        return str(_("Pilot of %(engagement)s") % {"engagement": self.engagement})

    def clean(self) -> None:
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                raise ValidationError({"end_date": _("The pilot cannot end before it starts.")})
            latest = plan.latest_end(self.start_date)
            if self.end_date > latest:
                raise ValidationError(
                    {
                        "end_date": _(
                            "A pilot lasts at most %(months)s months: end it by %(date)s at the latest."
                        )
                        % {
                            "months": plan.MAX_MONTHS,
                            "date": date_format(latest, "SHORT_DATE_FORMAT"),
                        }
                    }
                )

    @property
    def agreed(self) -> bool:
        return self.criteria_agreed_at is not None

    @property
    def closed(self) -> bool:
        """Go or no-go taken: nothing of the pilot changes any more."""
        return self.decision in FINAL


class RampStep(models.Model):
    """One month of the ramp-up: the share of the target volume the vendor handles."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="steps")
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(plan.MAX_MONTHS)]
    )
    share = models.PositiveSmallIntegerField(
        _("share of the target volume (%)"), validators=[MaxValueValidator(100)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    AUDITED = ("month", "share", "note")

    class Meta:
        ordering = ["pilot", "month"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "month"], name="pilot_step_once_per_month")
        ]
        verbose_name = _("ramp-up step")
        verbose_name_plural = _("ramp-up steps")

    def __str__(self) -> str:
        return f"{self.month}: {self.share} %"


class Comparator(models.TextChoices):
    AT_MOST = evaluate.AT_MOST, _("at most")
    AT_LEAST = evaluate.AT_LEAST, _("at least")


class Rule(models.TextChoices):
    LATEST = evaluate.LATEST, _("latest value of the pilot")
    AVERAGE = evaluate.AVERAGE, _("average over the pilot")
    WORST = evaluate.WORST, _("worst value of the pilot")


class Criterion(models.Model):
    """One go/no-go criterion: an indicator of the engagement against a threshold, or a
    measure recorded by hand at the end of the pilot."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="criteria")
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )
    label = models.CharField(_("criterion"), max_length=200)
    comparator = models.CharField(_("comparator"), max_length=10, choices=Comparator.choices)
    threshold = models.DecimalField(_("threshold"), max_digits=16, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    rule = models.CharField(
        _("measured as"), max_length=10, choices=Rule.choices, default=Rule.AVERAGE
    )
    manual_value = models.DecimalField(
        _("measured value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    manual_note = models.TextField(_("how it was measured"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    AUDITED = (
        "indicator",
        "label",
        "comparator",
        "threshold",
        "unit",
        "rule",
        "manual_value",
        "manual_note",
    )

    class Meta:
        ordering = ["pilot", "position", "id"]
        verbose_name = _("go/no-go criterion")
        verbose_name_plural = _("go/no-go criteria")

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.indicator_id is not None and self.pilot_id is not None:
            if self.indicator.engagement_id != self.pilot.engagement_id:
                raise ValidationError(
                    {"indicator": _("This indicator belongs to another engagement.")}
                )
            if self.unit != self.indicator.unit:
                raise ValidationError({"unit": _("The unit is the indicator's.")})


class PilotDecision(models.Model):
    """One decision taken on a pilot, kept for ever with what was measured at that moment."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reasons = models.TextField(_("reasons"))
    early = models.BooleanField(_("decided before the end"), default=False)
    previous_end_date = models.DateField(_("end date before"))
    new_end_date = models.DateField(_("new end date"), null=True, blank=True)
    stage = models.CharField(_("engagement moved to"), max_length=20, blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=15, blank=True)
    results = models.JSONField(_("criteria at the decision"), default=list, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("date"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("pilot decision")
        verbose_name_plural = _("pilot decisions")

    def __str__(self) -> str:
        return f"{self.pilot}: {self.decision}"

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label) if self.stage else ""
