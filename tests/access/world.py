"""One of everything, so every URL can be filled with a real id.

Alice (MS1) is mentored by Maya (MS4) in a running cycle; Sam (MS3) takes
part in nothing; Fatima is faculty; Cora coordinates; Will is well-being
staff. Access tests fill each URL parameter from here, so a view that
skipped its check finds something to show instead of a 404.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from huddle.accounts.models import Profile, Role, RosterImport, Topic, User, Visibility
from huddle.accounts.roster import roster_preview_create
from huddle.home.models import CalendarFeed
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    Goal,
    MatchingMode,
    MatchRun,
    Meeting,
    MentorRequest,
    Mentorship,
    Milestone,
    PlannedMeeting,
    ProposedPair,
    RematchRequest,
    Tier,
)
from huddle.notifications.models import Notification
from tests.accounts.roster_helpers import fixture_file
from tests.mentoring.cycle_fixtures import make_cycle
from tests.mentoring.pair_fixtures import make_pair
from tests.personas import Personas, make_person

#: Text only some personas may ever see, planted where each rule guards it.
PAIR_NOTE = "Notes only the pair reads"
ACCESSIBILITY_NOTE = "Needs captions in video calls"
INACTIVE_NAME = "Ivy Inactive"

#: A 1×1 PNG, for a profile photo that only program staff may see.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@dataclass
class World:
    people: Personas
    mentor: User
    running: Cycle
    pair: Mentorship
    goal: Goal
    milestone: Milestone
    rematch_request: RematchRequest
    matching: Cycle
    proposed: ProposedPair
    self_select: Cycle
    self_select_mentor: Enrollment
    mentor_request: MentorRequest
    roster: RosterImport
    topic: Topic
    feed: CalendarFeed
    ended_pair: Mentorship
    draft: Cycle

    def personas(self) -> dict[str, User | None]:
        p = self.people
        return {
            "anonymous": None,
            "ms1": p.ms1,
            "ms3": p.ms3,
            "mentor": self.mentor,
            "faculty": p.faculty,
            "coordinator": p.coordinator,
            "wellbeing": p.wellbeing,
        }


def _staff_only_photo(user: User) -> None:
    profile = Profile.objects.get(user=user)
    profile.photo.save("alice.png", ContentFile(PIXEL), save=False)
    profile.visibility = {**profile.visibility, "photo": Visibility.STAFF}
    profile.save()


def build_world(people: Personas) -> World:
    mentor = make_person("maya@school.test", "Maya", "Moreno", [Role.STUDENT], 4)
    coordinator = people.coordinator
    running = make_cycle(by=coordinator, status=Cycle.Status.ACTIVE)
    pair = make_pair(cycle=running, mentee=people.ms1, mentor=mentor)
    PlannedMeeting.objects.create(mentorship=pair, starts_at=timezone.now() + timedelta(days=3), planned_by=mentor)
    goal = Goal.objects.create(mentorship=pair, title="Plan Step 1")
    milestone = Milestone.objects.create(goal=goal, title="Pick a question bank")
    rematch = RematchRequest.objects.create(mentorship=pair, kind=RematchRequest.Kind.ASKED, requested_by=people.ms1)

    matching = make_cycle(by=coordinator, status=Cycle.Status.MATCHING)
    mentee = Enrollment.objects.create(cycle=matching, user=people.ms1, side="mentee", capacity=0, tier="")
    mentor_enrollment = Enrollment.objects.create(
        cycle=matching, user=mentor, side="mentor", capacity=2, tier=Tier.PEER
    )
    MatchRun.objects.create(cycle=matching, tier=Tier.PEER, status=MatchRun.Status.DONE, requested_by=coordinator)
    proposed = ProposedPair.objects.create(cycle=matching, tier=Tier.PEER, mentee=mentee, mentor=mentor_enrollment)

    self_select = make_cycle(by=coordinator, mode=MatchingMode.SELF_SELECT, status=Cycle.Status.ENROLLING)
    asker = Enrollment.objects.create(cycle=self_select, user=people.ms1, side="mentee", capacity=0, tier="")
    chosen = Enrollment.objects.create(cycle=self_select, user=mentor, side="mentor", capacity=2, tier=Tier.PEER)
    request = MentorRequest.objects.create(cycle=self_select, tier=Tier.PEER, mentee=asker, mentor=chosen)

    Meeting.objects.create(
        mentorship=pair,
        met_on=timezone.localdate(),
        duration_minutes=30,
        modality="virtual",
        private_notes=PAIR_NOTE,
        logged_by=people.ms1,
    )
    ended = make_pair(cycle=running, mentee=people.ms1, mentor=mentor, tier=Tier.FACULTY)
    Mentorship.objects.filter(pk=ended.pk).update(status=Mentorship.Status.COMPLETED, ended_at=timezone.now())
    ended.refresh_from_db()
    draft = make_cycle(by=coordinator, status=Cycle.Status.DRAFT)
    Profile.objects.filter(user=people.ms1).update(accessibility_notes=ACCESSIBILITY_NOTE)
    make_person("ivy@school.test", "Ivy", "Inactive", [Role.STUDENT], 2)
    User.objects.filter(email="ivy@school.test").update(is_active=False)
    _staff_only_photo(people.ms1)
    Notification.objects.create(user=people.ms1, kind="mentoring.request", title="A note for Alice")
    return World(
        people=people,
        mentor=mentor,
        running=running,
        pair=pair,
        goal=goal,
        milestone=milestone,
        rematch_request=rematch,
        matching=matching,
        proposed=proposed,
        self_select=self_select,
        self_select_mentor=chosen,
        mentor_request=request,
        roster=roster_preview_create(file=fixture_file("valid.csv"), by=coordinator),
        topic=Topic.objects.first() or Topic.objects.create(name="Anatomy", kind="course"),
        feed=CalendarFeed.objects.create(user=people.ms1),
        ended_pair=ended,
        draft=draft,
    )
