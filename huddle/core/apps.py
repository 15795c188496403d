from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "huddle.core"
    label = "core"
    verbose_name = "Huddle core"
