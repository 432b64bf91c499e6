from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpecificationsConfig(AppConfig):
    name = "pilotage.specifications"
    label = "specifications"
    verbose_name = _("Specification")
