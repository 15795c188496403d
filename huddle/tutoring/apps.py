from django.apps import AppConfig


class TutoringConfig(AppConfig):
    name = "huddle.tutoring"
    label = "tutoring"
