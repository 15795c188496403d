from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "huddle.wellbeing"
    label = "wellbeing"

    def ready(self) -> None:
        from huddle.wellbeing import checks  # noqa: F401 (registers the deploy check)
