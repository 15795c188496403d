"""The mentoring app."""

from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "huddle.mentoring"
    label = "mentoring"
