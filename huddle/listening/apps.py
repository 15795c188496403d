from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "huddle.listening"
    label = "listening"
