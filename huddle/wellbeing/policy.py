"""Who may see what of well-being; never a person's data to anyone but that person.

Faculty and coordinators assess students, so no question here ever lets them
near a check-in, an anonymous story's author or a report: those answers
depend on the well-being role (or being the student), never on theirs.
"""

from huddle.accounts.models import User
from huddle.accounts.policy import Viewer, is_same_person, is_signed_in, is_student, is_wellbeing_staff
from huddle.wellbeing.models import Story


def can_see_wellbeing_totals(user: Viewer) -> bool:
    """Well-being staff see totals for groups of ten or more, never a person."""
    return is_wellbeing_staff(user)


def can_edit_crisis_resources(user: Viewer) -> bool:
    return is_wellbeing_staff(user)


def can_check_in(user: Viewer) -> bool:
    """Check-ins are the student's own; nobody checks in for another."""
    return is_student(user)


def can_see_checkins_of(viewer: Viewer, student: User) -> bool:
    """Only the student themself, ever; well-being staff included see totals only."""
    return is_same_person(viewer, student)


def can_read_stories(user: Viewer) -> bool:
    return is_signed_in(user)


def can_share_story(user: Viewer) -> bool:
    return is_student(user)


def can_react(user: Viewer, story: Story) -> bool:
    return is_signed_in(user) and story.status == Story.Status.PUBLISHED


def can_review_stories(user: Viewer) -> bool:
    """Well-being staff approve stories and may see who wrote a pending one (audited)."""
    return is_wellbeing_staff(user)


def can_read_story(user: Viewer, story: Story) -> bool:
    if story.status == Story.Status.PUBLISHED:
        return can_read_stories(user)
    return is_same_person(user, story.author) or can_review_stories(user)
