"""The daily digest lists what a person has not read and was not mailed."""

from datetime import UTC, datetime

from django.core import mail
from django.utils import timezone

from huddle.notifications.models import DigestSchedule, EmailMode, Notification
from huddle.notifications.services import digest_schedule, next_digest_time, notification_create, preference_set
from huddle.notifications.tasks import send_digest


def _digest_user(people, django_capture_on_commit_callbacks):
    preference_set(user=people.ms3, email_mode=EmailMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        for title in ["Group meets Monday", "New answer to your question", "Session booked"]:
            notification_create(user=people.ms3, kind="test", title=title)
    return people.ms3


def test_it_lists_unread_items_and_skips_read_ones(people, django_capture_on_commit_callbacks):
    user = _digest_user(people, django_capture_on_commit_callbacks)
    Notification.objects.filter(user=user, title="Session booked").update(read_at=timezone.now())
    schedule = DigestSchedule.objects.get(user=user)

    assert send_digest.call(user.pk, schedule.day.isoformat()) == 2
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Group meets Monday" in body
    assert "New answer to your question" in body
    assert "Session booked" not in body
    assert "2 new items" in mail.outbox[0].subject


def test_it_sends_each_digest_once(people, django_capture_on_commit_callbacks):
    user = _digest_user(people, django_capture_on_commit_callbacks)
    day = DigestSchedule.objects.get(user=user).day.isoformat()
    send_digest.call(user.pk, day)
    assert send_digest.call(user.pk, day) == 0
    assert len(mail.outbox) == 1
    assert DigestSchedule.objects.get(user=user).sent_at is not None


def test_it_sends_no_mail_when_everything_was_read(people, django_capture_on_commit_callbacks):
    user = _digest_user(people, django_capture_on_commit_callbacks)
    Notification.objects.filter(user=user).update(read_at=timezone.now())
    assert send_digest.call(user.pk, DigestSchedule.objects.get(user=user).day.isoformat()) == 0
    assert mail.outbox == []


def test_it_schedules_the_digest_at_the_hour_in_the_persons_time_zone(people, settings):
    settings.HUDDLE_DIGEST_HOUR = 7
    people.ms1.profile.time_zone = "America/Los_Angeles"
    people.ms1.profile.save()
    # 16:00 UTC is 08:00 or 09:00 in Los Angeles: past 7, so tomorrow at 7.
    send_at = next_digest_time(user=people.ms1, now=datetime(2026, 3, 2, 16, 0, tzinfo=UTC))
    assert (send_at.day, send_at.hour, str(send_at.tzinfo)) == (3, 7, "America/Los_Angeles")
    early = next_digest_time(user=people.ms1, now=datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    assert (early.day, early.hour) == (2, 7)


def test_it_keeps_one_schedule_row_when_two_workers_race(people):
    digest_schedule(user=people.ms1)
    digest_schedule(user=people.ms1)
    assert DigestSchedule.objects.filter(user=people.ms1).count() == 1
