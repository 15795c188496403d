"""Who may see what of well-being; never a person's data to anyone but that person."""

from huddle.accounts.policy import Viewer, is_wellbeing_staff


def can_see_wellbeing_totals(user: Viewer) -> bool:
    """Well-being staff see totals for groups of ten or more, never a person."""
    return is_wellbeing_staff(user)
