from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import AuditAction, Membership, Organisation, Role


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("Wrong e-mail address or password (the password is case-sensitive)."),
        "inactive": _("This account is disabled. Ask the owner of your organisation."),
    }


def vendor_choices(org: Organisation):
    from pilotage.engagements.models import Vendor

    return Vendor.objects.filter(organisation=org).order_by("name")


class RoleForm(forms.Form):
    """A role in the organisation, and the vendor company for a vendor user."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    vendor = forms.ModelChoiceField(
        label=_("Vendor company"),
        queryset=None,
        required=False,
        help_text=_("Only for a vendor user: the company they work for."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = vendor_choices(organisation)


class MemberCreateForm(RoleForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    field_order = ["email", "first_name", "last_name", "role", "vendor"]


class MemberUpdateForm(RoleForm):
    """A plain form: the service checks role and vendor together and names the field at fault."""

    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args, membership: Membership, **kwargs):
        initial = {
            "role": membership.role,
            "vendor": membership.vendor_id,
            "is_active": membership.is_active,
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, organisation=membership.organisation, **kwargs)


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class AuditFilterForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", "—"), *AuditAction.choices], required=False
    )
    object_type = forms.ChoiceField(label=_("Object"), required=False)
    object_id = forms.CharField(label=_("Object number"), required=False, max_length=40)
    q = forms.CharField(label=_("Contains"), required=False, max_length=100)
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(
        self, *args, organisation: Organisation, object_types: list[tuple[str, str]], **kwargs
    ):
        super().__init__(*args, **kwargs)
        from .models import User

        self.fields["person"].queryset = User.objects.filter(
            memberships__organisation=organisation
        ).distinct()
        self.fields["person"].empty_label = "—"
        self.fields["object_type"].choices = [("", "—"), *object_types]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class MappingForm(forms.Form):
    """Which column of an imported file holds each field (the file's headers as choices)."""

    def __init__(
        self,
        *args,
        fields: dict,
        headers: list[str],
        required: tuple[str, ...],
        initial_map: dict,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((h, h) for h in headers)]
        for key, label in fields.items():
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=key in required,
                initial=initial_map.get(key, ""),
            )
