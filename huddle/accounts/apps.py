from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "huddle.accounts"
    label = "accounts"
    verbose_name = "Accounts and profiles"
