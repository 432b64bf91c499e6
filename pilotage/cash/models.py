"""Cash data of a sales-administration engagement: its settings and terms, the documents
read from the books (FEC) or from invoice files, their settlements, reminders and disputes."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilotage.core.models import ImportJob, Organisation
from pilotage.engagements.models import Engagement

from . import documents as d
from . import terms


class TermsRule(models.TextChoices):
    NET = terms.NET, _("days net")
    EOM_AFTER = terms.EOM_AFTER, _("days end of month (the days, then the end of that month)")
    EOM_BEFORE = terms.EOM_BEFORE, _("days end of month (the end of the month, then the days)")


class CashSettings(models.Model):
    """How an engagement's cash indicators are computed, and the targets they are held to."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="cash_settings"
    )
    terms_days = models.PositiveSmallIntegerField(
        _("payment term (days)"), default=30, validators=[MaxValueValidator(365)]
    )
    terms_rule = models.CharField(
        _("counted as"), max_length=12, choices=TermsRule.choices, default=TermsRule.NET
    )
    window_days = models.PositiveSmallIntegerField(
        _("DSO window (days)"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text=_("Sales of this many days are set against the receivables."),
    )
    year_days = models.PositiveSmallIntegerField(
        _("year of"),
        default=365,
        choices=[(365, _("365 days (calendar)")), (360, _("360 days (commercial)"))],
    )
    reminder_delay_days = models.PositiveSmallIntegerField(
        _("first reminder within (days after the due date)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    penalty_points = models.DecimalField(
        _("late-payment rate: ECB rate plus (points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(50))],
    )
    penalty_rate = models.DecimalField(
        _("or a contractual rate (% a year)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Leave empty to use the ECB rate plus the points above."),
    )
    dso_target_days = models.DecimalField(
        _("DSO target (days)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    on_time_target = models.DecimalField(
        _("paid on time target (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    days_late_target = models.DecimalField(
        _("average days late target"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    reminders_target = models.DecimalField(
        _("reminders sent when due target (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    stamp = models.UUIDField(default=uuid.uuid4)  # renewed by every change of data

    AUDITED = (
        "terms_days",
        "terms_rule",
        "window_days",
        "year_days",
        "reminder_delay_days",
        "penalty_points",
        "penalty_rate",
        "dso_target_days",
        "on_time_target",
        "days_late_target",
        "reminders_target",
    )

    class Meta:
        verbose_name = _("cash settings")
        verbose_name_plural = _("cash settings")

    def __str__(self) -> str:
        return str(self.engagement)

    @property
    def terms(self) -> d.Terms:
        return d.Terms(self.terms_rule, self.terms_days)


class Customer(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="customers")
    code = models.CharField(_("account"), max_length=200)
    name = models.CharField(_("name"), max_length=200)
    terms_days = models.PositiveSmallIntegerField(
        _("payment term (days)"), null=True, blank=True, validators=[MaxValueValidator(365)]
    )
    terms_rule = models.CharField(
        _("counted as"), max_length=12, choices=TermsRule.choices, blank=True
    )

    AUDITED = ("terms_days", "terms_rule")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "code"], name="customer_code_unique")
        ]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.name

    @property
    def terms(self) -> d.Terms | None:
        if self.terms_days is None or not self.terms_rule:
            return None
        return d.Terms(self.terms_rule, self.terms_days)


class ImportKind(models.TextChoices):
    FEC = "fec", _("Books (FEC)")
    INVOICES = "invoices", _("Invoice file")
    EVENTS = "events", _("Reminders and disputes")


class CashImport(ImportJob):
    """One upload of a FEC, an invoice file or a reminder/dispute log."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="cash_imports"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    file = models.FileField(upload_to="imports/cash/%Y/%m/")
    digest = models.CharField(max_length=64, blank=True)  # SHA-256 of the file
    note = models.CharField(max_length=300, blank=True)
    # A FEC's first and last entry dates: a later FEC of the same period replaces it.
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    superseded = models.BooleanField(default=False)

    class Meta(ImportJob.Meta):
        verbose_name = _("cash import")
        verbose_name_plural = _("cash imports")


class DocumentKind(models.TextChoices):
    INVOICE = d.INVOICE, _("Invoice")
    CREDIT_NOTE = d.CREDIT_NOTE, _("Credit note")
    OPENING = d.OPENING, _("Carried forward")
    OPENING_CREDIT = d.OPENING_CREDIT, _("Credit carried forward")
    REFUND = d.REFUND, _("Refund or rejected payment")
    OTHER_DEBIT = d.OTHER_DEBIT, _("Other debit")
    UNAPPLIED = d.UNAPPLIED, _("Unapplied credit")


class Document(models.Model):
    """An invoice, a credit note or another customer document, as the data say it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="cash_documents"
    )
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="documents")
    source = models.CharField(max_length=10, choices=ImportKind.choices)
    number = models.CharField(_("number"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    issued = models.DateField(_("date"))
    due_given = models.DateField(_("due date in the file"), null=True, blank=True)
    due = models.DateField(_("due date"))
    amount = models.DecimalField(_("amount incl. VAT"), max_digits=14, decimal_places=2)
    delivered = models.DateField(_("delivered on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    line = models.PositiveIntegerField(default=0)  # where it is in its file

    class Meta:
        ordering = ["issued", "line"]
        indexes = [models.Index(fields=["engagement", "number"])]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.number


class Settlement(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="settlements")
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    kind = models.CharField(max_length=20)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.document} · {self.date} · {self.amount}"


class EventKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    DISPUTE_OPENED = "dispute_opened", _("Dispute opened")
    DISPUTE_CLOSED = "dispute_closed", _("Dispute closed")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    REGISTERED = "registered", _("Registered letter")
    FORMAL_NOTICE = "formal_notice", _("Formal notice")
    OTHER = "other", _("Other")


class CashEvent(models.Model):
    """A reminder sent, or a dispute opened or closed, on an invoice (by its number)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="cash_events")
    number = models.CharField(_("invoice"), max_length=60)
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    date = models.DateField(_("date"))
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    source = models.ForeignKey(
        CashImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED = ("number", "kind", "date", "channel", "reason")

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "number", "kind", "date", "channel"], name="cash_event_unique"
            )
        ]
        verbose_name = _("reminder or dispute")
        verbose_name_plural = _("reminders and disputes")

    def __str__(self) -> str:
        return f"{self.number} · {self.get_kind_display()} · {self.date}"
