from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pilotage.api"
    label = "api"
