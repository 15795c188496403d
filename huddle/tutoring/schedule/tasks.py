"""Keeping every tutor's sessions cut to the horizon: a daily task that queues its next run (no cron)."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from huddle.tutoring.models import Tutor
from huddle.tutoring.schedule.services import sessions_cut

EVERY = timedelta(hours=24)


def sessions_extend_now() -> int:
    return sum(sessions_cut(tutor=tutor) for tutor in Tutor.objects.filter(windows__active=True).distinct())


@task()
def sessions_extend() -> int:
    made = sessions_extend_now()
    if sessions_extend.get_backend().supports_defer:
        sessions_extend.using(run_after=timezone.now() + EVERY).enqueue()
    return made
