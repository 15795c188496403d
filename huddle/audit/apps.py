from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "huddle.audit"
    label = "audit"
    verbose_name = "Audit log"
