"""Who may do what in mentoring programs and pair spaces.

Coordinators run cycles; proposals and rematch requests are theirs alone (a
mentee never sees a proposed mentor). A pair's own writing — meeting notes,
goals, topics — belongs to the pair: coordinators see that meetings happen,
never what was said.
"""

from huddle.accounts.policy import Viewer, is_coordinator, is_faculty, is_signed_in, is_student
from huddle.mentoring.models import Cycle, Mentorship

#: How a member (or a coordinator) may end a pair.
ENDINGS_FOR_MEMBERS = (Mentorship.Status.COMPLETED, Mentorship.Status.COMPLETED_EARLY)


def is_pair_member(user: Viewer, mentorship: Mentorship) -> bool:
    """The mentee or the mentor of this pair."""
    return is_signed_in(user) and user.pk in (mentorship.mentee.user_id, mentorship.mentor.user_id)


def can_view_pair(user: Viewer, mentorship: Mentorship) -> bool:
    """The pair themselves; coordinators get the staff view (no notes)."""
    return is_pair_member(user, mentorship) or is_coordinator(user)


def can_see_pair_notes(user: Viewer, mentorship: Mentorship) -> bool:
    """Meeting notes, goals' text and topics belong to the pair alone — never to staff."""
    return is_pair_member(user, mentorship)


def can_view_pair_staff(user: Viewer, mentorship: Mentorship) -> bool:
    """Counts, dates, check-in scores and comments, fit checks, rematch requests."""
    return is_coordinator(user)


def can_log_meeting(user: Viewer, mentorship: Mentorship) -> bool:
    """Either side of a running pair logs meetings, goals and the next meeting."""
    return is_pair_member(user, mentorship) and mentorship.status == Mentorship.Status.ACTIVE


def can_check_in(user: Viewer, mentorship: Mentorship) -> bool:
    """Check-ins, the early fit check and rematch requests: either side, while running."""
    return is_pair_member(user, mentorship) and mentorship.status == Mentorship.Status.ACTIVE


def can_withdraw_pair(user: Viewer, mentorship: Mentorship) -> bool:
    """Marking a pair withdrawn (no fault of either side) is the program's call."""
    return is_coordinator(user) and mentorship.status == Mentorship.Status.ACTIVE


def can_end_mentorship(user: Viewer, mentorship: Mentorship, status: Mentorship.Status) -> bool:
    """Either side or a coordinator completes a pair; only coordinators mark it withdrawn."""
    if mentorship.status != Mentorship.Status.ACTIVE:
        return False
    if status == Mentorship.Status.WITHDRAWN:
        return can_withdraw_pair(user, mentorship)
    return status in ENDINGS_FOR_MEMBERS and (is_pair_member(user, mentorship) or is_coordinator(user))


def can_create_cycle(user: Viewer) -> bool:
    return is_coordinator(user)


def can_manage_cycle(user: Viewer, cycle: Cycle) -> bool:
    return is_coordinator(user)


def can_view_proposal(user: Viewer, cycle: Cycle) -> bool:
    return is_coordinator(user)


def can_view_rematch_requests(user: Viewer, cycle: Cycle) -> bool:
    return is_coordinator(user)


def can_export_cycle(user: Viewer, cycle: Cycle) -> bool:
    return is_coordinator(user)


def can_see_cycle(user: Viewer, cycle: Cycle) -> bool:
    """A draft is the coordinators' work in progress; other cycles are visible to all."""
    return cycle.status != Cycle.Status.DRAFT or can_manage_cycle(user, cycle)


def can_take_part_in_mentoring(user: Viewer) -> bool:
    """Students and faculty enroll; eligibility per cycle is checked by the service."""
    return is_student(user) or is_faculty(user)
