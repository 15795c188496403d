"""The demo school's peer listeners: trained seniors with listening hours, a few recent conversations, one open request.

Listeners are whoever the training qualifies among MS3 and MS4 students (the
training demo qualifies about a dozen; with no training requirements every
senior qualifies, and the first twelve are taken). Conversations are recent
because retention deletes their words. Rows are written directly: a demo
invents the past and must not notify anyone. Running it twice adds nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from huddle.accounts.demo import DEMO_DOMAIN, MS3_EMAIL
from huddle.accounts.models import Role, User
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.lib.registry import DemoSize
from huddle.listening.hours import hours_from_ranges
from huddle.listening.models import Block, Conversation, Debrief, Listener, Message, Report

LISTENERS = 12

#: Evening and weekend blocks, staggered so some listener is on duty most evenings.
_SHIFTS = (
    [(18, 22), None, (18, 22), None, (18, 22), None, (10, 14)],
    [None, (19, 23), None, (19, 23), None, (14, 18), None],
    [(12, 14), (12, 14), (12, 14), (12, 14), (12, 14), None, None],
    [(20, 24), (20, 24), None, None, (20, 24), (20, 24), (20, 24)],
)

_LOG_IN_SHIFT: list[tuple[int, int] | None] = [(7, 23)] * 7

_CONVERSATIONS = (
    (
        True,
        "Failed my first block exam and can't stop spiralling",
        [
            ("student", "I failed the cardio block exam. Everyone else seems fine and I feel like a fraud."),
            ("listener", "That sounds really heavy. I'm glad you reached out. What has the last day been like?"),
            ("student", "Mostly staring at my notes. I haven't told anyone."),
            ("listener", "Keeping that to yourself is exhausting. A lot of us have been exactly there, me included."),
            ("student", "Thanks. It helps to hear it out loud."),
        ],
    ),
    (
        False,
        "Homesick and lonely this month",
        [
            ("student", "First winter away from home and I haven't really made friends yet."),
            ("listener", "Moving far away for school is a lot. What used to help when you felt like this before?"),
            ("student", "Cooking with my family. Maybe I could invite my lab group over."),
            ("listener", "That sounds like a warm idea. How would you feel about asking one of them this week?"),
        ],
    ),
    (
        True,
        "",
        [
            ("student", "Just need to vent about rotations scheduling."),
            ("listener", "I'm here. Vent away."),
        ],
    ),
)


def _qualified_seniors() -> list[User]:
    seniors = User.objects.filter(
        email__endswith=f"@{DEMO_DOMAIN}", is_active=True, roles__role=Role.STUDENT, profile__class_year__in=[3, 4]
    ).order_by("pk")
    found = []
    for person in seniors:
        if qualification_for(person=person, role=PeerRole.LISTENER).qualified:
            found.append(person)
            if len(found) == LISTENERS:
                break
    return found


def _juniors(count: int) -> list[User]:
    return list(
        User.objects.filter(
            email__endswith=f"@{DEMO_DOMAIN}", is_active=True, roles__role=Role.STUDENT, profile__class_year__in=[1, 2]
        ).order_by("pk")[:count]
    )


@transaction.atomic
def demo_listening_step(size: DemoSize) -> list[str]:
    listeners = _qualified_seniors()
    if not listeners:
        return ["Peer listening: no senior student qualifies as a listener yet (run the training demo first)."]
    for index, person in enumerate(listeners):
        # The MS3 demo log-in listens every day from 07:00 to 23:00, so a visitor finds someone on duty.
        shift = _LOG_IN_SHIFT if person.email == MS3_EMAIL else _SHIFTS[index % len(_SHIFTS)]
        Listener.objects.get_or_create(
            user=person,
            defaults={"hours": hours_from_ranges(shift), "paused": index == 5 and shift is not _LOG_IN_SHIFT},
        )
    if Conversation.objects.filter(student__email__endswith=f"@{DEMO_DOMAIN}").exists():
        return [f"Peer listening: {len(listeners)} listeners (conversations already there)."]
    students = _juniors(len(_CONVERSATIONS) + 1)
    now = timezone.now()
    for index, (anonymous, opening, lines) in enumerate(_CONVERSATIONS):
        if index >= len(students):
            break
        started = now - timedelta(days=index + 1, hours=2)
        conversation = Conversation.objects.create(
            student=students[index],
            anonymous=anonymous,
            opening=opening,
            status=Conversation.Status.ENDED,
            listener=listeners[index % len(listeners)],
            expires_at=started + timedelta(hours=2),
            accepted_at=started + timedelta(minutes=3),
            ended_at=started + timedelta(minutes=40),
        )
        Message.objects.bulk_create(
            [Message(conversation=conversation, side=side, body=body) for side, body in lines]
            + [Message(conversation=conversation, side=Message.Side.SYSTEM, body="The conversation ended.")]
        )
    if len(students) > len(_CONVERSATIONS):
        Conversation.objects.create(
            student=students[len(_CONVERSATIONS)],
            anonymous=True,
            opening="Struggling to sleep before Step 1",
            expires_at=now + timedelta(hours=24),
        )
    return [
        f"Peer listening: {len(listeners)} listeners (the MS3 log-in among them, on duty 07:00–23:00), "
        f"{len(_CONVERSATIONS)} recent conversations, 1 open request."
    ]


@transaction.atomic
def demo_listening_delete() -> list[str]:
    demo = f"@{DEMO_DOMAIN}"
    Report.objects.filter(conversation__student__email__endswith=demo).delete()
    count, _kinds = Conversation.objects.filter(student__email__endswith=demo).delete()
    Block.objects.filter(blocker__email__endswith=demo).delete()
    Debrief.objects.filter(listener__email__endswith=demo).delete()
    listeners, _kinds = Listener.objects.filter(user__email__endswith=demo).delete()
    return [f"Peer listening: removed {listeners} listeners and {count} rows of conversations."]
