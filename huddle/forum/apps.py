from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "huddle.forum"
    label = "forum"
    verbose_name = "Q&A forum"
    default_auto_field = "django.db.models.BigAutoField"
