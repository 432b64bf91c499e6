from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pilotage.core"
    label = "core"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (login events into the audit trail)
