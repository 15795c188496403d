"""Access rows: study groups (finding, a group's pages, sessions, pools, coordinators' tools) and their API.

Statuses in the order anonymous, ms1 (Alice, who organises "Cardio crew"),
ms3 (Sam, a member of it), mentor (Maya, a student with nothing to do with
it), faculty, coordinator, well-being. Tom, another student, organises an
invite-only group and has asked to join Alice's. Sam's board post is read by
the group's members and coordinators only; his problem report by
coordinators only. A pool is open with Sam opted in and one proposed group.
The world part is built the first time a row asks for it.
"""

from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from huddle.groups.membership.services import membership_join, membership_request
from huddle.groups.models import (
    GroupSession,
    Membership,
    Pool,
    PoolEntry,
    Post,
    ProblemReport,
    ProposedGroup,
    ProposedMember,
    StudyGroup,
)
from huddle.groups.page.services import post_create, problem_report_create
from huddle.groups.pools.services import EntryDetails, PoolDetails, entry_save, pool_create
from huddle.groups.sessions.services import session_schedule
from huddle.groups.setup.services import group_create, invite_link_renew
from huddle.groups.weeks import week_bytes
from tests.access.matrix import Row
from tests.access.world import World
from tests.groups.factories import details, evenings
from tests.personas import make_person

BOARD = "Bring the murmur flashcards on Thursday"
PROBLEM = "Someone keeps sharing answers from the graded quiz"


@dataclass
class Groups:
    group: StudyGroup
    hidden: StudyGroup
    request: Membership
    sam: Membership
    session: GroupSession
    post: Post
    problem: ProblemReport
    pool: Pool
    proposed: ProposedGroup
    entry: PoolEntry


def groups(w: World) -> Groups:
    built = getattr(w, "_groups", None)
    if built is None:
        alice, sam = w.people.ms1, w.people.ms3
        group = group_create(organiser=alice, details=details(capacity=6, join_policy="open"))
        sam_row = membership_join(person=sam, group=group)
        StudyGroup.objects.filter(pk=group.pk).update(join_policy=StudyGroup.JoinPolicy.REQUEST)
        group.refresh_from_db()
        tom = make_person("tom.groups@school.test", "Tom", "Organiser", ["student"], 2)
        request = membership_request(person=tom, group=group, note="MS2, happy to share notes")
        hidden = group_create(organiser=tom, details=details(name="Quiet corner", listed=False))
        invite_link_renew(actor=tom, group=hidden)
        hidden.refresh_from_db()
        start = timezone.localdate() + timedelta(days=3)
        session = session_schedule(
            actor=alice, group=group, starts_on=start, starts=time(18), minutes=60, weekly_until=None
        )[0]
        post = post_create(author=sam, group=group, body=BOARD, link="")
        problem = problem_report_create(reporter=sam, group=group, details=PROBLEM)
        pool = pool_create(
            by=w.people.coordinator,
            details=PoolDetails(
                title="Block 2 groups",
                modality="virtual",
                min_size=2,
                max_size=4,
                min_common_hours=Decimal(2),
                protected_attributes=("First-generation student",),
            ),
        )
        entry = entry_save(
            student=sam,
            pool=pool,
            details=EntryDetails(goal="block_exam", modality="either", availability=week_bytes(evenings(1, 3))),
        )
        proposed = ProposedGroup.objects.create(pool=pool, number=1)
        ProposedMember.objects.create(proposed_group=proposed, entry=entry)
        built = Groups(group, hidden, request, sam_row, session, post, problem, pool, proposed, entry)
        w._groups = built  # type: ignore[attr-defined]
    return built


def _ids(g: Groups) -> dict[str, object]:
    return {
        "group": g.group.pk,
        "hidden": g.hidden.pk,
        "request": g.request.pk,
        "sam": g.sam.pk,
        "session": g.session.pk,
        "post": g.post.pk,
        "problem": g.problem.pk,
        "pool": g.pool.pk,
        "token": g.hidden.invite_token,
    }


def at(name: str, *parts: str) -> "object":
    def fill(w: World) -> str:
        values = _ids(groups(w))
        return reverse(f"groups:{name}", args=[values[p] for p in parts])

    return fill


