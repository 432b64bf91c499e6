from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CashEvent, CashSettings, Customer, ImportKind


class SettingsForm(forms.ModelForm):
    class Meta:
        model = CashSettings
        fields = CashSettings.AUDITED


class CustomerTermsForm(forms.ModelForm):
    class Meta:
        model = Customer
        fields = ("terms_days", "terms_rule")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    kind = forms.ChoiceField(
        label=_("Contents"), choices=ImportKind.choices, initial=ImportKind.FEC
    )


class EventForm(forms.ModelForm):
    class Meta:
        model = CashEvent
        fields = ("number", "kind", "date", "channel", "reason")
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
