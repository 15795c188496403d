"""The school's listening settings: one row, created with the defaults on first read."""

from huddle.listening.models import ListeningSettings


def listening_settings() -> ListeningSettings:
    row, _created = ListeningSettings.objects.get_or_create(pk=1)
    return row
