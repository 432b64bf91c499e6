from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pilotage.core.models import Membership, Organisation, Role, User
from pilotage.lib.siren import normalise_siren

from .models import (
    FUNCTION_HINTS,
    Engagement,
    EngagementKind,
    Function,
    Stage,
    Vendor,
    VendorContact,
)
from .services import ContactData

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def referent_choices(org: Organisation):
    ids = (
        Membership.objects.active()
        .filter(organisation=org, role__in=[Role.OWNER, Role.REFERENT])
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name")


class EngagementForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = [
            "title",
            "function",
            "kind",
            "vendor",
            "referent",
            "objectives",
            "stage_due_on",
            "start_date",
            "end_date",
        ]
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": 5}),
            "stage_due_on": DATE_WIDGET,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
        }
        help_texts = {
            "objectives": _(
                "Measurable objectives: business, operational, qualitative (one per line)."
            ),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = Vendor.objects.filter(organisation=organisation)
        self.fields["referent"].queryset = referent_choices(organisation)
        self.fields["vendor"].empty_label = _("— not chosen yet —")
        self.fields["referent"].empty_label = _("— nobody yet —")


class EngagementCreateForm(EngagementForm):
    class Meta(EngagementForm.Meta):
        fields = [
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
        ]


class StartForm(forms.Form):
    """The guided start: what to hand over, nothing else is needed to begin the diagnostic."""

    function = forms.ChoiceField(
        label=_("What do you want to hand over?"),
        choices=Function.choices,
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(
        label=_("How"),
        choices=EngagementKind.choices,
        initial=EngagementKind.OUTSOURCING,
        widget=forms.RadioSelect,
        help_text=_(
            "Outsourcing: a whole function over time. One-off job: a bounded task. "
            "Co-sourcing: some tasks stay inside, others go out."
        ),
    )
    title = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to name it after the function."),
    )
    referent = forms.ModelChoiceField(
        label=_("Internal referent"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— nobody yet —"),
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("The person who will run it day to day and centralise the requests."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = referent_choices(organisation)

    def functions(self) -> list[tuple[object, str, str]]:
        """The function choices with what each covers, for the cards of the page."""
        invalid = " is-invalid" if self.is_bound and self.errors.get("function") else ""
        self.fields["function"].widget.attrs["class"] = "form-check-input" + invalid
        field = self["function"]
        return [
            (radio, Function(radio.data["value"]).label, FUNCTION_HINTS[radio.data["value"]])
            for radio in field
        ]

    def engagement_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "function": data["function"],
            "kind": data["kind"],
            "title": data["title"].strip() or str(Function(data["function"]).label),
            "referent": data["referent"],
            "stage": Stage.DIAGNOSTIC,
        }


class StageChangeForm(forms.Form):
    """Offers every stage but the current one: forward, or back with a reason."""

    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    stage_due_on = forms.DateField(
        label=_("Stage due on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Optional target date for the new stage."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when going back to an earlier stage."),
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            ("", "—"),
            *((v, label) for v, label in Stage.choices if v != current),
        ]


class VendorForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    siren = forms.CharField(
        label=_("SIREN"),
        required=False,
        max_length=20,
        help_text=_("9 digits, checked with its control key."),
    )

    class Meta:
        model = Vendor
        fields = ["name", "kind", "siren", "website", "address", "notes"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_siren(self) -> str:
        return normalise_siren(self.cleaned_data.get("siren", ""))

    def validate_unique(self) -> None:
        # The organisation is set by the service, which checks SIREN uniqueness itself.
        pass


class ContactForm(forms.ModelForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = VendorContact
        fields = ["name", "position", "email", "phone"]

    def to_data(self) -> ContactData | None:
        data = self.cleaned_data
        if not data or (not data.get("name") and not data.get("id")):
            return None
        return ContactData(
            id=data.get("id"),
            name=data.get("name", ""),
            position=data.get("position", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            delete=bool(data.get("DELETE")),
        )


class BaseContactFormSet(forms.BaseFormSet):
    def contacts(self) -> list[ContactData]:
        return [d for d in (f.to_data() for f in self.forms) if d is not None]


ContactFormSet = forms.formset_factory(
    ContactForm, formset=BaseContactFormSet, extra=2, can_delete=True, max_num=20
)


def contact_initial(vendor: Vendor | None) -> list[dict]:
    if vendor is None:
        return []
    return [
        {"id": c.pk, "name": c.name, "position": c.position, "email": c.email, "phone": c.phone}
        for c in vendor.contacts.all()
    ]
