"""Planning the demo's groups: who organises each, when it meets, who is in it and who waits.

A group's usual meeting time is cut from its organiser's free evenings (or
weekend or lunch hours) in the school's zone; members are the students of
the right class years who are free for all of it, then those free for at
least an hour of it. Each student is in at most three groups and never in
two that meet at the same time: what a group takes is struck from its
members' free weeks. Nothing here writes; ``Planned`` rows are written in
bulk by the step.
"""

import base64
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils.text import slugify

from huddle.accounts.demo import DEMO_DOMAIN
from huddle.accounts.models import Language, Topic, User
from huddle.groups import weeks
from huddle.groups.demo import catalogue as c
from huddle.groups.models import Membership, StudyGroup

#: Kinds of weekly time: weekday and Sunday evenings, weekend days, weekday lunch hours (school's zone).
WINDOWS = {
    c.EVENING: sum((weeks.span(d, time(17), time(23)) for d in (0, 1, 2, 3, 6)), 0),
    c.WEEKEND: weeks.span(5, time(8), time(18)) | weeks.span(6, time(8), time(18)),
    c.LUNCH: sum((weeks.span(d, time(11, 30), time(13, 30)) for d in range(5)), 0),
}
#: The time a group meets when its organiser painted nothing that fits: Tuesday 19:00–20:30.
FALLBACK = weeks.span(1, time(19), time(20, 30))
#: Active groups one student is in at most.
MAX_GROUPS = 3


@dataclass(eq=False)
class Person:
    """A demo student as the planner sees them."""

    user: User
    year: int
    zone: str
    #: Availability in the school's zone, and what is left of it after their groups' meeting times.
    week: int
    free: int
    spanish: bool
    groups: int = 0
    #: The meeting times of the groups they are in.
    busy: int = 0

    @property
    def pk(self) -> int:
        return int(self.user.pk)


@dataclass(eq=False)
class Planned:
    """One group as it will be written: the row, its people with their times, and its history."""

    spec: c.GroupSpec
    group: StudyGroup
    organiser: Person
    #: Active members other than the organiser, in the order they joined.
    members: list[Person]
    joined: dict[int, datetime]
    #: Requests waiting: (person, note, asked at).
    requests: list[tuple[Person, str, datetime]] = field(default_factory=list)
    #: Rows that ended (left, declined, withdrawn), unsaved; ``group`` is set when the group is.
    history: list[Membership] = field(default_factory=list)
    #: The weekly time sessions are held (the first run of the meeting week).
    main: int = 0
    #: When the group was started (``created_at`` is set on insert, so it is set again from this after).
    created: datetime | None = None

    @property
    def active(self) -> list[Person]:
        if self.spec.role == c.NEEDS_ORGANISER:
            return []
        return [self.organiser, *self.members]

    @property
    def slug(self) -> str:
        return slugify(self.spec.name)


def _mask(first: int, length: int) -> int:
    return ((1 << length) - 1) << first


def _token(rng: random.Random) -> str:
    """An invitation secret shaped like ``secrets.token_urlsafe(32)``, but from the seed."""
    return base64.urlsafe_b64encode(rng.randbytes(32)).rstrip(b"=").decode()


