"""Sections of the product that are planned but not built yet.

Each shows a landing page until an app registers a navigation entry with
the same key; then the app's own page takes its place, and nothing here
needs to change.
"""

from django.utils.translation import gettext_lazy as _

from huddle.lib.registry import NavEntry

PLANNED: tuple[NavEntry, ...] = (
    NavEntry(
        "groups",
        _("Study groups"),
        "section",
        url_args=("groups",),
        order=20,
        blurb=_("Find, create and join study groups by course, goal, modality and schedule."),
    ),
    NavEntry(
        "tutoring",
        _("Tutoring"),
        "section",
        url_args=("tutoring",),
        order=30,
        blurb=_("Book trained peer tutors for 1:1 or small-group sessions."),
    ),
    NavEntry(
        "forum",
        _("Q&A"),
        "section",
        url_args=("forum",),
        order=40,
        blurb=_("Ask and answer course questions, anonymously to peers if you prefer, with faculty-verified answers."),
    ),
    NavEntry(
        "wellbeing",
        _("Well-being"),
        "section",
        url_args=("wellbeing",),
        order=50,
        blurb=_("Private check-ins, trained peer listeners and stories that normalise asking for help."),
    ),
    NavEntry(
        "training",
        _("Training"),
        "section",
        url_args=("training",),
        order=60,
        blurb=_("Modules on active listening, tutoring and mentoring; workshops with RSVP."),
    ),
    NavEntry(
        "initiatives",
        _("Initiatives"),
        "section",
        url_args=("initiatives",),
        order=70,
        blurb=_("Student-led initiatives and events with a faculty sponsor."),
    ),
)


def planned_sections(provided: set[str]) -> list[NavEntry]:
    """The planned sections no installed app provides yet."""
    return [entry for entry in PLANNED if entry.key not in provided]


def planned_section(key: str, provided: set[str]) -> NavEntry | None:
    return next((entry for entry in planned_sections(provided) if entry.key == key), None)
