"""Who may do what in tutoring.

Students apply to tutor and book tutors; coordinators approve tutors per
subject, set the booking rules and read the reports (hours, demand, no-shows,
ratings). A tutor sees their own sessions and who booked them, and their
ratings only as an average once five students have rated, so no single
rating can be traced back to one student. Faculty and well-being staff have
no tutoring duties here.
"""

from huddle.accounts.models import User
from huddle.accounts.policy import Viewer, is_coordinator, is_signed_in, is_student
from huddle.tutoring.models import Booking, Session, Tutor, TutorSubject

#: A tutor sees their average rating only from this many ratings on.
RATINGS_SHOWN_FROM = 5


def _person_id(user: Viewer) -> int | None:
    return int(user.pk) if isinstance(user, User) else None


def can_use_tutoring(user: Viewer) -> bool:
    return is_signed_in(user)


def can_book(user: Viewer) -> bool:
    return is_student(user)


def can_apply_to_tutor(user: Viewer) -> bool:
    return is_student(user)


def is_tutor(user: Viewer, tutor: Tutor) -> bool:
    return _person_id(user) == tutor.person_id


def can_manage_sessions(user: Viewer, tutor: Tutor) -> bool:
    """The tutor publishes their own sessions; a coordinator may fix them."""
    return is_tutor(user, tutor) or is_coordinator(user)


def can_run_session(user: Viewer, session: Session) -> bool:
    """Who sees the session's students and marks it completed."""
    return _person_id(user) == session.tutor.person_id or is_coordinator(user)


def can_see_booking(user: Viewer, booking: Booking) -> bool:
    return _person_id(user) == booking.student_id or can_run_session(user, booking.session)


def can_change_booking(user: Viewer, booking: Booking) -> bool:
    """Cancel or move: the student who booked."""
    return _person_id(user) == booking.student_id


def can_rate(user: Viewer, booking: Booking) -> bool:
    return _person_id(user) == booking.student_id and booking.status == Booking.Status.ATTENDED


def can_approve_tutors(user: Viewer) -> bool:
    return is_coordinator(user)


def can_decide_subject(user: Viewer, subject: TutorSubject) -> bool:
    """A coordinator, never for their own application."""
    return is_coordinator(user) and _person_id(user) != subject.tutor.person_id


def can_edit_rules(user: Viewer) -> bool:
    return is_coordinator(user)


def can_read_reports(user: Viewer) -> bool:
    return is_coordinator(user)


def can_read_ratings(user: Viewer) -> bool:
    """Individual ratings and comments: coordinators only."""
    return is_coordinator(user)
