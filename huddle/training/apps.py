from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "huddle.training"
    label = "training"
