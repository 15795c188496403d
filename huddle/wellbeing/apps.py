from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "huddle.wellbeing"
    label = "wellbeing"
