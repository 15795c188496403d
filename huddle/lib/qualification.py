"""Whether a person qualifies for a peer role (mentor, tutor, listener).

The roles are the school's words, shared by the apps that use them: mentoring
asks about mentors, tutoring about tutors, listening about listeners. What a
role *requires* (training modules, a sign-off, an expiry) is decided by
whichever app registers a checker on :data:`checkers` — the training app — so
the asking apps import no other app. With no checker registered, everyone
qualifies: a school without training gates nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from huddle.lib.registry import Hook, Text, Viewer


class PeerRole(models.TextChoices):
    """Roles a student (or faculty member) takes on for peers, gated by training."""

    MENTOR = "mentor", _("Mentor")
    TUTOR = "tutor", _("Tutor")
    LISTENER = "listener", _("Peer listener")


@dataclass(frozen=True)
class Qualification:
    """The answer to "may this person take this role now?", with what is missing in words."""

    role: str
    qualified: bool
    #: What the person still needs, worded for them ("Complete Active listening", "Renew Crisis response").
    missing: tuple[Text, ...] = field(default=())
    #: Where they can do it (the training page), or "".
    url: str = ""

    def refusal(self) -> str:
        """One sentence for a form error: the role and the first thing missing."""
        if self.qualified:
            return ""
        label = PeerRole(self.role).label if self.role in PeerRole.values else self.role
        needs = "; ".join(str(item) for item in self.missing)
        return str(_("To be a %(role)s you first need: %(needs)s.") % {"role": str(label).lower(), "needs": needs})


#: ``f(person, role) -> Qualification``; registered by the app that defines requirements.
checkers: Hook[Callable[[Viewer, str], Qualification]] = Hook("qualification_checkers")


def qualifications_for(*, people: list[Viewer], role: str) -> dict[int, Qualification]:
    """``qualification_for`` for each of ``people``, by id; the first refusal of any checker wins.

    A checker that also has a ``many(people, role)`` method answers for all of
    them at once (a coordinator's list of applicants in a fixed number of
    queries); a plain function is asked person by person.
    """
    assert role in PeerRole.values, f"{role!r} is not a peer role"
    answers = {int(person.pk): Qualification(role=role, qualified=True) for person in people}
    for check in checkers.items():
        many = getattr(check, "many", None)
        found = many(people, role) if many else {int(p.pk): check(p, role) for p in people}
        for pk, answer in found.items():
            if answers[pk].qualified and not answer.qualified:
                answers[pk] = answer
    return answers


def qualification_for(*, person: Viewer, role: str) -> Qualification:
    """Every registered checker must agree; the first refusal is the answer."""
    assert role in PeerRole.values, f"{role!r} is not a peer role"
    for check in checkers.items():
        answer = check(person, role)
        if not answer.qualified:
            return answer
    return Qualification(role=role, qualified=True)
