"""Self-select: a mentee browses mentors with room, asks one; the mentor accepts or declines."""

import pytest

from huddle.lib.errors import HuddleError
from huddle.mentoring.models import MatchingMode, MentorRequest, Mentorship
from huddle.mentoring.requests import services as requests_services
from huddle.notifications.models import Notification
from tests.mentoring.cycle_fixtures import MORNINGS, enroll, make_cycle, make_student, set_profile
from tests.mentoring.pair_fixtures import make_pair


def _self_select(people, **kw):
    return make_cycle(by=people.coordinator, mode=MatchingMode.SELF_SELECT, **kw)


def test_browsing_lists_mentors_with_room_best_fit_first(client_for, people):
    cycle = _self_select(people)
    me = enroll(cycle, set_profile(people.ms1, specialties=("Pediatrics",)), "mentee")
    best = enroll(cycle, make_student(3, specialties=("Pediatrics",)), "mentor", capacity=1)
    other = enroll(cycle, make_student(3, availability=MORNINGS), "mentor", capacity=1)
    full = enroll(cycle, make_student(4, specialties=("Pediatrics",)), "mentor", capacity=1)
    make_pair(cycle=cycle, mentee=make_student(1), mentor=full.user, capacity=1)
    response = client_for("ms1").get(f"/mentoring/cycles/{cycle.pk}/choose/")
    assert response.status_code == 200
    listed = [c.candidate.mentor.pk for c in response.context["choices"]]
    assert listed == [best.pk, other.pk]
    assert "You are both interested in Pediatrics." in response.content.decode()
    assert me.pk  # the mentee's own enrollment is what the page is for


def test_a_mentee_asks_and_the_mentor_is_told(client_for, people):
    cycle = _self_select(people)
    enroll(cycle, set_profile(people.ms1), "mentee")
    mentor = enroll(cycle, set_profile(people.ms3), "mentor", capacity=1)
    response = client_for("ms1").post(f"/mentoring/cycles/{cycle.pk}/choose/{mentor.pk}/", {"message": "Hi Sam!"})
    assert response.status_code == 302
    request = MentorRequest.objects.get()
    assert request.status == MentorRequest.Status.PENDING and request.message == "Hi Sam!"
    assert Notification.objects.filter(user=people.ms3, kind="mentoring.request").exists()
    page = client_for("ms3").get("/mentoring/").content.decode()
    assert "Mentees asking for you" in page and "Hi Sam!" in page


def test_asking_twice_or_too_often_is_refused(people):
    cycle = _self_select(people)
    me = enroll(cycle, set_profile(people.ms1), "mentee")
    mentors = [enroll(cycle, make_student(3), "mentor", capacity=1) for _ in range(4)]
    requests_services.mentor_request_create(mentee=me, mentor=mentors[0], message="", by=people.ms1)
    with pytest.raises(HuddleError, match="already asked"):
        requests_services.mentor_request_create(mentee=me, mentor=mentors[0], message="", by=people.ms1)
    for m in mentors[1:3]:
        requests_services.mentor_request_create(mentee=me, mentor=m, message="", by=people.ms1)
    with pytest.raises(HuddleError, match="3 requests waiting"):
        requests_services.mentor_request_create(mentee=me, mentor=mentors[3], message="", by=people.ms1)


