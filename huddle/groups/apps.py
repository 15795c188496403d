from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "huddle.groups"
    label = "groups"
