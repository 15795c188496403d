"""Access rows: mentoring programs and pair spaces.

Statuses in the order anonymous, ms1 (Alice, a mentee), ms3 (Sam, in no
program), mentor (Maya, Alice's mentor), faculty, coordinator, well-being.
"""

from django.urls import reverse

from tests.access.matrix import Row, pk, url
from tests.access.world import PAIR_NOTE

ROWS = {
    "mentoring:browse_mentors": Row(
        url("mentoring:browse_mentors", pk("self_select")),
        get="302 200 404 404 404 404 404",
        post="302 405 405 405 405 405 405",
    ),
    "mentoring:cycle_create": Row(
        url("mentoring:cycle_create"), get="302 403 403 403 403 200 403", post="302 403 403 403 403 200 403"
    ),
    "mentoring:cycle_detail": Row(
        url("mentoring:cycle_detail", pk("running")),
        get="302 403 403 403 403 200 403",
        post="302 405 405 405 405 405 405",
    ),
    "mentoring:cycle_edit": Row(
        url("mentoring:cycle_edit", pk("matching")),
        get="302 403 403 403 403 200 403",
        post="302 403 403 403 403 200 403",
    ),
    "mentoring:cycle_export": Row(
        url("mentoring:cycle_export", pk("running")),
        get="302 403 403 403 403 200 403",
        post="302 405 405 405 405 405 405",
    ),
    "mentoring:cycle_publish": Row(
        url("mentoring:cycle_publish", pk("matching")),
        get="302 405 405 405 405 405 405",
        post="302 403 403 403 403 302 403",
    ),
    "mentoring:cycle_status": Row(
        url("mentoring:cycle_status", pk("running")),
        get="302 405 405 405 405 405 405",
        post="302 403 403 403 403 302 403",
    ),
    "mentoring:cycle_weights": Row(
        url("mentoring:cycle_weights", pk("matching")),
        get="302 403 403 403 403 200 403",
        post="302 403 403 403 403 200 403",
    ),
    "mentoring:enroll": Row(
        lambda w: reverse("mentoring:enroll", args=[w.self_select.pk, "mentee"]),
        get="302 200 403 403 403 403 403",
        post="302 200 403 403 403 403 403",
    ),
    "mentoring:home": Row(url("mentoring:home"), get="302 200 200 200 200 200 200", post="302 405 405 405 405 405 405"),
    "mentoring:matching_progress": Row(
        url("mentoring:matching_progress", pk("matching")),
        get="302 403 403 403 403 200 403",
        post="302 405 405 405 405 405 405",
    ),
    "mentoring:matching_start": Row(
        url("mentoring:matching_start", pk("matching")),
        get="302 405 405 405 405 405 405",
        post="302 403 403 403 403 302 403",
    ),
    "mentoring:mentor_dashboard": Row(
        url("mentoring:mentor_dashboard"), get="302 200 200 200 200 200 200", post="302 405 405 405 405 405 405"
    ),
    "mentoring:pair_check_in": Row(
        url("mentoring:pair_check_in", pk("pair")),
        get="302 405 405 405 405 405 405",
        post="302 200 404 200 404 403 404",
    ),
    "mentoring:pair_detail": Row(
        url("mentoring:pair_detail", pk("pair")), get="302 200 404 200 404 200 404", post="302 405 405 405 405 405 405"
    ),
    "mentoring:pair_end": Row(
        url("mentoring:pair_end", pk("pair")), get="302 405 405 405 405 405 405", post="302 200 404 200 404 200 404"
    ),
    "mentoring:pair_fit_check": Row(
        url("mentoring:pair_fit_check", pk("pair")),
        get="302 405 405 405 405 405 405",
        post="302 200 404 200 404 403 404",
    ),
    "mentoring:pair_goal_create": Row(
        url("mentoring:pair_goal_create", pk("pair")),
        get="302 405 405 405 405 405 405",
        post="302 200 404 200 404 403 404",
    ),
    "mentoring:pair_ics": Row(
        url("mentoring:pair_ics", pk("pair")), get="302 200 404 200 404 403 404", post="302 405 405 405 405 405 405"
    ),
    "mentoring:pair_meeting_cancel": Row(
        url("mentoring:pair_meeting_cancel", pk("pair")),
        get="302 405 405 405 405 405 405",
        post="302 302 404 302 404 403 404",
    ),
    "mentoring:pair_meeting_log": Row(
        url("mentoring:pair_meeting_log", pk("pair")),
        get="302 405 405 405 405 405 405",
        post="302 200 404 200 404 403 404",
    ),
    "mentoring:pair_milestone_create": Row(
        lambda w: reverse("mentoring:pair_milestone_create", args=[w.pair.pk, w.goal.pk]),
        get="302 405 405 405 405 405 405",
        post="302 200 404 200 404 403 404",
    ),
    "mentoring:pair_milestone_done": Row(
        lambda w: reverse("mentoring:pair_milestone_done", args=[w.pair.pk, w.milestone.pk]),
        get="302 405 405 405 405 405 405",
        post="302 302 404 302 404 403 404",
    ),
    "mentoring:pair_next_meeting": Row(
        url("mentoring:pair_next_meeting", pk("pair")),
        get="302 405 405 405 405 405 405",
        post="302 200 404 200 404 403 404",
    ),
    "mentoring:pair_rematch": Row(
        url("mentoring:pair_rematch", pk("pair")), get="302 405 405 405 405 405 405", post="302 200 404 302 404 403 404"
    ),
    "mentoring:proposal": Row(
        url("mentoring:proposal", pk("matching")), get="302 403 403 403 403 200 403", post="302 405 405 405 405 405 405"
    ),
    "mentoring:proposal_forbid": Row(
        lambda w: reverse("mentoring:proposal_forbid", args=[w.matching.pk, w.proposed.pk]),
        get="302 405 405 405 405 405 405",
        post="302 403 403 403 403 302 403",
    ),
    "mentoring:proposal_lock": Row(
        lambda w: reverse("mentoring:proposal_lock", args=[w.matching.pk, w.proposed.pk]),
        get="302 405 405 405 405 405 405",
        post="302 403 403 403 403 302 403",
    ),
    "mentoring:proposal_move": Row(
        lambda w: reverse("mentoring:proposal_move", args=[w.matching.pk, "peer", w.proposed.mentee_id]),
        get="302 403 403 403 403 200 403",
        post="302 403 403 403 403 400 403",
    ),
    "mentoring:rematch": Row(
        lambda w: reverse("mentoring:rematch", args=[w.running.pk, w.rematch_request.pk]),
        get="302 403 403 403 403 200 403",
        post="302 403 403 403 403 400 403",
    ),
    "mentoring:request_create": Row(
        lambda w: reverse("mentoring:request_create", args=[w.self_select.pk, w.self_select_mentor.pk]),
        get="302 405 405 405 405 405 405",
        post="302 302 404 404 404 404 404",
    ),
    "mentoring:request_decide": Row(
        lambda w: reverse("mentoring:request_decide", args=[w.mentor_request.pk, "decline"]),
        get="302 405 405 405 405 405 405",
        post="302 302 404 302 404 404 404",
    ),
    "mentoring:survey": Row(
        url("mentoring:survey", pk("running")), get="302 200 403 200 403 403 403", post="302 200 403 200 403 403 403"
    ),
    "mentoring:weights_preview": Row(
        url("mentoring:weights_preview", pk("matching")),
        get="302 405 405 405 405 405 405",
        post="302 403 403 403 403 200 403",
    ),
    "mentoring:withdraw": Row(
        lambda w: reverse("mentoring:withdraw", args=[w.self_select.pk, "mentee"]),
        get="302 405 405 405 405 405 405",
        post="302 302 404 404 404 404 404",
    ),
    # What a page reveals: the pair's notes, forms on an ended pair, the program's own ending.
    "mentoring:pair_detail#notes": Row(
        url("mentoring:pair_detail", pk("pair")),
        get="302 200 404 200 404 200 404",
        post="302 405 405 405 405 405 405",
        marker=lambda w: PAIR_NOTE,
        sees=".x.x...",
    ),
    "mentoring:pair_detail#ended": Row(
        url("mentoring:pair_detail", pk("ended_pair")),
        get="302 200 404 200 404 200 404",
        post="302 405 405 405 405 405 405",
        marker=lambda w: reverse("mentoring:pair_meeting_log", args=[w.ended_pair.pk]),
        sees=".......",
    ),
    "mentoring:pair_detail#withdraw": Row(
        url("mentoring:pair_detail", pk("pair")),
        get="302 200 404 200 404 200 404",
        post="302 405 405 405 405 405 405",
        marker=lambda w: 'value="withdrawn"',
        sees=".....x.",
    ),
    "mentoring:enroll#draft": Row(
        lambda w: reverse("mentoring:enroll", args=[w.draft.pk, "mentee"]),
        # Only coordinators see a draft; students, faculty and mentors get 404 as if it did not exist.
        get="302 404 404 404 404 403 403",
        post="302 404 404 404 404 403 403",
    ),
}
