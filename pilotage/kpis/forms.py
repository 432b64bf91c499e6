from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pilotage.core.models import Membership, Role, User
from pilotage.engagements.models import Engagement

from .labels import period_label
from .models import Indicator, KpiSettings, Source

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def owner_choices(engagement: Engagement):
    """People who may answer for an indicator: the organisation's own staff, and the people
    of this engagement's vendor."""
    people = Membership.objects.active().filter(organisation=engagement.organisation)
    people = people.filter(role__in=(Role.OWNER, Role.REFERENT)) | people.filter(
        role=Role.VENDOR, vendor_id=engagement.vendor_id or -1
    )
    return User.objects.filter(pk__in=people.values("user")).order_by("last_name", "first_name")


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "definition",
            "aspect",
            "unit",
            "scale",
            "direction",
            "target",
            "red",
            "frequency",
            "source",
            "owner",
            "since",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 2}), "since": DATE}

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(engagement)
        self.fields["owner"].empty_label = _("— nobody —")
        self.fields["since"].required = False
        fixed = self.instance.pk and self.instance.template
        if fixed:
            for name in ("unit", "direction", "source"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Set by the catalogue.")
        else:
            self.fields["source"].choices = [
                (Source.VENDOR, Source.VENDOR.label),
                (Source.INTERNAL, Source.INTERNAL.label),
            ]
        if self.instance.pk and self.instance.source == Source.COMPUTED:
            self.fields["frequency"].disabled = True
        if self.instance.pk and self.instance.is_leader_time:
            self.fields["frequency"].disabled = True


def parse_days(text: str) -> list[int]:
    out = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip().replace("\u2212", "-")
        if not part:
            continue
        try:
            out.append(int(part))
        except ValueError:
            raise forms.ValidationError(
                gettext("“%(part)s” is not a whole number of days.") % {"part": part}
            ) from None
    return out


class SettingsForm(forms.ModelForm):
    reminder_days = forms.CharField(
        label=_("Reminders (days from the due date)"),
        required=False,
        help_text=KpiSettings._meta.get_field("reminder_days").help_text,
    )

    class Meta:
        model = KpiSettings
        fields = ["due_days", "reminders_on", "reminder_days"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["reminder_days"] = ", ".join(
                str(d) for d in (self.instance.reminder_days or [])
            )

    def clean_reminder_days(self) -> list[int]:
        return parse_days(self.cleaned_data.get("reminder_days") or "")


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("validate", _("Validate")), ("contest", _("Contest"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to contest: the vendor reads it and gives the value again."),
    )


class LeaderTimeForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0, max_digits=6, decimal_places=2, localize=True
    )


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args: Any, starts: list[dt.date], frequency: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (p.isoformat(), period_label(p, frequency)) for p in reversed(starts)
        ]


class ValuesForm(forms.Form):
    """A value, a comment and an evidence file for each indicator one may give."""

    def __init__(
        self, *args: Any, indicators: list[Indicator], current: dict[int, Any], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            value = current.get(indicator.pk)
            self.fields[f"value_{indicator.pk}"] = forms.CharField(
                label=indicator.name,
                required=False,
                help_text=indicator.definition,
                initial=value,
            )
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 1})
            )
            self.fields[f"evidence_{indicator.pk}"] = forms.FileField(
                label=_("Evidence"), required=False
            )

    def rows(self):
        for indicator in self.indicators:
            yield (
                indicator,
                self[f"value_{indicator.pk}"],
                self[f"comment_{indicator.pk}"],
                self[f"evidence_{indicator.pk}"],
            )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
