"""Marking notifications as read, from the page and through htmx."""

from django.urls import reverse

from huddle.notifications.models import Notification


def _note(user, title="Hello"):
    return Notification.objects.create(user=user, kind="test", title=title)


def test_it_marks_everything_read_and_returns_to_the_list(people, client_for):
    _note(people.ms1)
    _note(people.ms1)
    response = client_for("ms1").post(reverse("notifications:mark_read"))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    assert not Notification.objects.filter(user=people.ms1, read_at__isnull=True).exists()


def test_it_marks_one_notification_read(people, client_for):
    first, second = _note(people.ms1, "First"), _note(people.ms1, "Second")
    client_for("ms1").post(reverse("notifications:mark_read"), {"id": first.pk})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_it_cannot_mark_someone_elses_notification(people, client_for):
    theirs = _note(people.ms3)
    client_for("ms1").post(reverse("notifications:mark_read"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_it_answers_htmx_with_the_list_fragment_and_the_new_badge(people, client_for):
    first = _note(people.ms1, "First")
    _note(people.ms1, "Second")
    response = client_for("ms1").post(
        reverse("notifications:mark_read"), {"id": first.pk}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="notes"')
    assert "<html" not in content
    assert 'hx-swap-oob="true"' in content
    assert 'aria-label="1 new"' in content


def test_it_refuses_a_get(people, client_for):
    assert client_for("ms1").get(reverse("notifications:mark_read")).status_code == 405
