from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "huddle.notifications"
    label = "notifications"
    verbose_name = "Notifications"
