"""The perimeter diagnostic of an engagement: the activities of the function, what becomes of
each, the readiness check and the risks of failure (stage 1, "Diagnose")."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilotage.engagements.models import Engagement

from . import advice

if TYPE_CHECKING:
    from pilotage.core.models import Membership

MAX_HOURS = Decimal("744")  # hours in a 31-day month
TEXT_LIMIT = 2000


class Category(models.TextChoices):
    STRATEGIC = advice.STRATEGIC, _("Strategic (keep inside)")
    SENSITIVE = advice.SENSITIVE, _("Sensitive (share: the vendor prepares, you decide)")
    REPETITIVE = advice.REPETITIVE, _("Repetitive (may go out)")
    __empty__ = _("Not decided yet")


class Documented(models.TextChoices):
    YES = advice.DOCUMENTED_YES, _("Yes, written down")
    PARTLY = advice.DOCUMENTED_PARTLY, _("Partly")
    NO = advice.DOCUMENTED_NO, _("No")
    __empty__ = _("Not said")


class Answer(models.TextChoices):
    YES = advice.YES, _("Yes")
    PARTLY = advice.PARTLY, _("Partly")
    NO = advice.NO, _("No")
    __empty__ = _("Not answered")


class Level(models.TextChoices):
    LOW = advice.LOW, _("Low")
    MEDIUM = advice.MEDIUM, _("Medium")
    HIGH = advice.HIGH, _("High")
    __empty__ = _("Not assessed")


def _answer(label: str) -> models.CharField:
    return models.CharField(label, max_length=10, choices=Answer.choices, blank=True)


def _note(label: str) -> models.TextField:
    return models.TextField(label, blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)])


def _level(label: str) -> models.CharField:
    return models.CharField(label, max_length=10, choices=Level.choices, blank=True)


def _cost() -> models.DecimalField:
    return models.DecimalField(
        _("estimated cost (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What a failure would cost, roughly: lost margin, penalties, time to repair."),
    )


class DiagnosticQuerySet(models.QuerySet["Diagnostic"]):
    def visible_to(self, membership: Membership) -> DiagnosticQuerySet:
        from pilotage.core.permissions import engagement_scope

        return self.filter(engagement__in=Engagement.objects.filter(engagement_scope(membership)))


class Diagnostic(models.Model):
    """One per engagement, created on its first write: readiness answers, risks, conclusion."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="diagnostic"
    )
    # Readiness: the four questions of the checklist "do I really need to outsource now?".
    firefighting = _answer(_("teams fighting fires"))
    firefighting_note = _note(_("comment"))
    scope = _answer(_("clear what stays and what goes"))
    scope_note = _note(_("comment"))
    indicators = _answer(_("reliable cash and satisfaction indicators"))
    indicators_note = _note(_("comment"))
    procedures = _answer(_("recurring procedures written down"))
    procedures_note = _note(_("comment"))
    # Risks of failure: quality, cash, image.
    quality_likelihood = _level(_("likelihood"))
    quality_impact = _level(_("impact"))
    quality_cost = _cost()
    quality_mitigation = _note(_("how to limit it"))
    cash_likelihood = _level(_("likelihood"))
    cash_impact = _level(_("impact"))
    cash_cost = _cost()
    cash_mitigation = _note(_("how to limit it"))
    image_likelihood = _level(_("likelihood"))
    image_impact = _level(_("impact"))
    image_cost = _cost()
    image_mitigation = _note(_("how to limit it"))
    concluded_at = models.DateTimeField(_("concluded on"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concluded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed on"), auto_now=True)

    objects = DiagnosticQuerySet.as_manager()

    READINESS = tuple(q for q in advice.QUESTIONS) + tuple(f"{q}_note" for q in advice.QUESTIONS)
    RISKS = tuple(
        f"{area}_{part}"
        for area in advice.RISK_AREAS
        for part in ("likelihood", "impact", "cost", "mitigation")
    )
    AUDITED = (*READINESS, *RISKS, "concluded_at", "concluded_by")

    class Meta:
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")

    def __str__(self) -> str:
        return f"{_('Diagnostic')} · {self.engagement}"

    def answers(self) -> dict[str, str]:
        return {q: getattr(self, q) for q in advice.QUESTIONS}

    def risk_facts(self) -> list[advice.RiskFacts]:
        return [
            advice.RiskFacts(
                area,
                getattr(self, f"{area}_likelihood"),
                getattr(self, f"{area}_impact"),
                getattr(self, f"{area}_cost"),
            )
            for area in advice.RISK_AREAS
        ]


class ActivityQuerySet(models.QuerySet["Activity"]):
    def visible_to(self, membership: Membership) -> ActivityQuerySet:
        from pilotage.core.permissions import engagement_scope

        return self.filter(engagement__in=Engagement.objects.filter(engagement_scope(membership)))


class Activity(models.Model):
    """One activity of the outsourced function, as the company does it today."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("activity"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    hours = models.DecimalField(
        _("hours per month"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_HOURS)],
        help_text=_(
            "Time the company spends on it each month, everyone included. A guess will do."
        ),
    )
    leader_hours = models.DecimalField(
        _("of which your own hours"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_HOURS)],
        help_text=_("The part of those hours the leader spends on it."),
    )
    volume = models.PositiveIntegerField(
        _("volume per month"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000_000)],
    )
    volume_unit = models.CharField(
        _("unit of the volume"),
        max_length=60,
        blank=True,
        help_text=_("What is counted: invoices, orders, tickets, payslips…"),
    )
    category = models.CharField(
        _("class"), max_length=12, choices=Category.choices, blank=True, default=""
    )
    documented = models.CharField(
        _("written down"), max_length=10, choices=Documented.choices, blank=True, default=""
    )
    done_by = models.CharField(
        _("who does it today"),
        max_length=200,
        blank=True,
        help_text=_("A person, a team, a tool…"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    AUDITED = (
        "name",
        "description",
        "hours",
        "leader_hours",
        "volume",
        "volume_unit",
        "category",
        "documented",
        "done_by",
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.leader_hours is not None:
            if self.hours is None:
                errors["hours"] = _("Give the hours of the activity, yours included.")
            elif self.leader_hours > self.hours:
                errors["leader_hours"] = _(
                    "Your own hours are part of the activity's: they cannot be more."
                )
        if self.volume_unit and self.volume is None:
            errors["volume"] = _("Give the volume, or leave its unit empty.")
        if errors:
            raise ValidationError(errors)

    def facts(self) -> advice.ActivityFacts:
        return advice.ActivityFacts(self.category, self.documented, self.hours, self.leader_hours)

    @property
    def verdict(self) -> str:
        return advice.verdict(self.category, self.documented)
