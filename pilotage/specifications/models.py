"""The specification (cahier des charges) of an engagement: its draft, its published
versions, and the secret links candidate vendors read it with."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilotage.engagements.models import Engagement, Vendor

from . import content

NOTE_MAX = 2000


def _check_content(value: object) -> None:
    try:
        content.from_dict(value)
    except content.SchemaError as e:
        raise ValidationError(
            _("The content does not fit the specification's form (%(path)s).") % {"path": e.path}
        ) from None


class Specification(models.Model):
    """One per engagement, created by its first write: the draft being written."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="specification"
    )
    content = models.JSONField(_("content"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("specification")
        verbose_name_plural = _("specifications")

    def __str__(self) -> str:
        return str(self.engagement)

    def clean(self) -> None:
        try:
            _check_content(self.content)
        except ValidationError as e:
            raise ValidationError({"content": e.messages}) from None

    @property
    def spec(self) -> content.Spec:
        return content.from_dict(self.content)


class SpecVersion(models.Model):
    """A published version: the content as it was, frozen, with what changed since the one
    before."""

    specification = models.ForeignKey(
        Specification, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    content = models.JSONField(_("content"), default=dict)
    score = models.PositiveSmallIntegerField(_("completeness"), default=0)
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(NOTE_MAX)])
    changes = models.JSONField(_("changes"), default=list, blank=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    AUDITED = ("number", "score", "note")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["specification", "number"], name="spec_version_number_unique"
            )
        ]
        verbose_name = _("specification version")
        verbose_name_plural = _("specification versions")

    def __str__(self) -> str:
        return f"{self.specification} · v{self.number}"

    def clean(self) -> None:
        if self.score > 100:
            raise ValidationError({"score": _("A completeness score lies between 0 and 100.")})
        try:
            _check_content(self.content)
        except ValidationError as e:
            raise ValidationError({"content": e.messages}) from None

    @property
    def label(self) -> str:
        return f"v{self.number}"

    @property
    def spec(self) -> content.Spec:
        return content.from_dict(self.content)


class SpecShareQuerySet(models.QuerySet["SpecShare"]):
    def active(self) -> SpecShareQuerySet:
        return self.filter(revoked_at__isnull=True)


class SpecShare(models.Model):
    """A secret link through which one candidate vendor reads the latest published version,
    without an account."""

    specification = models.ForeignKey(
        Specification, on_delete=models.CASCADE, related_name="shares"
    )
    vendor = models.ForeignKey(
        Vendor, verbose_name=_("vendor"), on_delete=models.CASCADE, related_name="spec_shares"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_read_at = models.DateTimeField(_("last read at"), null=True, blank=True)
    read_count = models.PositiveIntegerField(_("reads"), default=0)

    objects = SpecShareQuerySet.as_manager()

    AUDITED = ("vendor", "revoked_at")

    class Meta:
        ordering = ["revoked_at", "-created_at"]
        verbose_name = _("specification read link")
        verbose_name_plural = _("specification read links")

    def __str__(self) -> str:
        return f"{self.specification} · {self.vendor}"

    def clean(self) -> None:
        if (
            self.vendor_id
            and self.specification_id
            and self.vendor.organisation_id != self.specification.engagement.organisation_id
        ):
            raise ValidationError({"vendor": _("This vendor does not belong to the organisation.")})

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
