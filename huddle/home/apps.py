from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class HomeConfig(AppConfig):
    """The product's front door: dashboard, navigation, section pages, error pages, calendar feed."""

    name = "huddle.home"
    label = "home"
    verbose_name = "Huddle home"

    def ready(self) -> None:
        # Every installed app's contributions module registers its parts of
        # the product (see huddle.lib.registry), as the admin finds admin.py.
        autodiscover_modules("contributions")
