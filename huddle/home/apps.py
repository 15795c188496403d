from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The product's front door: dashboard, navigation, section pages, error pages."""

    name = "huddle.home"
    label = "home"
    verbose_name = "Huddle home"
