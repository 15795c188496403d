"""The notification list page and the unread count in the navigation."""

from django.urls import reverse
from django.utils import timezone

from huddle.notifications.models import Notification


def _notes(user, count, read=False):
    Notification.objects.bulk_create(
        [
            Notification(user=user, kind="test", title=f"Note {n}", read_at=timezone.now() if read else None)
            for n in range(count)
        ]
    )


def test_it_lists_a_persons_own_notifications_newest_first(people, client_for):
    Notification.objects.create(user=people.ms1, kind="test", title="Older")
    Notification.objects.create(user=people.ms1, kind="test", title="Newer")
    Notification.objects.create(user=people.ms3, kind="test", title="Sam's note")
    content = client_for("ms1").get(reverse("notifications:list")).content.decode()
    assert content.index("Newer") < content.index("Older")
    assert "Sam&#x27;s note" not in content and "Sam's note" not in content


def test_it_shows_the_unread_count_in_the_navigation(people, client_for):
    _notes(people.ms1, 3)
    _notes(people.ms1, 2, read=True)
    content = client_for("ms1").get(reverse("home")).content.decode()
    assert 'aria-label="3 new"' in content


def test_it_shows_no_badge_when_everything_is_read(people, client_for):
    _notes(people.ms1, 2, read=True)
    assert b'class="badge"' not in client_for("ms1").get(reverse("home")).content


def test_it_says_so_when_there_is_nothing(people, client_for):
    response = client_for("ms1").get(reverse("notifications:list"))
    assert b"Nothing yet" in response.content


def test_it_shows_the_current_e_mail_preference(people, client_for):
    content = client_for("ms1").get(reverse("notifications:list")).content.decode()
    assert 'value="now" checked' in content


def test_it_keeps_the_query_count_flat_with_ten_times_the_notifications(
    people, client_for, django_assert_max_num_queries
):
    client = client_for("ms1")
    _notes(people.ms1, 5)
    with django_assert_max_num_queries(6) as small:
        client.get(reverse("notifications:list"))
    _notes(people.ms1, 50)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="panel unread"') == 50
    assert len(large.captured_queries) == len(small.captured_queries)