def api(name: str, **parts: str) -> "object":
    def fill(w: World) -> str:
        values = _ids(groups(w))
        return reverse(f"api:{name}", kwargs={k: values[v] for k, v in parts.items()} or None)

    return fill


ROWS: dict[str, Row] = {
    "groups:home": Row(at("home"), get="302 200 200 200 200 200 200", post="302 405 405 405 405 405 405"),
    "groups:find": Row(at("find"), get="302 200 200 200 200 200 200", post="302 405 405 405 405 405 405"),
    "groups:new": Row(at("new"), get="302 200 200 200 403 403 403", post="302 400 400 400 403 403 403"),
    "groups:edit": Row(at("edit", "group"), get="302 200 403 403 403 200 403", post="302 400 403 403 403 400 403"),
    "groups:invite": Row(at("invite", "group"), get="302 405 405 405 405 405 405", post="302 400 403 403 403 400 403"),
    "groups:archive": Row(
        at("archive", "group"), get="302 200 403 403 403 200 403", post="302 302 403 403 403 302 403"
    ),
    "groups:join": Row(at("join", "group"), get="302 405 405 405 405 405 405", post="302 409 409 409 403 403 403"),
    "groups:request": Row(
        at("request", "group"), get="302 405 405 405 405 405 405", post="302 409 409 302 403 403 403"
    ),
    "groups:invitation": Row(
        at("invitation", "token"), get="302 200 200 200 200 200 200", post="302 405 405 405 405 405 405"
    ),
    "groups:leave": Row(at("leave", "group"), get="302 405 405 405 405 405 405", post="302 302 302 409 409 409 409"),
    "groups:withdraw": Row(
        at("withdraw", "request"), get="302 405 405 405 405 405 405", post="302 404 404 404 404 404 404"
    ),
    "groups:approve": Row(
        at("approve", "request"), get="302 405 405 405 405 405 405", post="302 302 403 403 403 302 403"
    ),
    "groups:decline": Row(
        at("decline", "request"), get="302 405 405 405 405 405 405", post="302 302 403 403 403 302 403"
    ),
    "groups:remove": Row(at("remove", "sam"), get="302 405 405 405 405 405 405", post="302 302 403 403 403 302 403"),
    "groups:hand_over": Row(
        at("hand_over", "sam"), get="302 405 405 405 405 405 405", post="302 302 403 403 403 409 403"
    ),
    "groups:make_organiser": Row(
        at("make_organiser", "sam"), get="302 405 405 405 405 405 405", post="302 302 403 403 403 302 403"
    ),
    "groups:session_new": Row(
        at("session_new", "group"), get="302 200 403 403 403 200 403", post="302 400 403 403 403 400 403"
    ),
    "groups:session": Row(
        at("session", "session"), get="302 200 200 403 403 200 403", post="302 405 405 405 405 405 405"
    ),
    "groups:session_edit": Row(
        at("session_edit", "session"), get="302 200 403 403 403 200 403", post="302 400 403 403 403 400 403"
    ),
    "groups:session_cancel": Row(
        at("session_cancel", "session"), get="302 200 403 403 403 200 403", post="302 400 403 403 403 400 403"
    ),
    "groups:rsvp": Row(at("rsvp", "session"), get="302 405 405 405 405 405 405", post="302 302 302 403 403 403 403"),
    "groups:attendance": Row(
        at("attendance", "session"), get="302 200 403 403 403 200 403", post="302 400 403 403 403 400 403"
    ),
    "groups:pools": Row(at("pools"), get="302 200 200 200 403 200 403", post="302 405 405 405 405 405 405"),
    "groups:pool_new": Row(at("pool_new"), get="302 403 403 403 403 200 403", post="302 403 403 403 403 200 403"),
    "groups:pool": Row(at("pool", "pool"), get="302 403 403 403 403 200 403", post="302 405 405 405 405 405 405"),
    "groups:pool_edit": Row(
        at("pool_edit", "pool"), get="302 403 403 403 403 200 403", post="302 403 403 403 403 200 403"
    ),
    "groups:opt_in": Row(at("opt_in", "pool"), get="302 200 200 200 403 403 403", post="302 400 400 400 403 403 403"),
    "groups:opt_out": Row(at("opt_out", "pool"), get="302 405 405 405 405 405 405", post="302 302 302 302 403 403 403"),
    "groups:pool_close": Row(
        at("pool_close", "pool"), get="302 405 405 405 405 405 405", post="302 403 403 403 403 302 403"
    ),
    "groups:pool_run": Row(
        at("pool_run", "pool"), get="302 405 405 405 405 405 405", post="302 403 403 403 403 302 403"
    ),
    "groups:pool_progress": Row(
        at("pool_progress", "pool"), get="302 403 403 403 403 200 403", post="302 405 405 405 405 405 405"
    ),
    "groups:pool_proposal": Row(
        at("pool_proposal", "pool"), get="302 403 403 403 403 200 403", post="302 405 405 405 405 405 405"
    ),
    "groups:pool_move": Row(
        at("pool_move", "pool"), get="302 405 405 405 405 405 405", post="302 403 403 403 403 302 403"
    ),
    "groups:pool_lock": Row(
        at("pool_lock", "pool"), get="302 405 405 405 405 405 405", post="302 403 403 403 403 400 403"
    ),
    "groups:pool_publish": Row(
        at("pool_publish", "pool"), get="302 405 405 405 405 405 405", post="302 403 403 403 403 302 403"
    ),
    "groups:activity": Row(at("activity"), get="302 403 403 403 403 200 403", post="302 405 405 405 405 405 405"),
    "groups:post": Row(at("post", "group"), get="302 405 405 405 405 405 405", post="302 400 400 403 403 403 403"),
    "groups:post_remove": Row(
        at("post_remove", "post"), get="302 405 405 405 405 405 405", post="302 302 302 404 404 302 404"
    ),
    "groups:report": Row(at("report", "group"), get="302 200 200 403 403 403 403", post="302 400 400 403 403 403 403"),
    "groups:problems": Row(
        at("problems"),
        get="302 403 403 403 403 200 403",
        post="302 405 405 405 405 405 405",
        marker=lambda w: PROBLEM,
        sees=".....x.",
    ),
    "groups:problem_resolve": Row(
        at("problem_resolve", "problem"), get="302 405 405 405 405 405 405", post="302 403 403 403 403 400 403"
    ),
    "groups:group": Row(
        at("group", "group"),
        get="302 200 200 200 200 200 200",
        post="302 405 405 405 405 405 405",
        marker=lambda w: BOARD,
        sees=".xx..x.",
    ),
    "groups:group#hidden": Row(
        at("group", "hidden"), get="302 404 404 404 404 200 404", post="302 405 405 405 405 405 405"
    ),
    "api:groups_find": Row(api("groups_find"), get="401 200 200 200 200 200 200", post="405 405 405 405 405 405 405"),
    "api:groups_mine": Row(api("groups_mine"), get="401 200 200 200 200 200 200", post="405 405 405 405 405 405 405"),
    "api:groups_detail": Row(
        api("groups_detail", group_id="group"), get="401 200 200 200 200 200 200", post="405 405 405 405 405 405 405"
    ),
    "api:groups_detail#hidden": Row(
        api("groups_detail", group_id="hidden"), get="401 404 404 404 404 200 404", post="405 405 405 405 405 405 405"
    ),
    "api:groups_join": Row(
        api("groups_join", group_id="group"), get="405 405 405 405 405 405 405", post="401 400 400 400 400 400 400"
    ),
    "api:groups_request": Row(
        api("groups_request", group_id="group"), get="405 405 405 405 405 405 405", post="401 400 400 400 400 400 400"
    ),
    "api:groups_leave": Row(
        api("groups_leave", group_id="group"), get="405 405 405 405 405 405 405", post="401 200 200 409 409 409 409"
    ),
    "api:groups_sessions": Row(
        api("groups_sessions", group_id="group"), get="401 200 200 200 200 200 200", post="405 405 405 405 405 405 405"
    ),
    "api:groups_rsvp": Row(
        api("groups_rsvp", session_id="session"), get="405 405 405 405 405 405 405", post="401 400 400 400 400 400 400"
    ),
}
