"""A small matched cycle: two mentees, two mentors with one place each."""

from dataclasses import dataclass

from huddle.mentoring.models import Cycle, Enrollment, ProposedPair
from huddle.mentoring.proposals import services as proposals_services
from tests.mentoring.cycle_fixtures import MORNINGS, enroll, make_cycle, make_student


@dataclass
class Small:
    cycle: Cycle
    ana: Enrollment  # mentee, evenings, Cardiology
    ben: Enrollment  # mentee, mornings
    eve: Enrollment  # mentor, evenings, Cardiology
    max: Enrollment  # mentor, mornings

    def pair_of(self, mentee: Enrollment) -> ProposedPair:
        return ProposedPair.objects.get(cycle=self.cycle, mentee=mentee)


def small_cycle(people, capture, **kw) -> Small:
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING, **kw)
    small = Small(
        cycle,
        enroll(cycle, make_student(1, specialties=("Cardiology",)), "mentee"),
        enroll(cycle, make_student(1, availability=MORNINGS), "mentee"),
        enroll(cycle, make_student(3, specialties=("Cardiology",)), "mentor", capacity=1),
        enroll(cycle, make_student(4, availability=MORNINGS), "mentor", capacity=1),
    )
    run(small.cycle, people, capture)
    return small


def run(cycle, people, capture) -> None:
    with capture(execute=True):
        proposals_services.matching_start(cycle=cycle, by=people.coordinator)
