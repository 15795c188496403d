"""The demo groups' weeks: sessions, RSVPs, attendance, board posts and problem reports.

Most groups hold a weekly series at their usual time, from four weeks ago to
six weeks ahead. Each occurrence is cut at the same wall-clock time in the
group's zone (a local ``datetime`` given the zone, then UTC), so an evening
session stays at 19:00 across a daylight-saving change, as the sessions'
own service does. Past sessions have attendance (about three in four
present) except, in some groups, the latest, which waits for the
organiser; the next two weeks have RSVPs.
"""

import random
import uuid
from datetime import UTC, datetime, time, timedelta

from huddle.accounts.models import User
from huddle.groups import weeks
from huddle.groups.demo import catalogue as c
from huddle.groups.demo.groups import Planned
from huddle.groups.models import Attendance, GroupSession, Membership, Post, ProblemReport, Rsvp
from huddle.lib.zones import zone_named

PAST = timedelta(weeks=4)
AHEAD = timedelta(weeks=6)
RSVP_AHEAD = timedelta(days=14)
PRESENT = 0.75
#: Roles whose next session is never cancelled, so the demo log-ins always have one to go to.
_KEPT = (c.MS1_ORGANISES, c.MS1_MEMBER, c.MS1_ASKED, c.FITS_MS1, c.MS3_MEMBER)
_AGENDAS_ES = (("Repaso semanal", "- Preguntas del bloque\n- Explicaciones juntos\n- Tema de la próxima semana"),)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _local_time(main: int, zone: str, now: datetime) -> tuple[int, time]:
    """The weekday and wall-clock time in ``zone`` at which the school's-zone block run ``main`` starts."""
    shifted = weeks.from_school_zone(main, zone, now)
    day, block = divmod((shifted & -shifted).bit_length() - 1, 48)
    return day, time(block // 2, block % 2 * 30)


def _occurrences(planned: Planned, minutes: int, now: datetime) -> list[tuple[datetime, datetime]]:
    """Weekly starts and ends (UTC) at the group's local time within the demo's weeks and the group's life."""
    zone = zone_named(planned.group.time_zone)
    weekday, starts = _local_time(planned.main, planned.group.time_zone, now)
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    earliest = max(now - PAST, (planned.created or now) + timedelta(days=1))
    latest = now + AHEAD
    role = planned.spec.role
    if role == c.ARCHIVED:
        latest = now - timedelta(days=16)
    elif role == c.NEEDS_ORGANISER:
        latest = now - timedelta(days=12)
    out = []
    for week in range(-5, 7):
        local = datetime.combine(monday + timedelta(days=7 * week + weekday), starts).replace(tzinfo=zone)
        starts_at = local.astimezone(UTC)
        if earliest <= starts_at < latest:
            out.append((starts_at, (local + timedelta(minutes=minutes)).astimezone(UTC)))
    return out


def sessions(rng: random.Random, planned: Planned, now: datetime) -> list[GroupSession]:
    """The group's sessions (unsaved): a weekly series for most, a single first meeting for some, or none."""
    group, spec = planned.group, planned.spec
    length = planned.main.bit_count() * 30
    minutes = min(length, rng.choice((60, 90, 90, 120)))
    agendas = _AGENDAS_ES if spec.language == "es" else c.AGENDAS[spec.goal]
    weekly = spec.role in _KEPT or spec.role in (c.ARCHIVED, c.NEEDS_ORGANISER) or rng.random() < 0.85
    times = _occurrences(planned, minutes, now)
    series: uuid.UUID | None = _uuid(rng)
    if not weekly:
        series = None
        ahead = [t for t in times if now + timedelta(days=3) < t[0]]
        times = ahead[:1] if ahead and rng.random() < 0.5 else []
    rows: list[GroupSession] = []
    first_ahead = True
    for starts_at, ends_at in times:
        title, agenda = rng.choice(agendas)
        row = GroupSession(
            group=group,
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=group.time_zone,
            series=series,
            title=title if weekly else "First meeting",
            agenda=agenda,
            place=group.place,
            meeting_link=group.meeting_link,
            uid=_uuid(rng),
            created_by=planned.organiser.user,
        )
        keep = spec.role in _KEPT and first_ahead and starts_at > now
        if not keep and rng.random() < 0.04:
            row.status = GroupSession.Status.CANCELLED
            row.sequence = 1
        if starts_at > now:
            first_ahead = False
        rows.append(row)
    # Attendance is taken a little after each session, except the latest in some groups (the organiser's to do).
    held = [s for s in rows if s.ends_at <= now and s.status == GroupSession.Status.SCHEDULED]
    waiting = held[-1:] if held and (spec.role == c.MS1_ORGANISES or rng.random() < 0.25) else []
    for row in held:
        if row not in waiting:
            row.attendance_taken_at = min(
                now - timedelta(minutes=1), row.ends_at + timedelta(minutes=rng.randint(15, 600))
            )
    return rows


def _there(planned: Planned, at: datetime) -> list[User]:
    """Who was a member of the group at ``at``: active members who had joined, and those who left later."""
    people = [p.user for p in planned.active if planned.joined[p.pk] <= at]
    people += [
        row.person
        for row in planned.history
        if row.status == Membership.Status.LEFT and row.joined_at and row.joined_at <= at < (row.ended_at or at)
    ]
    return people


def attendance(rng: random.Random, planned: Planned, rows: list[GroupSession]) -> list[Attendance]:
    return [
        Attendance(session=s, person=person, present=rng.random() < PRESENT)
        for s in rows
        if s.attendance_taken_at is not None
        for person in _there(planned, s.starts_at)
    ]


def rsvps(rng: random.Random, planned: Planned, rows: list[GroupSession], now: datetime, ms1: User) -> list[Rsvp]:
    """Answers for the next two weeks; the MS1 log-in answered only for the next session of the group they run."""
    ahead = [s for s in rows if now < s.starts_at < now + RSVP_AHEAD and s.status == GroupSession.Status.SCHEDULED]
    out = []
    for index, session in enumerate(ahead):
        for person in _there(planned, now):
            if person.pk == ms1.pk:
                if index == 0 and planned.spec.role == c.MS1_ORGANISES:
                    out.append(Rsvp(session=session, person=person, answer=Rsvp.Answer.YES))
                continue
            if rng.random() < 0.6:
                answer = rng.choices((Rsvp.Answer.YES, Rsvp.Answer.MAYBE, Rsvp.Answer.NO), (70, 20, 10))[0]
                out.append(Rsvp(session=session, person=person, answer=answer))
    return out


def posts(rng: random.Random, planned: Planned, now: datetime) -> list[Post]:
    """A few posts on most boards, each with a link; ``created_at`` is set again after the insert."""
    people = planned.active
    if len(people) < 2 or rng.random() > 0.75:
        return []
    texts = c.POSTS_ES if planned.spec.language == "es" else c.POSTS
    topic = planned.spec.topic or planned.spec.name
    out = []
    for _n in range(rng.randint(1, 3)):
        author = rng.choice(people)
        since = max(planned.joined[author.pk], now - PAST)
        post = Post(
            group=planned.group,
            author=author.user,
            body=rng.choice(texts).format(topic=topic, slug=planned.slug),
            link=f"https://drive.demo.huddle.test/{planned.slug}" if rng.random() < 0.25 else "",
        )
        post.created_at = since + timedelta(seconds=rng.random() * max((now - since).total_seconds() - 3600, 0))
        out.append(post)
    return out


def report(planned: Planned, now: datetime, coordinator: User) -> ProblemReport | None:
    """The open report (a member worried about moved sessions) or the resolved one, per the group's role."""
    others = [p.user for p in planned.members] or [planned.organiser.user]
    if planned.spec.role == c.REPORTED:
        row = ProblemReport(group=planned.group, reporter=others[0], details=c.REPORT_OPEN)
        row.created_at = now - timedelta(days=2, hours=3)
        return row
    if planned.spec.role == c.RESOLVED:
        row = ProblemReport(
            group=planned.group,
            reporter=others[-1],
            details=c.REPORT_RESOLVED,
            status=ProblemReport.Status.RESOLVED,
            resolved_by=coordinator,
            resolution=c.RESOLUTION,
            resolved_at=now - timedelta(days=9),
        )
        row.created_at = now - timedelta(days=12)
        return row
    return None
