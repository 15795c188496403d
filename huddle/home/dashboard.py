"""What each role sees first: a few counts and the next things to do."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from huddle.accounts import policy
from huddle.accounts.availability import hours_per_week
from huddle.accounts.models import Profile


def for_user(user: Any) -> dict[str, Any]:
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        # The page shows profile.name; reuse the signed-in user, not a query.
        profile.user = user
    todo: list[dict[str, str]] = []
    if profile is None or not profile.bio:
        todo.append(
            {
                "label": _("Complete your profile so programs can match you well"),
                "url": reverse("accounts:profile_edit"),
            }
        )
    if profile is None or hours_per_week(profile.availability) == 0:
        todo.append({"label": _("Paint your weekly availability"), "url": reverse("accounts:availability")})
    cards = [
        {
            "title": _("Mentoring"),
            "text": _("Programs, your mentor or mentees, meetings and goals."),
            "url": reverse("mentoring:home"),
        },
        {
            "title": _("Study groups"),
            "text": _("Find or start a group for your course."),
            "url": reverse("section", args=["groups"]),
        },
        {
            "title": _("Peer tutoring"),
            "text": _("Book a trained peer tutor."),
            "url": reverse("section", args=["tutoring"]),
        },
        {
            "title": _("Q&A"),
            "text": _("Ask a question, anonymously to peers if you like."),
            "url": reverse("section", args=["forum"]),
        },
    ]
    staff_cards = []
    if policy.is_coordinator(user):
        staff_cards = [
            {
                "title": _("Import a roster"),
                "text": _("Add students, faculty and staff from a CSV file."),
                "url": reverse("accounts:roster_import"),
            },
            {
                "title": _("People and roles"),
                "text": _("Find people, grant and revoke roles."),
                "url": reverse("accounts:directory"),
            },
            {
                "title": _("Courses and topics"),
                "text": _("Edit the taxonomy that profiles and groups use."),
                "url": reverse("accounts:topics"),
            },
            {"title": _("Audit log"), "text": _("Who did what, and when."), "url": reverse("audit:log")},
        ]
    return {
        "profile": profile,
        "todo": todo,
        "cards": cards,
        "staff_cards": staff_cards,
        "is_coordinator": policy.is_coordinator(user),
        "is_faculty": policy.is_faculty(user),
        "is_student": policy.is_student(user),
        "is_wellbeing": policy.is_wellbeing_staff(user),
    }