def test_accepting_pairs_them_and_lapses_other_asks(client_for, people, django_capture_on_commit_callbacks):
    cycle = _self_select(people)
    me = enroll(cycle, set_profile(people.ms1), "mentee")
    sam = enroll(cycle, set_profile(people.ms3), "mentor", capacity=2)
    other = enroll(cycle, make_student(4), "mentor", capacity=1)
    first = requests_services.mentor_request_create(mentee=me, mentor=sam, message="", by=people.ms1)
    second = requests_services.mentor_request_create(mentee=me, mentor=other, message="", by=people.ms1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("ms3").post(f"/mentoring/requests/{first.pk}/accept/")
    assert response.status_code == 302
    pair = Mentorship.objects.get()
    assert (pair.mentee_id, pair.mentor_id, pair.slot) == (me.pk, sam.pk, 1)
    assert pair.reasons[0]["code"] == "chosen"
    second.refresh_from_db()
    assert second.status == MentorRequest.Status.CANCELLED
    assert Notification.objects.filter(user=people.ms1, kind="mentoring.request_answered").exists()
    with pytest.raises(HuddleError, match="already have a mentor"):
        requests_services.mentor_request_create(mentee=me, mentor=other, message="", by=people.ms1)


def test_declining_leaves_the_mentee_free(client_for, people):
    cycle = _self_select(people)
    me = enroll(cycle, set_profile(people.ms1), "mentee")
    sam = enroll(cycle, set_profile(people.ms3), "mentor", capacity=1)
    request = requests_services.mentor_request_create(mentee=me, mentor=sam, message="", by=people.ms1)
    client_for("ms3").post(f"/mentoring/requests/{request.pk}/decline/")
    request.refresh_from_db()
    assert request.status == MentorRequest.Status.DECLINED and not Mentorship.objects.exists()


def test_only_the_mentor_answers_and_only_the_mentee_cancels(client_for, people):
    cycle = _self_select(people)
    me = enroll(cycle, set_profile(people.ms1), "mentee")
    sam = enroll(cycle, set_profile(people.ms3), "mentor", capacity=1)
    request = requests_services.mentor_request_create(mentee=me, mentor=sam, message="", by=people.ms1)
    client_for("ms1").post(f"/mentoring/requests/{request.pk}/accept/")
    assert client_for("faculty").post(f"/mentoring/requests/{request.pk}/accept/").status_code == 404
    assert not Mentorship.objects.exists()
    client_for("ms3").post(f"/mentoring/requests/{request.pk}/cancel/")
    assert MentorRequest.objects.get().status == MentorRequest.Status.PENDING
    client_for("ms1").post(f"/mentoring/requests/{request.pk}/cancel/")
    assert MentorRequest.objects.get().status == MentorRequest.Status.CANCELLED


def _two_ask_first_accepted(people, capacity):
    """Two mentees ask ms3 (a mentor with ``capacity`` places); the first is accepted."""
    cycle = _self_select(people)
    sam = enroll(cycle, set_profile(people.ms3), "mentor", capacity=capacity)
    asks = []
    for _ in range(2):
        mentee = enroll(cycle, make_student(1), "mentee")
        asks.append(requests_services.mentor_request_create(mentee=mentee, mentor=sam, message="", by=mentee.user))
    requests_services.mentor_request_decide(request=asks[0], accept=True, by=people.ms3)
    return sam, asks


def test_a_full_mentor_cannot_accept(people):
    sam, asks = _two_ask_first_accepted(people, capacity=1)
    with pytest.raises(HuddleError, match="no place left"):
        requests_services.mentor_request_decide(request=asks[1], accept=True, by=people.ms3)
    assert Mentorship.objects.filter(mentor=sam).count() == 1
    # The waiting mentee is told at once instead of waiting for a "no".
    assert MentorRequest.objects.get(pk=asks[1].pk).status == MentorRequest.Status.DECLINED
    assert Notification.objects.filter(user=asks[1].mentee.user, title__contains="no place left").count() == 1


def test_a_mentor_with_room_keeps_other_requests_open(people):
    _sam, asks = _two_ask_first_accepted(people, capacity=2)
    assert MentorRequest.objects.get(pk=asks[1].pk).status == MentorRequest.Status.PENDING


def test_an_algorithmic_cycle_has_no_browsing(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    enroll(cycle, people.ms1, "mentee")
    assert client_for("ms1").get(f"/mentoring/cycles/{cycle.pk}/choose/").status_code == 404


def test_someone_not_enrolled_cannot_browse(client_for, people):
    cycle = _self_select(people)
    assert client_for("ms1").get(f"/mentoring/cycles/{cycle.pk}/choose/").status_code == 404


def test_browsing_stays_bounded_with_many_mentors(client_for, people, django_assert_max_num_queries):
    from tests.mentoring.cycle_fixtures import make_cohort

    client = client_for("ms1")
    set_profile(people.ms1)
    urls = []
    for mentors in (6, 60):
        cycle = _self_select(people)
        enroll(cycle, people.ms1, "mentee")
        make_cohort(cycle, mentees=0, mentors=mentors)
        urls.append(f"/mentoring/cycles/{cycle.pk}/choose/")
    client.get(urls[0])
    with django_assert_max_num_queries(16) as few:
        client.get(urls[0])
    with django_assert_max_num_queries(len(few)):
        response = client.get(urls[1])
    assert response.context["total"] == 60
