"""Access rows: well-being (crisis page and its editor, check-ins, totals, stories) and its API.

The public crisis page keeps its row in rows_accounts.py.
Statuses in the order anonymous, ms1 (Alice), ms3 (Sam, who checked in with
a private note), mentor (Maya, an MS4 student), faculty, coordinator,
well-being. No persona but Sam ever sees Sam's note; nobody, well-being
staff included, sees the anonymous story's author on a page or in the API
(staff may ask to, on the review page, with a POST that is audited).
Faculty and coordinators reach no check-in at all (403).
"""

from dataclasses import dataclass

from django.urls import reverse

from huddle.accounts.models import Role
from huddle.wellbeing.models import CheckIn, CrisisResource, Story
from huddle.wellbeing.weeks import this_week
from tests.access.matrix import Row
from tests.access.world import World
from tests.personas import make_person
from tests.wellbeing.factories import make_story

SAM_NOTE = "Slept in the library again, 7731"
AUTHOR_NAME = "Quirinus"


@dataclass
class Wellbeing:
    resource: CrisisResource
    published: Story
    pending: Story


def wellbeing(w: World) -> Wellbeing:
    """The well-being part of the access world, built once per world."""
    built = getattr(w, "_wellbeing", None)
    if built is None:
        author = make_person("quill@school.test", AUTHOR_NAME, "Quill", [Role.STUDENT], 2)
        CheckIn.objects.create(student=w.people.ms3, week=this_week(), burnout=4, stress=5, note=SAM_NOTE)
        resource = CrisisResource.objects.create(label="Counseling", channel="phone", contact="312-867-4000")
        built = Wellbeing(
            resource,
            make_story(author, anonymous=True, title="Published story"),
            make_story(author, anonymous=True, status=Story.Status.PENDING, title="Waiting story"),
        )
        w._wellbeing = built  # type: ignore[attr-defined]
    return built


def at(name: str, *parts: str) -> "object":
    def fill(w: World) -> str:
        wb = wellbeing(w)
        values = {"resource": wb.resource.pk, "published": wb.published.pk, "pending": wb.pending.pk}
        return reverse(f"wellbeing:{name}", args=[values[p] for p in parts])

    return fill


def api(name: str) -> "object":
    def fill(w: World) -> str:
        wellbeing(w)
        return reverse(f"api:{name}")

    return fill


SIGNED_IN = "302 200 200 200 200 200 200"
STUDENTS = "302 200 200 200 403 403 403"
STAFF = "302 403 403 403 403 403 200"
NOT_POST = "302 405 405 405 405 405 405"
NOT_GET = "302 405 405 405 405 405 405"
API_NOT_POST = "405 405 405 405 405 405 405"
NOBODY = "......."

ROWS = {
    "wellbeing:home": Row(at("home"), get=SIGNED_IN, post=NOT_POST),
    "wellbeing:crisis_manage": Row(at("crisis_manage"), get=STAFF, post="302 403 403 403 403 403 400"),
    "wellbeing:crisis_edit": Row(at("crisis_edit", "resource"), get=STAFF, post="302 403 403 403 403 403 400"),
    "wellbeing:crisis_delete": Row(at("crisis_delete", "resource"), get=NOT_GET, post="302 403 403 403 403 403 302"),
    "wellbeing:checkin": Row(at("checkin"), get=STUDENTS, post="302 400 400 400 403 403 403"),
    "wellbeing:checkin#note": Row(
        at("checkin"), get=STUDENTS, post="302 400 400 400 403 403 403", marker=lambda w: SAM_NOTE, sees="..x...."
    ),
    "wellbeing:trend": Row(at("trend"), get=STUDENTS, post=NOT_POST, marker=lambda w: SAM_NOTE, sees="..x...."),
    "wellbeing:reminder": Row(at("reminder"), get=NOT_GET, post="302 302 302 302 403 403 403"),
    "wellbeing:erase": Row(at("erase"), get=NOT_GET, post="302 302 302 302 403 403 403"),
    "wellbeing:aggregates": Row(at("aggregates"), get=STAFF, post=NOT_POST, marker=lambda w: SAM_NOTE, sees=NOBODY),
    "wellbeing:stories": Row(at("stories"), get=SIGNED_IN, post=NOT_POST, marker=lambda w: AUTHOR_NAME, sees=NOBODY),
    "wellbeing:story": Row(
        at("story", "published"), get=SIGNED_IN, post=NOT_POST, marker=lambda w: AUTHOR_NAME, sees=NOBODY
    ),
    "wellbeing:story_react": Row(at("story_react", "published"), get=NOT_GET, post="302 302 302 302 302 302 302"),
    "wellbeing:story_new": Row(at("story_new"), get=STUDENTS, post="302 400 400 400 403 403 403"),
    "wellbeing:my_stories": Row(at("my_stories"), get=STUDENTS, post=NOT_POST),
    "wellbeing:story_queue": Row(
        at("story_queue"), get=STAFF, post=NOT_POST, marker=lambda w: AUTHOR_NAME, sees=NOBODY
    ),
    "wellbeing:story_review": Row(
        at("story_review", "pending"),
        get=STAFF,
        post="302 403 403 403 403 403 400",
        marker=lambda w: AUTHOR_NAME,
        sees=NOBODY,
    ),
    "api:wellbeing_my_checkins": Row(
        api("wellbeing_my_checkins"),
        get="401 200 200 200 403 403 403",
        post=API_NOT_POST,
        marker=lambda w: SAM_NOTE,
        sees="..x....",
    ),
    "api:wellbeing_stories": Row(
        api("wellbeing_stories"),
        get="401 200 200 200 200 200 200",
        post=API_NOT_POST,
        marker=lambda w: AUTHOR_NAME,
        sees=NOBODY,
    ),
    "api:wellbeing_burnout_totals": Row(
        api("wellbeing_burnout_totals"), get="401 403 403 403 403 403 200", post=API_NOT_POST
    ),
}
