"""Access rows: peer listening (requests, conversations, handoff, reports, the staff queue) and its API.

Statuses in the order anonymous, ms1 (Alice, who talks anonymously with a
listener), ms3 (Sam, her listener), mentor (Maya, a student who only asked),
faculty, coordinator, well-being (Will). Alice agreed to a handoff, so
well-being staff may read and join her conversation (audited); faculty and
coordinators get 403/404 on every page of it. The world part is built the
first time a row asks for it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from huddle.listening.models import Conversation, Debrief, Listener, Message, Report
from tests.access.matrix import Row
from tests.access.world import World

WORDS = "A line only the two of them ever read"
STATE = "active-consented-0"


@dataclass
class Listening:
    conversation: Conversation
    expired: Conversation
    report: Report
    debrief: Debrief


def listening(w: World) -> Listening:
    built = getattr(w, "_listening", None)
    if built is None:
        alice, sam, maya = w.people.ms1, w.people.ms3, w.mentor
        now = timezone.now()
        Listener.objects.create(user=sam, hours="1" * 168)
        conversation = Conversation.objects.create(
            student=alice,
            anonymous=True,
            opening="Exam week",
            status=Conversation.Status.ACTIVE,
            listener=sam,
            handoff=Conversation.Handoff.CONSENTED,
            expires_at=now + timedelta(hours=2),
            accepted_at=now,
        )
        Message.objects.create(conversation=conversation, side=Message.Side.STUDENT, body=WORDS)
        expired = Conversation.objects.create(student=alice, anonymous=True, expires_at=now - timedelta(minutes=1))
        Conversation.objects.create(
            student=maya, anonymous=True, opening="Can't sleep", expires_at=now + timedelta(hours=1)
        )
        ended = Conversation.objects.create(
            student=maya, status=Conversation.Status.ENDED, listener=sam, expires_at=now, accepted_at=now, ended_at=now
        )
        report = Report.objects.create(conversation=ended, reporter=maya, reason=Report.Reason.OTHER)
        debrief = Debrief.objects.create(listener=sam, summary="")
        built = Listening(conversation, expired, report, debrief)
        w._listening = built  # type: ignore[attr-defined]
    return built


def at(name: str, part: str = "", query: str = "") -> "object":
    def fill(w: World) -> str:
        built = listening(w)
        values = {
            "conversation": built.conversation.pk,
            "expired": built.expired.pk,
            "report": built.report.pk,
            "debrief": built.debrief.pk,
        }
        return reverse(f"listening:{name}", args=[values[part]] if part else []) + query

    return fill


NOT_GET = "302 405 405 405 405 405 405"
NOT_POST = "302 405 405 405 405 405 405"
STAFF_ONLY_GET = "302 403 403 403 403 403 200"
STAFF_ONLY_POST = "302 403 403 403 403 403 302"
#: Alice, her listener and (on the handoff she agreed to) well-being staff; nobody else learns it exists.
PARTIES_GET = "302 200 200 404 404 404 200"

ROWS = {
    "listening:home": Row(at("home"), get="302 200 200 200 403 403 200", post=NOT_POST),
    # A student with a request waiting, anonymously: no page shows her name to the listener.
    "listening:home#anonymous": Row(
        at("home"),
        get="302 200 200 200 403 403 200",
        post=NOT_POST,
        marker=lambda w: w.mentor.last_name,
        sees=".......",
    ),
    "listening:request": Row(at("request"), get=NOT_GET, post="302 302 302 302 403 403 403"),
    "listening:conversation": Row(at("conversation", "conversation"), get=PARTIES_GET, post=NOT_POST),
    "listening:conversation#words": Row(
        at("conversation", "conversation"), get=PARTIES_GET, post=NOT_POST, marker=lambda w: WORDS, sees=".xx...x"
    ),
    "listening:conversation#anonymous": Row(
        at("conversation", "conversation"),
        get=PARTIES_GET,
        post=NOT_POST,
        marker=lambda w: w.people.ms1.last_name,
        sees=".......",
    ),
    "listening:messages": Row(
        at("messages", "conversation", query=f"?after=0&state={STATE}"), get=PARTIES_GET, post=NOT_POST
    ),
    "listening:messages#words": Row(
        at("messages", "conversation", query=f"?after=0&state={STATE}"),
        get=PARTIES_GET,
        post=NOT_POST,
        marker=lambda w: WORDS,
        sees=".xx...x",
    ),
    "listening:send": Row(at("send", "conversation"), get=NOT_GET, post="302 400 400 404 404 404 400"),
    "listening:contact_check": Row(
        at("contact_check", "conversation"), get=NOT_GET, post="302 200 200 404 404 404 204"
    ),
    "listening:cancel": Row(at("cancel", "expired"), get=NOT_GET, post="302 302 404 404 404 404 404"),
    # Accepting an expired request is refused for the listener whether or not their training is current.
    "listening:accept": Row(at("accept", "expired"), get=NOT_GET, post="302 403 400 403 403 403 403"),
    "listening:end": Row(at("end", "conversation"), get=NOT_GET, post="302 302 302 404 404 404 400"),
    "listening:handoff": Row(at("handoff", "conversation"), get=NOT_GET, post="302 400 400 404 404 404 400"),
    "listening:consent": Row(at("consent", "conversation"), get=NOT_GET, post="302 400 400 404 404 404 400"),
    "listening:join": Row(at("join", "conversation"), get=NOT_GET, post="302 400 400 404 404 404 302"),
    "listening:leave": Row(at("leave", "conversation"), get=NOT_GET, post="302 400 400 404 404 404 400"),
    "listening:report": Row(
        at("report", "conversation"), get="302 200 200 404 404 404 404", post="302 400 400 404 404 404 404"
    ),
    "listening:block": Row(at("block", "conversation"), get=NOT_GET, post="302 302 302 404 404 404 400"),
    "listening:volunteer": Row(at("volunteer"), get="302 200 200 200 403 403 403", post="302 400 400 400 403 403 403"),
    "listening:protocol": Row(at("protocol"), get="302 403 200 403 403 403 200", post=NOT_POST),
    "listening:debrief": Row(at("debrief"), get="302 403 200 403 403 403 403", post="302 403 400 403 403 403 403"),
    "listening:staff": Row(at("staff"), get=STAFF_ONLY_GET, post=NOT_POST),
    "listening:staff#anonymous": Row(
        at("staff"), get=STAFF_ONLY_GET, post=NOT_POST, marker=lambda w: w.people.ms1.last_name, sees="......."
    ),
    "listening:report_close": Row(at("report_close", "report"), get=NOT_GET, post=STAFF_ONLY_POST),
    "listening:debrief_done": Row(at("debrief_done", "debrief"), get=NOT_GET, post=STAFF_ONLY_POST),
    "listening:settings": Row(at("settings"), get=STAFF_ONLY_GET, post="302 403 403 403 403 403 400"),
    "api:listening_availability": Row(
        lambda w: reverse("api:listening_availability"),
        get="401 200 200 200 200 200 200",
        post="405 405 405 405 405 405 405",
    ),
}
