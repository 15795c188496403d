"""Find a group's reads: which groups match, the hours each shares with the viewer's week, "fits my week",
the order and the pages; and the groups home's lists."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from huddle.accounts.models import Language
from huddle.groups.find.selectors import (
    PAGE_SIZE,
    FindFilters,
    find_groups,
    fits,
    meeting_times,
    my_groups,
    my_requests,
    shared_hours,
    viewer_week,
)
from huddle.groups.membership.services import membership_request
from huddle.groups.models import GroupSession, StudyGroup
from huddle.groups.weeks import span, week_bytes
from tests.groups.factories import evenings, make_group, make_student, topic

pytestmark = pytest.mark.django_db

#: Mid-January: New York is UTC-5 and Madrid UTC+1, six hours apart (no daylight-saving edge near).
WINTER = datetime(2031, 1, 15, 12, tzinfo=UTC)
NEW_YORK = "America/New_York"
MADRID = "Europe/Madrid"


def found(viewer, now: datetime = WINTER, page: int | str | None = 1, **filters: object) -> list[str]:
    results = find_groups(viewer=viewer, filters=FindFilters(**filters), now=now, zone=NEW_YORK, page=page)  # type: ignore[arg-type]
    return [card.group.name for card in results.cards]


def test_it_lists_only_listed_active_groups() -> None:
    viewer = make_student()
    make_group(name="Listed")
    make_group(name="Invite only", listed=False)
    archived = make_group(name="Archived")
    StudyGroup.objects.filter(pk=archived.pk).update(status=StudyGroup.Status.ARCHIVED)
    assert found(viewer) == ["Listed"]
    assert found(viewer, text="only") == []
    assert found(viewer, text="Archived") == []


def test_each_filter_narrows_the_list() -> None:
    viewer = make_student()
    spanish = Language.objects.get_or_create(code="es", defaults={"name": "Spanish"})[0]
    renal = topic("Renal")
    make_group(name="Plain", description="weekly cases")
    make_group(name="Kidneys", topic=renal)
    make_group(name="Boards", goal="step1")
    make_group(name="Ward", modality="in_person", place="Library room 2", meeting_link="")
    make_group(name="Hablamos", language=spanish)
    make_group(name="Full", capacity=2, members=1)
    assert found(viewer, text="kidn") == ["Kidneys"]
    assert found(viewer, text="CASES") == ["Plain"]  # the description too, any case
    assert found(viewer, topic=renal) == ["Kidneys"]
    assert found(viewer, goal="step1") == ["Boards"]
    assert found(viewer, modality="in_person") == ["Ward"]
    assert found(viewer, language=spanish) == ["Hablamos"]
    assert "Full" in found(viewer) and "Full" not in found(viewer, open_places=True)
    assert len(found(viewer, open_places=True)) == 5


def test_shared_hours_compare_the_group_with_my_week() -> None:
    viewer = make_student(week=evenings(1) | span(5, time(9), time(12)))  # Tuesday evening, Saturday morning
    group = make_group(meeting_week=week_bytes(evenings(1, 3)))  # Tuesday and Thursday 18-20
    results = find_groups(viewer=viewer, filters=FindFilters(), now=WINTER, zone=NEW_YORK)
    card = results.cards[0]
    assert card.group == group
    assert card.shared_hours == 2.0
    assert card.meeting_times == ["Tuesday 18:00–20:00", "Thursday 18:00–20:00"]
    assert card.members == 1 and card.places_left == 3
    assert not results.no_availability


def test_a_viewer_in_madrid_is_compared_at_the_offset_in_force() -> None:
    # Tuesday 00:00-02:00 in Madrid is Monday 18:00-20:00 in New York (the school's zone) in January.
    viewer = make_student(zone=MADRID, week=span(1, time(0), time(2)) | span(2, time(0), time(1)))
    make_group(name="Monday", meeting_week=week_bytes(evenings(0)))
    make_group(name="Tuesday", meeting_week=week_bytes(evenings(1)))
    assert viewer_week(viewer=viewer, now=WINTER) == evenings(0) | span(1, time(18), time(19))
    results = find_groups(viewer=viewer, filters=FindFilters(), now=WINTER, zone=MADRID)
    hours = {card.group.name: card.shared_hours for card in results.cards}
    assert hours == {"Monday": 2.0, "Tuesday": 1.0}
    # Shown on the Madrid clock.
    times = {card.group.name: card.meeting_times for card in results.cards}
    assert times["Monday"] == ["Tuesday 00:00–02:00"]
    assert times["Tuesday"] == ["Wednesday 00:00–02:00"]


def test_meeting_times_split_at_midnight_on_the_readers_clock() -> None:
    # Monday 17:00-20:00 in New York is Monday 23:00 to Tuesday 02:00 in Madrid.
    week = span(0, time(17), time(20))
    assert meeting_times(week=week, zone=MADRID, now=WINTER) == ["Monday 23:00–24:00", "Tuesday 00:00–02:00"]
    assert meeting_times(week=0, zone=MADRID, now=WINTER) == []


def test_fits_my_week_keeps_groups_entirely_inside_it() -> None:
    viewer = make_student(week=evenings(1, 3, starts=time(17), ends=time(21)))
    make_group(name="Inside", meeting_week=week_bytes(evenings(1)))
    make_group(name="Both inside", meeting_week=week_bytes(evenings(1, 3)))
    make_group(name="Half out", meeting_week=week_bytes(evenings(1, 4)))
    make_group(name="One block out", meeting_week=week_bytes(evenings(3, ends=time(21, 30))))
    make_group(name="No times", meeting_week=week_bytes(0))
    assert sorted(found(viewer, fits_my_week=True)) == ["Both inside", "Inside"]
    assert len(found(viewer)) == 5
    assert fits(group_week=evenings(1), person_week=evenings(1))
    assert not fits(group_week=0, person_week=evenings(1))
    assert shared_hours(group_week=evenings(1, 3), person_week=evenings(3)) == 2.0


def test_fits_my_week_does_nothing_but_say_so_without_availability() -> None:
    viewer = make_student(week=0)
    make_group(name="A")
    make_group(name="B", meeting_week=week_bytes(0))
    results = find_groups(viewer=viewer, filters=FindFilters(fits_my_week=True), now=WINTER, zone=NEW_YORK)
    assert results.no_availability and results.fits_ignored
    assert sorted(card.group.name for card in results.cards) == ["A", "B"]
    assert all(card.shared_hours == 0 for card in results.cards)


def test_most_shared_hours_first_then_newest() -> None:
    viewer = make_student(week=evenings(0, 1, 2))
    make_group(name="Old one evening", meeting_week=week_bytes(evenings(0)))
    make_group(name="Three evenings", meeting_week=week_bytes(evenings(0, 1, 2)))
    make_group(name="New one evening", meeting_week=week_bytes(evenings(1)))
    make_group(name="Newest none", meeting_week=week_bytes(evenings(5)))
    assert found(viewer) == ["Three evenings", "New one evening", "Old one evening", "Newest none"]
    assert found(viewer, sort="newest") == ["Newest none", "New one evening", "Three evenings", "Old one evening"]


def test_results_come_in_pages_of_twenty() -> None:
    viewer = make_student(week=evenings(1))
    organiser = make_student()
    for n in range(PAGE_SIZE + 3):
        make_group(organiser, name=f"Group {n:02d}")
    first = find_groups(viewer=viewer, filters=FindFilters(sort="newest"), now=WINTER, zone=NEW_YORK)
    second = find_groups(viewer=viewer, filters=FindFilters(sort="newest"), now=WINTER, zone=NEW_YORK, page=2)
    assert len(first.cards) == PAGE_SIZE and len(second.cards) == 3
    assert first.page.paginator.count == PAGE_SIZE + 3 and second.page.has_previous()
    assert {c.group.pk for c in first.cards}.isdisjoint({c.group.pk for c in second.cards})
    assert [c.group.name for c in second.cards] == ["Group 02", "Group 01", "Group 00"]
    # A page past the end shows the last one.
    assert len(find_groups(viewer=viewer, filters=FindFilters(), now=WINTER, zone=NEW_YORK, page=9).cards) == 3


def test_each_result_says_whether_i_am_in_it_or_asked() -> None:
    viewer = make_student()
    mine = make_group(viewer, name="Mine")
    asked = make_group(name="Asked", join_policy="request")
    membership_request(person=viewer, group=asked, note="")
    make_group(name="Other")
    results = find_groups(viewer=viewer, filters=FindFilters(), now=WINTER, zone=NEW_YORK)
    status = {card.group.name: card.my_status for card in results.cards}
    assert status == {"Mine": "active", "Asked": "requested", "Other": ""}
    assert mine.pk in {card.group.pk for card in results.cards}


def test_my_groups_give_role_members_next_session_and_waiting_requests() -> None:
    me = make_student()
    run = make_group(me, name="I run it", join_policy="request", members=1)
    membership_request(person=make_student(), group=run, note="")
    membership_request(person=make_student(), group=run, note="")
    joined = make_group(name="I joined", join_policy="request")
    membership_request(person=make_student(), group=joined, note="")
    StudyGroup.objects.filter(pk=joined.pk).update(join_policy="open")
    from huddle.groups.membership.services import membership_join

    membership_join(person=me, group=joined)
    now = timezone.now()
    soon, later = now + timedelta(days=1), now + timedelta(days=8)
    for starts, status in ((now - timedelta(days=1), "scheduled"), (later, "scheduled"), (soon, "cancelled")):
        GroupSession.objects.create(
            group=run, starts_at=starts, ends_at=starts + timedelta(hours=1), time_zone=NEW_YORK, status=status
        )
    rows = {row.group.name: row for row in my_groups(person=me, now=now)}
    assert set(rows) == {"I joined", "I run it"}
    assert rows["I run it"].is_organiser and rows["I run it"].pending == 2 and rows["I run it"].members == 2
    assert rows["I run it"].next_session_at == later
    assert not rows["I joined"].is_organiser and rows["I joined"].pending == 0  # members do not see requests
    assert rows["I joined"].next_session_at is None


def test_my_requests_lists_what_waits_for_an_organiser() -> None:
    me = make_student()
    group = make_group(name="Asked", join_policy="request")
    row = membership_request(person=me, group=group, note="")
    assert [r.pk for r in my_requests(person=me)] == [row.pk]
    assert my_groups(person=me, now=timezone.now()) == []
