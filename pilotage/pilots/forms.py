from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from pilotage.engagements.models import Engagement, Stage
from pilotage.kpis.labels import value_text
from pilotage.kpis.models import Indicator, Unit

from . import plan
from .models import Comparator, Criterion, Decision, Pilot, Rule

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def plain_number(value: Decimal) -> str:
    """``2``, ``45,5``: what a person would type back, without digit grouping."""
    shown = value.normalize()
    if shown == shown.to_integral_value():
        shown = shown.quantize(Decimal(1))
    return f"{shown:f}".replace(".", str(get_format("DECIMAL_SEPARATOR")))


class PilotForm(forms.ModelForm):
    class Meta:
        model = Pilot
        fields = ["scope", "volume", "start_date", "end_date", "ramp_up_months"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["ramp_up_months"].widget.attrs.update(min=1, max=plan.MAX_MONTHS)
        if self.instance.pk and self.instance.agreed:
            for name in ("start_date", "end_date"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Agreed with the criteria: extend the pilot from the decision page."
                )


class RampForm(forms.Form):
    """One share and one note per month of the ramp-up: ``share_1``, ``note_1``…"""

    def __init__(self, *args: Any, pilot: Pilot, steps: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        by_month = {s.month: s for s in steps}
        self.months = list(range(1, pilot.ramp_up_months + 1))
        for month in self.months:
            step = by_month.get(month)
            self.fields[f"share_{month}"] = forms.IntegerField(
                label=_("Month %(month)s: share of the target volume (%%)") % {"month": month},
                required=True,
                initial=step.share if step else None,
                widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            )
            self.fields[f"note_{month}"] = forms.CharField(
                label=_("Month %(month)s: note") % {"month": month},
                required=False,
                max_length=200,
                initial=step.note if step else "",
            )

    def rows(self) -> list[tuple[int, Any, Any]]:
        return [(m, self[f"share_{m}"], self[f"note_{m}"]) for m in self.months]


class IndicatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        parts = [obj.name, str(Unit(obj.unit).label)]
        if obj.target is not None:
            parts.append(str(_("target %(value)s") % {"value": value_text(obj.target, obj.unit)}))
        return " · ".join(parts)


class CriterionForm(forms.Form):
    indicator = IndicatorChoice(
        queryset=Indicator.objects.none(),
        required=False,
        label=_("Indicator"),
        empty_label=_("— none: a measure typed at the end —"),
    )
    label = forms.CharField(
        label=_("Criterion"),
        max_length=200,
        required=False,
        help_text=_("Empty: the indicator's name."),
    )
    comparator = forms.ChoiceField(label=_("Comparator"), choices=Comparator.choices)
    threshold = forms.CharField(
        label=_("Threshold"),
        max_length=40,
        help_text=_("In the indicator's unit: “45 j”, “98 %”, “2”."),
    )
    rule = forms.ChoiceField(
        label=_("Measured as"),
        choices=Rule.choices,
        initial=Rule.AVERAGE,
        help_text=_(
            "Over the values of the periods the pilot covers; contested values are left out."
        ),
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=[("", "—"), *Unit.choices],
        required=False,
        help_text=_("Only for a criterion without indicator."),
    )

    def __init__(
        self, *args: Any, engagement: Engagement, instance: Criterion | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = engagement.indicators.filter(active=True).order_by(
            "position", "id"
        )
        if instance is not None and not self.is_bound:
            self.initial.update(
                indicator=instance.indicator_id,
                label=instance.label,
                comparator=instance.comparator,
                threshold=plain_number(instance.threshold),
                rule=instance.rule,
                unit="" if instance.indicator_id else instance.unit,
            )


class MeasureForm(forms.Form):
    value = forms.CharField(label=_("Measured value"), max_length=40)
    note = forms.CharField(
        label=_("How it was measured"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Source, period, who counted: enough for anyone to check it."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.GO, _("Go: the vendor takes on the whole function")),
            (Decision.NO_GO, _("No-go: stop here")),
            (Decision.EXTENDED, _("Extend the pilot: not enough evidence yet")),
        ],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "They stay on the pilot's page, for the vendor and for whoever reads it later."
        ),
    )
    back_to = forms.ChoiceField(
        label=_("After a no-go, the engagement goes"),
        choices=[
            (Stage.SELECTION, _("back to selection: choose another vendor")),
            (Stage.EXIT, _("to exit: take the work back")),
        ],
        initial=Stage.SELECTION,
        required=False,
        widget=forms.RadioSelect,
    )
    new_end_date = forms.DateField(
        label=_("New end date"), required=False, widget=DATE, help_text=_("Only to extend.")
    )
    early = forms.BooleanField(
        label=_("Decide early, before the planned end"),
        required=False,
        help_text=_("Say why now in the reasons."),
    )
