"""Contracts and amendments of an engagement, their clause checklist, and the deadline alerts
sent (the dates themselves are computed by terms.py, never typed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilotage.engagements.models import Engagement

if TYPE_CHECKING:
    from pilotage.core.models import Membership

DEFAULT_ALERT_OFFSETS = [90, 30, 7]


def default_alert_offsets() -> list[int]:
    return list(DEFAULT_ALERT_OFFSETS)


class ContractKind(models.TextChoices):
    CONTRACT = "contract", _("Contract")
    AMENDMENT = "amendment", _("Amendment")


class NoticeUnit(models.TextChoices):
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class ContractQuerySet(models.QuerySet["Contract"]):
    def visible_to(self, membership: Membership) -> ContractQuerySet:
        from pilotage.core.permissions import contract_scope

        return self.filter(contract_scope(membership))


def document_path(instance: Contract, filename: str) -> str:
    return f"contracts/{instance.engagement.organisation_id}/{instance.engagement_id}/{filename}"


class Contract(models.Model):
    """A contract (or an amendment to one) binding the organisation and the engagement's vendor."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="contracts")
    kind = models.CharField(
        _("kind"), max_length=12, choices=ContractKind.choices, default=ContractKind.CONTRACT
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amendments",
    )
    reference = models.CharField(_("reference"), max_length=100)
    title = models.CharField(_("title"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    initial_term_months = models.PositiveSmallIntegerField(
        _("initial term (months)"), validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    renewal_term_months = models.PositiveSmallIntegerField(
        _("renewal term (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Empty: the same as the initial term."),
    )
    tacit_renewal = models.BooleanField(_("renewed tacitly"), default=True)
    notice_amount = models.PositiveSmallIntegerField(
        _("notice period"), default=3, validators=[MinValueValidator(0)]
    )
    notice_unit = models.CharField(
        _("notice in"), max_length=6, choices=NoticeUnit.choices, default=NoticeUnit.MONTHS
    )
    notice_given_on = models.DateField(
        _("notice given on"),
        null=True,
        blank=True,
        help_text=_("The contract then ends at the end of the current term."),
    )
    fixed_monthly_fee = models.DecimalField(
        _("fixed fee per month (excl. VAT)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    variable_fee = models.CharField(
        _("variable fee"),
        max_length=300,
        blank=True,
        help_text=_("For instance: 2.50 € per invoice sent, 45 € per extra ticket."),
    )
    performance_share = models.DecimalField(
        _("share of the fee tied to performance (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    payment_terms = models.CharField(_("payment terms"), max_length=200, blank=True)
    document = models.FileField(_("signed document"), upload_to=document_path, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    shared_with_vendor = models.BooleanField(
        _("shared with the vendor"),
        default=False,
        help_text=_("The vendor's people may read this contract, its clauses and its dates."),
    )
    alert_offsets = models.JSONField(
        _("alerts (days before the deadline)"), default=default_alert_offsets
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContractQuerySet.as_manager()

    AUDITED = (
        "kind",
        "amends",
        "reference",
        "title",
        "signed_on",
        "starts_on",
        "initial_term_months",
        "renewal_term_months",
        "tacit_renewal",
        "notice_amount",
        "notice_unit",
        "notice_given_on",
        "fixed_monthly_fee",
        "variable_fee",
        "performance_share",
        "payment_terms",
        "document_name",
        "shared_with_vendor",
        "alert_offsets",
        "notes",
    )

    class Meta:
        ordering = ["engagement", "starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "reference"], name="contract_reference_unique"
            )
        ]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")

    def __str__(self) -> str:
        return self.reference


class ClauseStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Not checked")
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    NEGOTIATE = "negotiate", _("To negotiate")


class Clause(models.Model):
    """One line of the clause checklist (clauses.py) for one contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="clauses")
    key = models.CharField(_("clause"), max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=ClauseStatus.choices, default=ClauseStatus.UNKNOWN
    )
    note = models.TextField(_("note"), blank=True)

    AUDITED = ("key", "status", "note")

    class Meta:
        ordering = ["contract", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "key"], name="one_clause_per_key")
        ]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")

    def __str__(self) -> str:
        return f"{self.contract} · {self.label}"

    @property
    def label(self) -> str:
        from .clauses import label

        return label(self.key)

    @property
    def essential(self) -> bool:
        from .clauses import ESSENTIAL

        return self.key in ESSENTIAL

    @property
    def missing(self) -> bool:
        from .clauses import is_missing

        return is_missing(self.key, self.status)


class AlertKind(models.TextChoices):
    NOTICE = "notice", _("Last day to give notice")
    END = "end", _("End of the contract")
    MISSED = "missed", _("Renewed without an alert")


class ContractAlert(models.Model):
    """One alert sent about one deadline of one contract, at one offset: sent once, ever."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    deadline = models.DateField()
    offset = models.IntegerField()
    sent_at = models.DateTimeField()
    recipients = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind", "deadline", "offset"], name="contract_alert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} · {self.kind} {self.deadline} −{self.offset}"
