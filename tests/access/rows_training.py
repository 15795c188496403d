"""Access rows: training (modules, quizzes, certificates, requirements, sign-offs, workshops) and its API.

Statuses in the order anonymous, ms1, ms3, mentor, faculty, coordinator,
well-being. The training part of the world is built the first time a row
asks: Sam (MS3) passed a module and is a signed-off listener candidate;
Fatima organises a workshop that Wanda, a student only the organiser and
coordinators may see listed, signed up for.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from huddle.lib.qualification import PeerRole
from huddle.training.models import Attempt, Completion, Module, SignOff, Workshop
from huddle.training.quizzes.services import attempt_submit
from huddle.training.workshops.services import rsvp_create
from tests.access.matrix import Row
from tests.access.world import World
from tests.personas import make_person
from tests.training.factories import RIGHT, complete, make_module, make_workshop, require_modules

ATTENDEE_NAME = "Wanda Waitlist"
CANDIDATE_EMAIL = "sam@school.test"


@dataclass
class Training:
    module: Module
    attempt: Attempt
    completion: Completion
    sign_off: SignOff
    workshop: Workshop


def training(w: World) -> Training:
    built = getattr(w, "_training", None)
    if built is None:
        module = make_module("Active listening")
        crisis = make_module("Crisis response")
        require_modules(PeerRole.LISTENER, module, crisis, sign_off_by="wellbeing")
        attempt = attempt_submit(user=w.people.ms3, quiz=module.current_quiz, answers=RIGHT)
        completion = Completion.objects.get(attempt=attempt)
        complete(w.people.ms3, crisis)
        sign_off = SignOff.objects.create(
            person=w.people.ms3, role=PeerRole.LISTENER, given_by=w.people.wellbeing, given_at=timezone.now()
        )
        # A module no well-being role requires alone, so coordinators see who comes (see the unit tests
        # for a listener-only module's workshop, where well-being staff stand in for them).
        workshop = make_workshop(make_module("Mentoring basics"), capacity=5, organiser=w.people.faculty)
        first, last = ATTENDEE_NAME.split()
        rsvp_create(user=make_person("wanda@school.test", first, last, ["student"], 2), workshop=workshop)
        built = Training(module, attempt, completion, sign_off, workshop)
        w._training = built  # type: ignore[attr-defined]
    return built


def at(name: str, *parts: str, query: str = "") -> "object":
    def fill(w: World) -> str:
        t = training(w)
        values = {
            "module": t.module.slug,
            "attempt": t.attempt.pk,
            "completion": t.completion.pk,
            "sign_off": t.sign_off.pk,
            "workshop": t.workshop.pk,
            "code": t.completion.code,
        }
        return reverse(f"training:{name}", args=[values[p] for p in parts]) + query.format(**values)

    return fill


def api(name: str) -> "object":
    def fill(w: World) -> str:
        training(w)
        return reverse(f"api:{name}")

    return fill


SIGNED_IN_GET = "302 200 200 200 200 200 200"
NOT_POST = "302 405 405 405 405 405 405"
NOT_GET = "302 405 405 405 405 405 405"
COORDINATOR_GET = "302 403 403 403 403 200 403"
COORDINATOR_POST = "302 403 403 403 403 400 403"
OWNER_ONLY = "302 404 200 404 404 404 404"
API_GET = "401 200 200 200 200 200 200"
API_NOT_POST = "405 405 405 405 405 405 405"

ROWS = {
    "training:home": Row(at("home"), get=SIGNED_IN_GET, post=NOT_POST),
    "training:module": Row(at("module", "module"), get=SIGNED_IN_GET, post=NOT_POST),
    "training:quiz": Row(at("quiz", "module"), get=SIGNED_IN_GET, post="302 400 400 400 400 400 400"),
    "training:attempt": Row(at("attempt", "attempt"), get=OWNER_ONLY, post=NOT_POST),
    "training:certificate": Row(at("certificate", "completion"), get=OWNER_ONLY, post=NOT_POST),
    "training:verify": Row(at("verify", query="?code={code}"), get=SIGNED_IN_GET, post=NOT_POST),
    "training:modules_manage": Row(at("modules_manage"), get=COORDINATOR_GET, post=COORDINATOR_POST),
    "training:module_edit": Row(at("module_edit", "module"), get=COORDINATOR_GET, post=COORDINATOR_POST),
    "training:module_quiz": Row(at("module_quiz", "module"), get=COORDINATOR_GET, post=COORDINATOR_POST),
    "training:module_publish": Row(at("module_publish", "module"), get=NOT_GET, post="302 403 403 403 403 302 403"),
    "training:requirements": Row(at("requirements"), get=COORDINATOR_GET, post=COORDINATOR_POST),
    "training:report": Row(at("report"), get="302 403 403 403 403 200 200", post=NOT_POST),
    "training:sign_offs": Row(at("sign_offs"), get="302 403 403 403 403 200 200", post="302 403 403 403 403 400 400"),
    # A listener candidate is well-being data: only well-being staff see who they are.
    "training:sign_offs#candidate": Row(
        at("sign_offs"),
        get="302 403 403 403 403 200 200",
        post="302 403 403 403 403 400 400",
        marker=lambda w: CANDIDATE_EMAIL,
        sees="......x",
    ),
    "training:sign_off_revoke": Row(at("sign_off_revoke", "sign_off"), get=NOT_GET, post="302 404 404 404 404 404 302"),
    "training:workshops": Row(at("workshops"), get=SIGNED_IN_GET, post=NOT_POST),
    "training:workshop_new": Row(at("workshop_new"), get=COORDINATOR_GET, post=COORDINATOR_POST),
    "training:workshop": Row(at("workshop", "workshop"), get=SIGNED_IN_GET, post=NOT_POST),
    # Who is coming is for the organiser and coordinators.
    "training:workshop#attendees": Row(
        at("workshop", "workshop"),
        get=SIGNED_IN_GET,
        post=NOT_POST,
        marker=lambda w: ATTENDEE_NAME,
        sees="....xx.",
    ),
    "training:workshop_edit": Row(
        at("workshop_edit", "workshop"), get="302 403 403 403 200 200 403", post="302 403 403 403 400 400 403"
    ),
    "training:rsvp": Row(at("rsvp", "workshop"), get=NOT_GET, post="302 302 302 302 302 302 302"),
    "training:rsvp_cancel": Row(at("rsvp_cancel", "workshop"), get=NOT_GET, post="302 302 302 302 302 302 302"),
    "training:attendance": Row(at("attendance", "workshop"), get=NOT_GET, post="302 403 403 403 302 302 403"),
    "training:workshop_cancel": Row(at("workshop_cancel", "workshop"), get=NOT_GET, post="302 403 403 403 302 302 403"),
    "api:training_modules": Row(api("training_modules"), get=API_GET, post=API_NOT_POST),
    "api:training_progress": Row(api("training_progress"), get=API_GET, post=API_NOT_POST),
    "api:training_workshops": Row(api("training_workshops"), get=API_GET, post=API_NOT_POST),
}
