from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import advice, labels
from .models import MAX_HOURS, Activity, Diagnostic


def _decimal_inputs(form: forms.BaseForm, *names: str) -> None:
    """Decimals are localised (Meta.localized_fields: a text input, "12,5" in French):
    ask phones for their decimal keyboard."""
    for name in names:
        form.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "name",
            "description",
            "hours",
            "leader_hours",
            "volume",
            "volume_unit",
            "category",
            "documented",
            "done_by",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        localized_fields = ("hours", "leader_hours")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _decimal_inputs(self, "hours", "leader_hours")
        self.fields["hours"].max_value = MAX_HOURS
        self.fields["volume"].widget.attrs.update({"inputmode": "numeric", "min": "0"})
        self.fields["name"].widget.attrs.update({"autocomplete": "off"})
        self.fields["category"].help_text = _(
            "Strategic: it makes your difference. Sensitive: the vendor may prepare and execute, "
            "the decision stays with you. Repetitive: it may go out entirely."
        )
        self.fields["documented"].help_text = _(
            "Is the way it is done written down somewhere, even simply? Repetitive and "
            "documented activities are those that outsource well."
        )


class ReadinessForm(forms.ModelForm):
    class Meta:
        model = Diagnostic
        fields = list(Diagnostic.READINESS)
        widgets = {f"{q}_note": forms.Textarea(attrs={"rows": 2}) for q in advice.QUESTIONS}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for q in advice.QUESTIONS:
            self.fields[q].label = labels.QUESTION_TEXTS[q]
            self.fields[q].widget = forms.RadioSelect(
                choices=self.fields[q].choices, attrs={"class": "btn-check"}
            )
            self.fields[f"{q}_note"].label = _("Comment")

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[q], self[f"{q}_note"]) for q in advice.QUESTIONS]


class RisksForm(forms.ModelForm):
    class Meta:
        model = Diagnostic
        fields = list(Diagnostic.RISKS)
        widgets = {f"{a}_mitigation": forms.Textarea(attrs={"rows": 2}) for a in advice.RISK_AREAS}
        localized_fields = tuple(f"{a}_cost" for a in advice.RISK_AREAS)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _decimal_inputs(self, *(f"{a}_cost" for a in advice.RISK_AREAS))

    def areas(self) -> list[dict[str, Any]]:
        return [
            {
                "area": a,
                "name": labels.RISK_NAMES[a],
                "hint": labels.RISK_HINTS[a],
                "fields": [self[f"{a}_{p}"] for p in ("likelihood", "impact", "cost")],
                "mitigation": self[f"{a}_mitigation"],
            }
            for a in advice.RISK_AREAS
        ]