class Planner:
    """Plans the catalogue's groups one after another, so earlier groups take their times first."""

    def __init__(
        self,
        *,
        rng: random.Random,
        now: datetime,
        people: list[Person],
        ms1: Person,
        ms3: Person | None,
        topics: dict[str, Topic],
        languages: dict[str, Language],
    ) -> None:
        self.rng = rng
        self.now = now
        self.ms1 = ms1
        self.ms3 = ms3
        self.topics = topics
        self.languages = languages
        self.by_year: dict[int, list[Person]] = {}
        for person in people:
            if person is not ms1 and person is not ms3:
                self.by_year.setdefault(person.year, []).append(person)

    # -- Times ------------------------------------------------------------------------

    def slot(self, week: int, kinds: tuple[str, ...], want: int) -> int:
        """A run of up to ``want`` half hours inside ``week``, of the first kind that has one (0 if none)."""
        for kind in kinds:
            shortest = 2 if kind == c.LUNCH else 3
            runs = [r for r in weeks.runs(week & WINDOWS[kind]) if r[1] - r[0] >= shortest]
            if runs:
                first, end = self.rng.choice(runs)
                length = min(end - first, want)
                return _mask(first + self.rng.randint(0, end - first - length), length)
        return 0

    def slot_of_two_hours(self, week: int, kinds: tuple[str, ...]) -> int:
        """Two hours inside ``week``: one run when one is long enough, else the longest runs together."""
        for kind in kinds:
            runs = [r for r in weeks.runs(week & WINDOWS[kind]) if r[1] - r[0] >= 4]
            if runs:
                first, _end = self.rng.choice(runs)
                return _mask(first, 4)
        runs = sorted(weeks.runs(week & (WINDOWS[c.EVENING] | WINDOWS[c.WEEKEND])), key=lambda r: r[0] - r[1])
        out = 0
        for first, end in runs:
            out |= _mask(first, end - first)
            if out.bit_count() >= 4:
                break
        return out

    # -- People -----------------------------------------------------------------------

    def candidates(self, spec: c.GroupSpec) -> list[Person]:
        people = [p for year in spec.years for p in self.by_year.get(year, [])]
        if spec.language == "es":
            speakers = [p for p in people if p.spanish]
            people = speakers if len(speakers) >= 2 else people
        return people

    def free_for(self, people: list[Person], slot: int, n: int, *, taken: set[int]) -> list[Person]:
        """Up to ``n`` people free for all of ``slot``, then for an hour of it, at random within each."""
        whole, part = [], []
        size = slot.bit_count()
        for person in people:
            if person.pk in taken or person.groups >= MAX_GROUPS or person.busy & slot:
                continue
            shared = (slot & person.free).bit_count()
            if shared == size:
                whole.append(person)
            elif shared >= 2:
                part.append(person)
        self.rng.shuffle(whole)
        self.rng.shuffle(part)
        return (whole + part)[:n]

    def _organiser(self, spec: c.GroupSpec, people: list[Person]) -> tuple[Person, int] | None:
        """A student of the group's years with a free time of the group's kind, and that time."""
        want = self.rng.choice((3, 4, 4))
        order = [p for p in people if p.groups < MAX_GROUPS]
        self.rng.shuffle(order)
        for kind in spec.when:
            for person in order:
                slot = self.slot(person.free, (kind,), want)
                if slot:
                    return person, slot
        spare = [p for p in order if not p.busy & FALLBACK]
        return (spare[0], FALLBACK) if spare else None

    # -- Groups -----------------------------------------------------------------------

    def plan(self, spec: c.GroupSpec) -> Planned | None:
        """One group of the catalogue, or None when the school has nobody of its years."""
        rng = self.rng
        people = self.candidates(spec)
        role = spec.role
        members: list[Person] = []
        if role in (c.MS1_ORGANISES, c.MS1_MEMBER, c.MS1_ASKED, c.FITS_MS1):
            week = self.ms1.free
            slot = (
                self.slot_of_two_hours(week, spec.when)
                if role == c.FITS_MS1
                else self.slot(week, spec.when, 4) or self.slot(week, (c.EVENING, c.WEEKEND, c.LUNCH), 4)
            ) or FALLBACK
            # The MS1 log-in keeps these times for these groups, whether a member or not.
            self.ms1.free &= ~slot
            if role == c.MS1_ORGANISES:
                organiser = self.ms1
            else:
                found = self.free_for(people, slot, 1, taken=set())
                if not found:
                    return None
                organiser = found[0]
            if role == c.MS1_MEMBER:
                members.append(self.ms1)
        elif role == c.MS3_MEMBER and self.ms3 is not None:
            slot = self.slot(self.ms3.free, spec.when, 4) or self.slot(self.ms3.week, spec.when, 4) or FALLBACK
            found = self.free_for(people, slot, 1, taken=set())
            if not found:
                return None
            organiser = found[0]
            members.append(self.ms3)
        else:
            chosen = self._organiser(spec, people)
            if chosen is None:
                return None
            organiser, slot = chosen
            if role == "" and rng.random() < 0.2:  # some groups meet twice a week
                other = self.slot(organiser.free & ~weeks.span(_day(slot), time(0), time(0)), spec.when, 3)
                slot |= other

        if spec.full:
            size = spec.capacity
        elif role == c.FITS_MS1:
            size = 3
        else:
            size = rng.randint(max(3, spec.capacity // 2), spec.capacity - 1)
        taken = {organiser.pk, self.ms1.pk, *(m.pk for m in members)}
        members += self.free_for(people, slot, size - 1 - len(members), taken=taken)
        group = self._row(spec, organiser, slot)
        planned = Planned(spec=spec, group=group, organiser=organiser, members=members, joined={})
        planned.main = _mask(*_first_run(slot))
        self._times(planned)
        if role not in (c.ARCHIVED, c.NEEDS_ORGANISER):
            for person in planned.active:
                person.free &= ~slot
                person.busy |= slot
                person.groups += 1
        self._requests(planned, people, slot)
        self._history(planned, people)
        return planned

    def _row(self, spec: c.GroupSpec, organiser: Person, slot: int) -> StudyGroup:
        in_person = spec.modality in ("in_person", "hybrid")
        virtual = spec.modality in ("virtual", "hybrid")
        return StudyGroup(
            name=spec.name,
            description=spec.description,
            topic=self.topics.get(spec.topic) if spec.topic else None,
            goal=spec.goal,
            modality=spec.modality,
            place=self.rng.choice(c.ROOMS) if in_person else "",
            meeting_link=f"https://meet.{DEMO_DOMAIN}/groups-{slugify(spec.name)}" if virtual else "",
            language=self.languages.get(spec.language),
            capacity=spec.capacity,
            join_policy=spec.join_policy,
            listed=spec.role != c.INVITE_ONLY,
            invite_token=_token(self.rng) if spec.role == c.INVITE_ONLY else "",
            meeting_week=weeks.week_bytes(slot),
            time_zone=organiser.zone,
            status=StudyGroup.Status.ARCHIVED if spec.role == c.ARCHIVED else StudyGroup.Status.ACTIVE,
            needs_organiser=spec.role == c.NEEDS_ORGANISER,
            created_by=organiser.user,
        )

    def _when(self, start: datetime, end: datetime) -> datetime:
        span = max((end - start).total_seconds(), 0)
        return (start + timedelta(seconds=self.rng.random() * span)).replace(second=0, microsecond=0)

    def _times(self, planned: Planned) -> None:
        """When the group was started and when each member joined (a few joined lately)."""
        rng, now, role = self.rng, self.now, planned.spec.role
        if role == c.ARCHIVED:
            days = rng.randint(100, 130)
        elif role == c.FITS_MS1 or (role == "" and rng.random() < 0.12):
            days = rng.randint(14, 24)
        else:
            days = rng.randint(36, 80)
        created = (now - timedelta(days=days, hours=rng.randint(0, 12))).replace(second=0, microsecond=0)
        planned.group.created_at = planned.created = created
        planned.joined[planned.organiser.pk] = created
        settled = created + timedelta(days=min(21, days - 3))
        for person in planned.members:
            late = rng.random() < 0.2 and role != c.ARCHIVED
            start, end = (now - timedelta(days=10), now - timedelta(hours=6)) if late else (created, settled)
            planned.joined[person.pk] = self._when(max(start, created + timedelta(hours=1)), end)

    def _requests(self, planned: Planned, people: list[Person], slot: int) -> None:
        spec, rng = planned.spec, self.rng
        if spec.join_policy != StudyGroup.JoinPolicy.REQUEST or spec.role in (c.ARCHIVED, c.NEEDS_ORGANISER):
            return
        taken = {p.pk for p in planned.active} | {self.ms1.pk}
        if spec.role == c.MS1_ASKED:
            asked = self.now - timedelta(days=2, hours=rng.randint(0, 20))
            planned.requests.append((self.ms1, c.MS1_REQUEST_NOTE, asked))
        count = 1 if spec.role in (c.MS1_ORGANISES, c.FITS_MS1) else rng.choice((0, 1, 1, 2))
        notes = c.REQUEST_NOTES_ES if spec.language == "es" else c.REQUEST_NOTES
        for person in self.free_for(people, slot, count, taken=taken):
            note = rng.choice(notes).format(year=person.year)
            if spec.role == c.MS1_ORGANISES and not note:
                note = notes[0].format(year=person.year)
            asked = self._when(self.now - timedelta(days=5), self.now - timedelta(hours=2))
            planned.requests.append((person, note, asked))

    def _history(self, planned: Planned, people: list[Person]) -> None:
        """Rows that ended: a member who left, a declined request; the whole group when it lost its organiser."""
        spec, rng, now = planned.spec, self.rng, self.now
        created = planned.created or self.now
        if spec.role == c.NEEDS_ORGANISER:
            # Everyone left, the organiser last, twelve days ago: the group waits for a coordinator.
            left_at = now - timedelta(days=12)
            for person in [*planned.members, planned.organiser]:
                joined = planned.joined[person.pk]
                planned.history.append(
                    Membership(
                        person=person.user,
                        role=Membership.Role.MEMBER,
                        status=Membership.Status.LEFT,
                        joined_at=joined,
                        ended_at=self._when(left_at - timedelta(days=6), left_at)
                        if person is not planned.organiser
                        else left_at,
                    )
                )
            return
        taken = {p.pk for p in planned.active} | {p.pk for p, _n, _a in planned.requests} | {self.ms1.pk}
        if rng.random() < 0.3:
            for person in self.free_for(people, planned.main, 1, taken=taken):
                joined = self._when(created, created + timedelta(days=10))
                planned.history.append(
                    Membership(
                        person=person.user,
                        status=Membership.Status.LEFT,
                        joined_at=joined,
                        ended_at=self._when(joined + timedelta(days=7), now - timedelta(days=3)),
                    )
                )
                taken.add(person.pk)
        if spec.join_policy == StudyGroup.JoinPolicy.REQUEST and rng.random() < 0.3:
            for person in self.free_for(people, planned.main, 1, taken=taken):
                asked = self._when(created, now - timedelta(days=4))
                planned.history.append(
                    Membership(
                        person=person.user,
                        status=Membership.Status.DECLINED,
                        request_note=rng.choice(c.REQUEST_NOTES).format(year=person.year),
                        requested_at=asked,
                        decided_by=planned.organiser.user,
                        ended_at=asked + timedelta(hours=rng.randint(3, 40)),
                    )
                )


def _day(slot: int) -> int:
    return ((slot & -slot).bit_length() - 1) // 48 if slot else 0


def _first_run(slot: int) -> tuple[int, int]:
    """The first run of ``slot`` as (first block, length)."""
    first, end = weeks.runs(slot)[0]
    return first, end - first


def memberships(planned: Planned) -> list[Membership]:
    """The group's rows: active members with seats 1, 2, … in the order they joined, requests, history."""
    group = planned.group
    rows = [
        Membership(
            group=group,
            person=person.user,
            role=Membership.Role.ORGANISER if person is planned.organiser else Membership.Role.MEMBER,
            status=Membership.Status.ACTIVE,
            seat=seat,
            joined_at=planned.joined[person.pk],
            decided_by=planned.organiser.user
            if planned.spec.join_policy == StudyGroup.JoinPolicy.REQUEST and person is not planned.organiser
            else None,
        )
        for seat, person in enumerate(sorted(planned.active, key=lambda p: planned.joined[p.pk]), start=1)
    ]
    rows += [
        Membership(
            group=group, person=person.user, status=Membership.Status.REQUESTED, request_note=note, requested_at=asked
        )
        for person, note, asked in planned.requests
    ]
    for row in planned.history:
        row.group = group
    return rows + planned.history
