"""Every URL name filled from the access world; the matrix and the walk share it."""

from collections.abc import Callable

from django.urls import reverse

from tests.home.access_world import World

Fill = Callable[[World], str]


def _r(name: str, *args: Callable[[World], object]) -> Fill:
    return lambda w: reverse(name, args=[arg(w) for arg in args])


def pk(attr: str) -> Callable[[World], object]:
    return lambda w: getattr(w, attr).pk


def value(v: object) -> Callable[[World], object]:
    return lambda w: v


PATHS: dict[str, Fill] = {
    # The home app.
    "home": _r("home"),
    "healthz": _r("healthz"),
    "section": _r("section", value("groups")),
    "calendar": _r("calendar"),
    "calendar_feed": lambda w: reverse("calendar_feed", args=[w.feed.token]),
    # People.
    "accounts:profile_edit": _r("accounts:profile_edit"),
    "accounts:language": _r("accounts:language"),
    "accounts:availability": _r("accounts:availability"),
    "accounts:time_zone_detect": _r("accounts:time_zone_detect"),
    "accounts:directory": _r("accounts:directory"),
    "accounts:profile": lambda w: reverse("accounts:profile", args=[w.people.ms1.pk]),
    "accounts:photo": lambda w: reverse("accounts:photo", args=[w.people.ms1.pk]),
    "accounts:roles": lambda w: reverse("accounts:roles", args=[w.people.ms1.pk]),
    "accounts:topics": _r("accounts:topics"),
    "accounts:roster_import": _r("accounts:roster_import"),
    "accounts:roster_preview": _r("accounts:roster_preview", pk("roster")),
    "accounts:roster_commit": _r("accounts:roster_commit", pk("roster")),
    "audit:log": _r("audit:log"),
    "notifications:list": _r("notifications:list"),
    "notifications:mark_read": _r("notifications:mark_read"),
    "notifications:preferences": _r("notifications:preferences"),
    "wellbeing:crisis": _r("wellbeing:crisis"),
    # Mentoring.
    "mentoring:home": _r("mentoring:home"),
    "mentoring:cycle_create": _r("mentoring:cycle_create"),
    "mentoring:cycle_detail": _r("mentoring:cycle_detail", pk("running")),
    "mentoring:cycle_edit": _r("mentoring:cycle_edit", pk("matching")),
    "mentoring:cycle_status": _r("mentoring:cycle_status", pk("running")),
    "mentoring:cycle_weights": _r("mentoring:cycle_weights", pk("matching")),
    "mentoring:weights_preview": _r("mentoring:weights_preview", pk("matching")),
    "mentoring:cycle_export": _r("mentoring:cycle_export", pk("running")),
    "mentoring:survey": _r("mentoring:survey", pk("running")),
    "mentoring:matching_start": _r("mentoring:matching_start", pk("matching")),
    "mentoring:matching_progress": _r("mentoring:matching_progress", pk("matching")),
    "mentoring:proposal": _r("mentoring:proposal", pk("matching")),
    "mentoring:proposal_lock": lambda w: reverse("mentoring:proposal_lock", args=[w.matching.pk, w.proposed.pk]),
    "mentoring:proposal_forbid": lambda w: reverse("mentoring:proposal_forbid", args=[w.matching.pk, w.proposed.pk]),
    "mentoring:proposal_move": lambda w: reverse(
        "mentoring:proposal_move", args=[w.matching.pk, "peer", w.proposed.mentee_id]
    ),
    "mentoring:cycle_publish": _r("mentoring:cycle_publish", pk("matching")),
    "mentoring:rematch": lambda w: reverse("mentoring:rematch", args=[w.running.pk, w.rematch_request.pk]),
    "mentoring:enroll": lambda w: reverse("mentoring:enroll", args=[w.self_select.pk, "mentee"]),
    "mentoring:withdraw": lambda w: reverse("mentoring:withdraw", args=[w.self_select.pk, "mentee"]),
    "mentoring:browse_mentors": _r("mentoring:browse_mentors", pk("self_select")),
    "mentoring:request_create": lambda w: reverse(
        "mentoring:request_create", args=[w.self_select.pk, w.self_select_mentor.pk]
    ),
    "mentoring:request_decide": lambda w: reverse("mentoring:request_decide", args=[w.mentor_request.pk, "decline"]),
    "mentoring:mentor_dashboard": _r("mentoring:mentor_dashboard"),
    "mentoring:pair_detail": _r("mentoring:pair_detail", pk("pair")),
    "mentoring:pair_meeting_log": _r("mentoring:pair_meeting_log", pk("pair")),
    "mentoring:pair_next_meeting": _r("mentoring:pair_next_meeting", pk("pair")),
    "mentoring:pair_meeting_cancel": _r("mentoring:pair_meeting_cancel", pk("pair")),
    "mentoring:pair_ics": _r("mentoring:pair_ics", pk("pair")),
    "mentoring:pair_goal_create": _r("mentoring:pair_goal_create", pk("pair")),
    "mentoring:pair_milestone_create": lambda w: reverse(
        "mentoring:pair_milestone_create", args=[w.pair.pk, w.goal.pk]
    ),
    "mentoring:pair_milestone_done": lambda w: reverse(
        "mentoring:pair_milestone_done", args=[w.pair.pk, w.milestone.pk]
    ),
    "mentoring:pair_check_in": _r("mentoring:pair_check_in", pk("pair")),
    "mentoring:pair_fit_check": _r("mentoring:pair_fit_check", pk("pair")),
    "mentoring:pair_rematch": _r("mentoring:pair_rematch", pk("pair")),
    "mentoring:pair_end": _r("mentoring:pair_end", pk("pair")),
    # The JSON API.
    "api:api-root": _r("api:api-root"),
    "api:openapi-json": _r("api:openapi-json"),
    "api:openapi-view": _r("api:openapi-view"),
    "api:me": _r("api:me"),
    "api:list_notifications": _r("api:list_notifications"),
    "api:mark_read": _r("api:mark_read"),
    "api:list_cycles": _r("api:list_cycles"),
    "api:cycle_pairs": lambda w: reverse("api:cycle_pairs", kwargs={"cycle_id": w.running.pk}),
}
