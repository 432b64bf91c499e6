"""The selection of a vendor for an engagement: the criteria and their weights, the
candidates, the reviewers and their independent score sheets, red flags, reference calls
and scoping interviews, and the decision with its reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pilotage.engagements.models import Engagement, Vendor

from . import catalogue

if TYPE_CHECKING:
    from pilotage.core.models import Membership


def _visible_engagements(membership: Membership) -> models.QuerySet[Engagement]:
    from pilotage.core.permissions import can, engagement_scope

    if not can(membership, "preparation.view"):
        return Engagement.objects.none()
    return Engagement.objects.filter(engagement_scope(membership))


class Criterion(models.Model):
    """One thing the candidates are compared on, with its weight in the total."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="selection_criteria"
    )
    code = models.CharField(_("catalogue entry"), max_length=40, blank=True)
    label = models.CharField(
        _("criterion"),
        max_length=200,
        blank=True,
        help_text=_("Empty for a catalogue criterion: its own name is shown."),
    )
    help = models.TextField(_("what to look at"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        validators=[MaxValueValidator(catalogue.MAX_WEIGHT)],
        help_text=_("From 0 to 10; 0: shown but not counted in the total."),
    )
    position = models.PositiveIntegerField(default=0)

    AUDITED = ("code", "label", "help", "weight", "position")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "code"],
                condition=~models.Q(code=""),
                name="selection_criterion_code_unique",
            )
        ]
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def template(self) -> catalogue.CriterionTemplate | None:
        return catalogue.BY_CODE.get(self.code) if self.code else None

    @property
    def name(self) -> str:
        if self.label:
            return self.label
        template = self.template
        return str(template.label) if template else self.code

    @property
    def guidance(self) -> str:
        if self.help:
            return self.help
        template = self.template
        return str(template.help) if template else ""

    def clean(self) -> None:
        if not self.code and not self.label.strip():
            raise ValidationError({"label": _("Name the criterion.")})
        if self.code and self.code not in catalogue.BY_CODE:
            raise ValidationError({"code": _("Unknown catalogue criterion.")})


class CandidateStatus(models.TextChoices):
    CONSIDERED = "considered", _("Considered")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrew")
    CHOSEN = "chosen", _("Chosen")
    NOT_CHOSEN = "not_chosen", _("Not chosen")


# Candidates still compared (scored, ranked); the others are set aside.
IN_RUNNING = (CandidateStatus.CONSIDERED, CandidateStatus.SHORTLISTED)
# Statuses only the decision gives.
DECIDED = (CandidateStatus.CHOSEN, CandidateStatus.NOT_CHOSEN)


class QuoteBasis(models.TextChoices):
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")
    TOTAL = "total", _("in total")


class CandidateQuerySet(models.QuerySet["Candidate"]):
    def visible_to(self, membership: Membership) -> CandidateQuerySet:
        return self.filter(engagement__in=_visible_engagements(membership))

    def in_running(self) -> CandidateQuerySet:
        return self.filter(status__in=[*IN_RUNNING, *DECIDED])


class Candidate(models.Model):
    """A vendor considered for the engagement."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="candidates")
    vendor = models.ForeignKey(
        Vendor, verbose_name=_("vendor"), on_delete=models.RESTRICT, related_name="candidacies"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CandidateStatus.choices, default="considered"
    )
    quote_amount = models.DecimalField(
        _("quote (€ excl. VAT)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    quote_basis = models.CharField(
        _("the quote is"), max_length=8, choices=QuoteBasis.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    AUDITED = ("vendor", "status", "quote_amount", "quote_basis", "notes")

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "vendor"], name="selection_candidate_unique"
            )
        ]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self) -> str:
        return self.vendor.name

    @property
    def in_running(self) -> bool:
        return self.status not in (CandidateStatus.REJECTED, CandidateStatus.WITHDRAWN)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if (
            self.vendor_id
            and self.engagement_id
            and self.vendor.organisation_id != self.engagement.organisation_id
        ):
            errors["vendor"] = _("This vendor does not belong to the organisation.")
        if self.quote_amount is not None and not self.quote_basis:
            errors["quote_basis"] = _("Say whether the quote is per month, per year or in total.")
        if self.quote_amount is None and self.quote_basis:
            self.quote_basis = ""
        if errors:
            raise ValidationError(errors)


class Reviewer(models.Model):
    """Someone of the organisation who scores every candidate on their own sheet."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="selection_reviewers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "user"], name="selection_reviewer_unique")
        ]
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    """One reviewer's score of one candidate on one criterion (0–5), with a comment."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(catalogue.TOP_SCORE)],
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "criterion", "reviewer"], name="selection_score_unique"
            )
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"{self.candidate} · {self.criterion} · {self.value}"


class RedFlag(models.Model):
    """A warning sign the texts name, raised about a candidate."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="red_flags")
    code = models.CharField(
        _("red flag"),
        max_length=30,
        choices=[(f.code, f.label) for f in catalogue.RED_FLAGS],
    )
    note = models.TextField(_("what was seen"), blank=True, max_length=2000)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)

    AUDITED = ("code", "note")

    class Meta:
        ordering = ["raised_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "code"], name="selection_red_flag_unique")
        ]
        verbose_name = _("red flag")
        verbose_name_plural = _("red flags")

    def __str__(self) -> str:
        return f"{self.candidate} · {self.get_code_display()}"


class InteractionKind(models.TextChoices):
    REFERENCE_CALL = "reference", _("Reference call")
    SCOPING = "scoping", _("Scoping interview")
    OTHER = "other", _("Other exchange")


class Verdict(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    MIXED = "mixed", _("Mixed")
    NEGATIVE = "negative", _("Negative")


class Interaction(models.Model):
    """A reference call, the scoping interview or another exchange with a candidate."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(_("kind"), max_length=10, choices=InteractionKind.choices)
    held_on = models.DateField(_("held on"))
    with_whom = models.CharField(
        _("with whom"),
        max_length=200,
        blank=True,
        help_text=_("The people met or called."),
    )
    reference_company = models.CharField(
        _("reference company"),
        max_length=200,
        blank=True,
        help_text=_("For a reference call: the client company you called."),
    )
    comparable = models.BooleanField(
        _("comparable to you in size and sector"),
        null=True,
        blank=True,
    )
    summary = models.TextField(_("what you learnt"), max_length=5000)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED = (
        "kind",
        "held_on",
        "with_whom",
        "reference_company",
        "comparable",
        "summary",
        "verdict",
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("exchange with a candidate")
        verbose_name_plural = _("exchanges with candidates")

    def __str__(self) -> str:
        return f"{self.candidate} · {self.get_kind_display()} · {self.held_on}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("This date is in the future: record the exchange once held.")
        if self.kind == InteractionKind.REFERENCE_CALL and not self.reference_company.strip():
            errors["reference_company"] = _("Name the client company you called.")
        if errors:
            raise ValidationError(errors)


class Decision(models.Model):
    """The choice of the vendor, with its reasons: one per selection round."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="selection_decisions"
    )
    round = models.PositiveSmallIntegerField(default=1)
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.RESTRICT, related_name="+"
    )
    reasons = models.TextField(_("reasons"), max_length=5000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-round"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "round"], name="selection_decision_per_round"
            )
        ]
        verbose_name = _("selection decision")
        verbose_name_plural = _("selection decisions")

    def __str__(self) -> str:
        return f"{self.engagement} → {self.candidate}"

    def clean(self) -> None:
        if not self.reasons.strip():
            raise ValidationError({"reasons": _("Write the reasons of the choice.")})
