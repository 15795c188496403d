"""The weekly check-in nudge, for students who asked for it.

Idempotent: the ``ReminderSent`` row for the student and week is the lock,
and the notification carries a ``once`` key. Its words never mention any
answer, so neither the notification nor its e-mail can reveal one.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.notifications.services import notification_create
from huddle.wellbeing.models import CheckIn, CheckInReminder, ReminderSent


@task()
def checkin_remind(student_id: int, week_iso: str) -> str:
    week = date.fromisoformat(week_iso)
    student = User.objects.filter(pk=student_id, is_active=True).first()
    if student is None or not CheckInReminder.objects.filter(student=student).exists():
        return "opted out"
    result = "already checked in"
    if not CheckIn.objects.filter(student=student, week=week).exists():
        try:
            with transaction.atomic():
                ReminderSent.objects.create(student=student, week=week)
                notification_create(
                    user=student,
                    kind="wellbeing.checkin_reminder",
                    title=lambda: _("Your weekly check-in is open"),
                    body=lambda: _("Thirty seconds, private to you. Skip it any week you like."),
                    url=reverse("wellbeing:checkin"),
                    once=f"wellbeing.remind:{student.pk}:{week_iso}",
                )
                result = "reminded"
        except IntegrityError:
            result = "already reminded"
    from huddle.wellbeing.checkins.services import reminder_schedule

    transaction.on_commit(lambda: reminder_schedule(student=student))
    return result
