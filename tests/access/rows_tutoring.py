"""Access rows: peer tutoring (finding, booking, the tutor's pages, coordinators' tools) and its API.

Statuses in the order anonymous, ms1 (Alice, who booked), ms3 (Sam, her
tutor), mentor (Maya, a student who has nothing to do with it), faculty,
coordinator, well-being. Tom, another student, waits for a coordinator to
approve him. Alice's note is read by her, her tutor and coordinators only;
her rating of an earlier session by coordinators only — never by the tutor.
The world part is built the first time a row asks for it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from huddle.tutoring.bookings.services import booking_create
from huddle.tutoring.models import BlockedDate, Booking, Rating, Session, TutorSubject, Window
from huddle.tutoring.schedule.services import window_create
from huddle.tutoring.tutors.services import tutor_apply
from tests.access.matrix import Row
from tests.access.world import World
from tests.personas import make_person
from tests.tutoring.factories import days_ahead, make_session, make_tutor, topic, trained, virtual

NOTE = "Please go over heart sounds, I keep mixing S3 and S4"
RATING_COMMENT = "Patient and clear, drew every murmur"


@dataclass
class Tutoring:
    session: Session
    booking: Booking
    past: Booking
    window: Window
    blocked: BlockedDate
    application: TutorSubject


def tutoring(w: World) -> Tutoring:
    built = getattr(w, "_tutoring", None)
    if built is None:
        from datetime import time

        tutor = make_tutor(w.people.ms3, topic())
        session = make_session(tutor, capacity=2)
        booking = booking_create(student=w.people.ms1, session=session, topic=topic(), note=NOTE)
        window = window_create(
            user=w.people.ms3,
            tutor=tutor,
            weekday=2,
            starts=time(9),
            ends=time(10),
            session_minutes=60,
            offer=virtual(),
        )
        blocked = BlockedDate.objects.create(tutor=tutor, day=days_ahead(20))
        earlier = Session.objects.create(
            tutor=tutor,
            starts_at=timezone.now() - timedelta(days=7),
            ends_at=timezone.now() - timedelta(days=7) + timedelta(hours=1),
            time_zone="America/New_York",
            modality="virtual",
            meeting_link="https://video.school.test/room",
            status=Session.Status.COMPLETED,
            minutes=60,
        )
        past = Booking.objects.create(
            session=earlier,
            student=w.people.ms1,
            topic=topic(),
            status=Booking.Status.ATTENDED,
            seat=1,
            starts_at=earlier.starts_at,
            ends_at=earlier.ends_at,
        )
        Rating.objects.create(booking=past, stars=5, comment=RATING_COMMENT)
        tom = trained(make_person("tom@school.test", "Tom", "Tutor", ["student"], 4))
        application = tutor_apply(
            student=tom, topics=[topic("Renal")], statement="I tutored renal physiology all last year."
        ).subjects.get()
        built = Tutoring(session, booking, past, window, blocked, application)
        w._tutoring = built  # type: ignore[attr-defined]
    return built


def at(name: str, *parts: str) -> "object":
    def fill(w: World) -> str:
        t = tutoring(w)
        values = {
            "session": t.session.pk,
            "booking": t.booking.pk,
            "past": t.past.pk,
            "window": t.window.pk,
            "blocked": t.blocked.pk,
            "subject": t.application.pk,
        }
        return reverse(f"tutoring:{name}", args=[values[p] for p in parts])

    return fill


def api(name: str, *parts: str) -> "object":
    def fill(w: World) -> str:
        t = tutoring(w)
        values = {"session_id": t.session.pk, "booking_id": t.booking.pk}
        return reverse(f"api:{name}", kwargs={k: values[k] for k in parts} if parts else None)

    return fill


SIGNED_IN_GET = "302 200 200 200 200 200 200"
NOT_ALLOWED = "302 405 405 405 405 405 405"
COORDINATOR_GET = "302 403 403 403 403 200 403"
STUDENT_GET = "302 200 200 200 403 403 403"
#: Sam's own pages as a tutor; to anyone else they do not exist.
TUTOR_ONLY = "302 404 200 404 404 404 404"
API_GET = "401 200 200 200 200 200 200"
API_NOT_POST = "405 405 405 405 405 405 405"
API_NOT_GET = "405 405 405 405 405 405 405"
#: The tutor's or a coordinator's writes on Sam's sessions and windows.
TUTOR_OR_COORDINATOR_POST = "302 403 302 403 403 302 403"


ROWS = {
    "tutoring:home": Row(at("home"), get=SIGNED_IN_GET, post=NOT_ALLOWED),
    "tutoring:find": Row(at("find"), get=SIGNED_IN_GET, post=NOT_ALLOWED),
    "tutoring:book": Row(at("book", "session"), get=STUDENT_GET, post="302 409 409 302 403 403 403"),
    "tutoring:bookings": Row(at("bookings"), get=SIGNED_IN_GET, post=NOT_ALLOWED),
    "tutoring:booking": Row(at("booking", "booking"), get="302 200 200 404 404 200 404", post=NOT_ALLOWED),
    "tutoring:booking#note": Row(
        at("booking", "booking"),
        get="302 200 200 404 404 200 404",
        post=NOT_ALLOWED,
        marker=lambda w: NOTE,
        sees=".xx..x.",
    ),
    "tutoring:booking_cancel": Row(
        at("booking_cancel", "booking"), get=NOT_ALLOWED, post="302 302 403 404 404 403 404"
    ),
    "tutoring:booking_move": Row(
        at("booking_move", "booking"), get="302 200 403 404 404 403 404", post="302 400 403 404 404 403 404"
    ),
    "tutoring:rate": Row(at("rate", "past"), get=NOT_ALLOWED, post="302 400 403 404 404 403 404"),
    "tutoring:booking#rating": Row(
        at("booking", "past"),
        get="302 200 200 404 404 200 404",
        post=NOT_ALLOWED,
        marker=lambda w: RATING_COMMENT,
        sees=".x...x.",
    ),
    "tutoring:apply": Row(at("apply"), get=STUDENT_GET, post="302 400 400 400 403 403 403"),
    "tutoring:tutor_home": Row(at("tutor_home"), get="302 302 200 302 404 404 404", post=NOT_ALLOWED),
    "tutoring:pause": Row(at("pause"), get=NOT_ALLOWED, post="302 404 302 404 404 404 404"),
    "tutoring:subject_withdraw": Row(
        at("subject_withdraw", "subject"), get=NOT_ALLOWED, post="302 404 404 404 404 404 404"
    ),
    "tutoring:windows": Row(at("windows"), get=TUTOR_ONLY, post="302 404 400 404 404 404 404"),
    "tutoring:window_remove": Row(at("window_remove", "window"), get=NOT_ALLOWED, post=TUTOR_OR_COORDINATOR_POST),
    "tutoring:session_new": Row(at("session_new"), get=TUTOR_ONLY, post="302 404 400 404 404 404 404"),
    "tutoring:blocked": Row(at("blocked"), get=TUTOR_ONLY, post="302 404 400 404 404 404 404"),
    "tutoring:blocked_remove": Row(at("blocked_remove", "blocked"), get=NOT_ALLOWED, post=TUTOR_OR_COORDINATOR_POST),
    "tutoring:session": Row(at("session", "session"), get="302 404 200 404 404 200 404", post=NOT_ALLOWED),
    "tutoring:session#note": Row(
        at("session", "session"),
        get="302 404 200 404 404 200 404",
        post=NOT_ALLOWED,
        marker=lambda w: NOTE,
        sees="..x..x.",
    ),
    "tutoring:session_cancel": Row(at("session_cancel", "session"), get=NOT_ALLOWED, post=TUTOR_OR_COORDINATOR_POST),
    "tutoring:session_places": Row(at("session_places", "session"), get=NOT_ALLOWED, post=TUTOR_OR_COORDINATOR_POST),
    "tutoring:session_complete": Row(
        at("session_complete", "session"), get=NOT_ALLOWED, post="302 404 400 404 404 400 404"
    ),
    "tutoring:applications": Row(at("applications"), get=COORDINATOR_GET, post=NOT_ALLOWED),
    "tutoring:decide": Row(at("decide", "subject"), get=NOT_ALLOWED, post="302 403 403 403 403 400 403"),
    "tutoring:rules": Row(at("rules"), get=COORDINATOR_GET, post="302 403 403 403 403 400 403"),
    "tutoring:reports": Row(at("reports"), get=COORDINATOR_GET, post=NOT_ALLOWED),
    "tutoring:hours_csv": Row(at("hours_csv"), get=COORDINATOR_GET, post=NOT_ALLOWED),
    # The API: the same policy and services as the pages. The matrix posts an empty body, refused before any check.
    "api:tutoring_sessions": Row(api("tutoring_sessions"), get=API_GET, post=API_NOT_POST),
    "api:tutoring_bookings": Row(api("tutoring_bookings"), get=API_GET, post=API_NOT_POST),
    "api:tutoring_tutors": Row(api("tutoring_tutors"), get=API_GET, post=API_NOT_POST),
    "api:tutoring_book": Row(api("tutoring_book", "session_id"), get=API_NOT_GET, post="401 400 400 400 400 400 400"),
    "api:tutoring_booking_cancel": Row(
        api("tutoring_booking_cancel", "booking_id"), get=API_NOT_GET, post="401 200 403 404 404 403 404"
    ),
}
