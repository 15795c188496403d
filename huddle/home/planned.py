"""Sections of the product that are planned but not built yet.

Each shows a landing page until an app registers a navigation entry with
the same key; then the app's own page takes its place, and nothing here
needs to change.
"""

from django.utils.translation import gettext_lazy as _

from huddle.lib.registry import NavEntry, Text


def _planned(key: str, label: Text, order: int, blurb: Text) -> NavEntry:
    """A planned section's header link: its landing page is the home app's ``section`` page."""
    return NavEntry(key, label, "section", url_args=(key,), order=order, blurb=blurb)


PLANNED: tuple[NavEntry, ...] = (
    _planned(
        "groups", _("Study groups"), 20, _("Find, create and join study groups by course, goal, modality and schedule.")
    ),
    _planned("tutoring", _("Tutoring"), 30, _("Book trained peer tutors for 1:1 or small-group sessions.")),
    _planned(
        "forum",
        _("Q&A"),
        40,
        _("Ask and answer course questions, anonymously to peers if you prefer, with faculty-verified answers."),
    ),
    _planned(
        "wellbeing",
        _("Well-being"),
        50,
        _("Private check-ins, trained peer listeners and stories that normalise asking for help."),
    ),
    _planned(
        "training", _("Training"), 60, _("Modules on active listening, tutoring and mentoring; workshops with RSVP.")
    ),
    _planned("initiatives", _("Initiatives"), 70, _("Student-led initiatives and events with a faculty sponsor.")),
)


def planned_sections(provided: set[str]) -> list[NavEntry]:
    """The planned sections no installed app provides yet."""
    return [entry for entry in PLANNED if entry.key not in provided]


def planned_section(key: str, provided: set[str]) -> NavEntry | None:
    return next((entry for entry in planned_sections(provided) if entry.key == key), None)
