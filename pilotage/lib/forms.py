from django.forms.renderers import TemplatesSetting


class BootstrapRenderer(TemplatesSetting):
    """Forms render as Bootstrap markup: labels, help texts and errors tied to their field."""

    form_template_name = "forms/form.html"
    formset_template_name = "forms/formset.html"
    field_template_name = "forms/field.html"
