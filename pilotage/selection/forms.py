from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pilotage.core.models import User
from pilotage.engagements.models import Vendor, VendorKind

from . import catalogue
from .models import Candidate, CandidateStatus, Criterion, Interaction, QuoteBasis

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WEIGHT_HELP = _("From 0 to 10; 0: shown but not counted in the total.")


class CriterionForm(forms.Form):
    label = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    help = forms.CharField(
        label=_("What to look at"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the reviewers next to the criterion on their sheet."),
    )
    weight = forms.IntegerField(
        label=_("Weight"), min_value=0, max_value=catalogue.MAX_WEIGHT, help_text=WEIGHT_HELP
    )

    def __init__(self, *args: Any, criterion: Criterion | None = None, **kwargs: Any):
        if criterion is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "label": criterion.name,
                "help": criterion.guidance,
                "weight": criterion.weight,
            }
        super().__init__(*args, **kwargs)
        self.fields["label"].required = criterion is None or not criterion.code
        if criterion is None:
            self.prefix = "new"
            self.fields["weight"].initial = 2


class WeightsForm(forms.Form):
    """The weight of every criterion, in one table."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"weight_{c.pk}"] = forms.IntegerField(
                label=c.name, min_value=0, max_value=catalogue.MAX_WEIGHT, initial=c.weight
            )

    def rows(self):
        for c in self.criteria:
            yield c, self[f"weight_{c.pk}"]

    def weights(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"weight_{c.pk}"] for c in self.criteria}


class CandidateAddForm(forms.Form):
    vendor = forms.ModelChoiceField(
        label=_("A vendor already known"),
        queryset=Vendor.objects.none(),
        required=False,
        empty_label=_("— pick a vendor —"),
    )
    vendor_name = forms.CharField(
        label=_("Or a new vendor: its name"), max_length=200, required=False
    )
    vendor_kind = forms.ChoiceField(
        label=_("Kind of the new vendor"),
        choices=[("", "—"), *VendorKind.choices],
        required=False,
    )
    quote_amount = forms.DecimalField(
        label=_("Quote (€ excl. VAT)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    quote_basis = forms.ChoiceField(
        label=_("The quote is"), choices=[("", "—"), *QuoteBasis.choices], required=False
    )

    def __init__(self, *args: Any, vendors: list[Vendor], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["vendor"]
        field.queryset = Vendor.objects.filter(pk__in=[v.pk for v in vendors])
        field.label_from_instance = lambda v: f"{v.name} · {v.get_kind_display()}"


class CandidateForm(forms.ModelForm):
    quote_amount = forms.DecimalField(
        label=_("Quote (€ excl. VAT)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
    )

    class Meta:
        model = Candidate
        fields = ["status", "quote_amount", "quote_basis", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label)
            for value, label in CandidateStatus.choices
            if value not in ("chosen", "not_chosen")
        ]
        self.fields["quote_basis"].choices = [("", "—"), *QuoteBasis.choices]

    def _post_clean(self) -> None:
        # The service validates and saves: the form only reads the fields.
        pass


class ReviewerForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"), queryset=User.objects.none(), empty_label=_("— pick a person —")
    )

    def __init__(self, *args: Any, people: list[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Anyone may be posted: the service says who may review (and the error is shown).
        self.fields["user"].queryset = User.objects.filter(is_active=True)
        self.fields["user"].choices = [("", _("— pick a person —"))] + [
            (u.pk, u.get_full_name() or u.email) for u in people
        ]


class InteractionForm(forms.ModelForm):
    comparable = forms.NullBooleanField(
        label=_("Comparable to you in size and sector"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Not said")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )

    class Meta:
        model = Interaction
        fields = [
            "kind",
            "held_on",
            "with_whom",
            "reference_company",
            "comparable",
            "summary",
            "verdict",
        ]
        widgets = {"held_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())

    def _post_clean(self) -> None:
        pass


class FlagsForm(forms.Form):
    """The red-flag checklist of a candidate: a box and a note per flag."""

    def __init__(self, *args: Any, raised: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for flag in catalogue.RED_FLAGS:
            self.fields[f"flag_{flag.code}"] = forms.BooleanField(
                label=flag.label, required=False, initial=flag.code in raised
            )
            self.fields[f"note_{flag.code}"] = forms.CharField(
                label=_("What was seen"),
                required=False,
                max_length=2000,
                initial=raised.get(flag.code, ""),
            )

    def rows(self):
        for flag in catalogue.RED_FLAGS:
            yield flag, self[f"flag_{flag.code}"], self[f"note_{flag.code}"]

    def flags(self) -> dict[str, tuple[bool, str]]:
        return {
            f.code: (self.cleaned_data[f"flag_{f.code}"], self.cleaned_data[f"note_{f.code}"])
            for f in catalogue.RED_FLAGS
        }


class SheetForm(forms.Form):
    """A reviewer's sheet: a score (typed as sent, checked by the service) and a comment
    per candidate and criterion."""

    def __init__(self, *args: Any, cells: list[tuple[str, str]], given: dict[str, Any], **kw: Any):
        super().__init__(*args, **kw)
        for score_name, comment_name in cells:
            self.fields[score_name] = forms.CharField(
                required=False, max_length=20, initial=given.get(score_name)
            )
            self.fields[comment_name] = forms.CharField(
                required=False, max_length=4000, initial=given.get(comment_name, "")
            )


class DecisionForm(forms.Form):
    candidate = forms.ModelChoiceField(
        label=_("The vendor chosen"),
        queryset=Candidate.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    reasons = forms.CharField(
        label=_("Reasons of the choice"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_(
            "What the evidence showed: scores, references called, the scoping interview, the "
            "price. They become the note of the move to the contract stage."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I have read the warnings and choose this candidate all the same."),
        required=False,
    )

    def __init__(self, *args: Any, candidates: list[Candidate], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["candidate"]
        field.queryset = Candidate.objects.filter(pk__in=[c.pk for c in candidates])
        field.label_from_instance = lambda c: c.vendor.name
