"""Vendors and the engagements they hold, with the life stages of an engagement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilotage.core.models import Organisation
from pilotage.lib.siren import validate_siren

if TYPE_CHECKING:
    from pilotage.core.models import Membership


class VendorKind(models.TextChoices):
    AGENCY = "agency", _("Agency")
    FREELANCE = "freelance", _("Freelance")
    IT_SERVICES = "it_services", _("IT services firm")
    ACCOUNTING = "accounting", _("Accounting firm")
    OTHER = "other", _("Other")


class VendorQuerySet(models.QuerySet["Vendor"]):
    def visible_to(self, membership: Membership) -> VendorQuerySet:
        from pilotage.core.permissions import vendor_scope

        return self.filter(vendor_scope(membership))


class Vendor(models.Model):
    """An outside provider: agency, freelance, IT services firm, accounting firm…"""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="vendors")
    name = models.CharField(_("name"), max_length=200)
    siren = models.CharField(
        _("SIREN"),
        max_length=9,
        blank=True,
        validators=[validate_siren],
        help_text=_("9 digits, checked with its control key."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=VendorKind.choices)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VendorQuerySet.as_manager()

    AUDITED = ("name", "siren", "kind", "website", "address", "notes")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "siren"],
                condition=~models.Q(siren=""),
                name="vendor_siren_unique_in_org",
            )
        ]
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")

    def __str__(self) -> str:
        return self.name


class VendorContact(models.Model):
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    AUDITED = ("name", "position", "email", "phone")

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class Function(models.TextChoices):
    SALES_ADMIN = "sales_admin", _("Sales administration and cash collection")
    ACCOUNTING = "accounting", _("Accounting")
    PAYROLL = "payroll", _("Payroll")
    IT_SUPPORT = "it_support", _("IT support")
    CUSTOMER_SUPPORT = "customer_support", _("Customer support")
    MARKETING = "marketing", _("Marketing")
    PROSPECTION = "prospection", _("Sales prospection")
    WEB = "web", _("Web")


# What each function covers, in the words of someone who has never heard "ADV": the first
# question of the guided start ("what do you want to hand over?").
FUNCTION_HINTS = {
    Function.SALES_ADMIN: _(
        "Orders, invoicing, customer reminders, cash-in follow-up and disputes."
    ),
    Function.ACCOUNTING: _("Bookkeeping, bank reconciliation, VAT returns, year-end closing."),
    Function.PAYROLL: _("Payslips, social declarations (DSN), the employees' pay questions."),
    Function.IT_SUPPORT: _("Helpdesk, computers and servers, backups, security."),
    Function.CUSTOMER_SUPPORT: _(
        "Customer requests by phone, e-mail or chat; after-sales follow-up."
    ),
    Function.MARKETING: _("Content, social networks, newsletters, campaigns."),
    Function.PROSPECTION: _("Finding prospects, calling them, booking meetings for your sellers."),
    Function.WEB: _("Building the website, its maintenance and hosting."),
}


class EngagementKind(models.TextChoices):
    OUTSOURCING = "outsourcing", _("Outsourcing")
    ONE_OFF = "one_off", _("One-off job")
    CO_SOURCING = "co_sourcing", _("Co-sourcing")


class Stage(models.TextChoices):
    DIAGNOSTIC = "diagnostic", _("Diagnostic")
    SPECIFICATION = "specification", _("Specification")
    SELECTION = "selection", _("Selection")
    CONTRACT = "contract", _("Contract")
    PILOT = "pilot", _("Pilot")
    RUN = "run", _("Run")
    EXIT = "exit", _("Exit")
    CLOSED = "closed", _("Closed")

    @classmethod
    def order(cls, value: str) -> int:
        return list(cls.values).index(value)


class EngagementQuerySet(models.QuerySet["Engagement"]):
    def visible_to(self, membership: Membership) -> EngagementQuerySet:
        from pilotage.core.permissions import engagement_scope

        return self.filter(engagement_scope(membership))

    def open(self) -> EngagementQuerySet:
        return self.exclude(stage=Stage.CLOSED)

    def with_people(self) -> EngagementQuerySet:
        return self.select_related("vendor", "referent", "organisation")


class Engagement(models.Model):
    """One function (or part of one) entrusted to one vendor over time."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="engagements"
    )
    title = models.CharField(_("title"), max_length=200)
    function = models.CharField(_("function"), max_length=20, choices=Function.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=EngagementKind.choices)
    vendor = models.ForeignKey(
        Vendor,
        verbose_name=_("vendor"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="engagements",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referent_of",
    )
    objectives = models.TextField(_("objectives"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.DIAGNOSTIC
    )
    stage_due_on = models.DateField(
        _("stage due on"),
        null=True,
        blank=True,
        help_text=_("Date by which the current stage should be completed."),
    )
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)
    start_date = models.DateField(
        _("work starts on"),
        null=True,
        blank=True,
        help_text=_("First day the vendor works on it (the pilot included)."),
    )
    end_date = models.DateField(
        _("work ends on"), null=True, blank=True, help_text=_("Empty while it goes on.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EngagementQuerySet.as_manager()

    AUDITED = (
        "title",
        "function",
        "kind",
        "vendor",
        "referent",
        "objectives",
        "stage",
        "stage_due_on",
        "start_date",
        "end_date",
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The work cannot end before it starts.")})

    @property
    def stage_index(self) -> int:
        return Stage.order(self.stage)


class StageChange(models.Model):
    """One step of an engagement's life, kept for ever."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    at = models.DateTimeField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage history")

    def __str__(self) -> str:
        return f"{self.engagement} → {self.to_stage}"
