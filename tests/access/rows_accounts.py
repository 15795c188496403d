"""Access rows: people, roles, roster, notifications, audit log and the crisis page.

Statuses in the order anonymous, ms1 (Alice, a mentee), ms3 (Sam, in no
program), mentor (Maya, Alice's mentor), faculty, coordinator, well-being.
"""

from django.urls import reverse

from tests.access.matrix import Row, pk, url
from tests.access.world import ACCESSIBILITY_NOTE, INACTIVE_NAME

ROWS = {
    "accounts:availability": Row(
        url("accounts:availability"), get="302 200 200 200 200 200 200", post="302 400 400 400 400 400 400"
    ),
    "accounts:directory": Row(
        url("accounts:directory"), get="302 200 200 200 200 200 200", post="302 405 405 405 405 405 405"
    ),
    "accounts:language": Row(
        url("accounts:language"), get="405 405 405 405 405 405 405", post="400 400 400 400 400 400 400"
    ),
    "accounts:photo": Row(
        lambda w: reverse("accounts:photo", args=[w.people.ms1.pk]),
        get="302 200 404 404 200 200 404",
        post="302 405 405 405 405 405 405",
    ),
    "accounts:profile": Row(
        lambda w: reverse("accounts:profile", args=[w.people.ms1.pk]),
        get="302 200 200 200 200 200 200",
        post="302 405 405 405 405 405 405",
    ),
    "accounts:profile_edit": Row(
        url("accounts:profile_edit"), get="302 200 200 200 200 200 200", post="302 400 400 400 400 400 400"
    ),
    "accounts:roles": Row(
        lambda w: reverse("accounts:roles", args=[w.people.ms1.pk]),
        get="302 403 403 403 403 200 403",
        post="302 403 403 403 403 302 403",
    ),
    "accounts:roster_commit": Row(
        url("accounts:roster_commit", pk("roster")),
        get="302 405 405 405 405 405 405",
        post="302 403 403 403 403 302 403",
    ),
    "accounts:roster_import": Row(
        url("accounts:roster_import"), get="302 403 403 403 403 200 403", post="302 403 403 403 403 400 403"
    ),
    "accounts:roster_preview": Row(
        url("accounts:roster_preview", pk("roster")),
        get="302 403 403 403 403 200 403",
        post="302 403 403 403 403 302 403",
    ),
    "accounts:time_zone_detect": Row(
        url("accounts:time_zone_detect"), get="302 405 405 405 405 405 405", post="302 400 400 400 400 400 400"
    ),
    "accounts:topics": Row(
        url("accounts:topics"), get="302 403 403 403 403 200 403", post="302 403 403 403 403 400 403"
    ),
    "audit:log": Row(url("audit:log"), get="302 403 403 403 403 200 403", post="302 405 405 405 405 405 405"),
    "notifications:list": Row(
        url("notifications:list"), get="302 200 200 200 200 200 200", post="302 405 405 405 405 405 405"
    ),
    "notifications:mark_read": Row(
        url("notifications:mark_read"), get="302 405 405 405 405 405 405", post="302 302 302 302 302 302 302"
    ),
    "notifications:preferences": Row(
        url("notifications:preferences"), get="302 405 405 405 405 405 405", post="302 302 302 302 302 302 302"
    ),
    "wellbeing:crisis": Row(
        url("wellbeing:crisis"), get="200 200 200 200 200 200 200", post="405 405 405 405 405 405 405"
    ),
    # What a page reveals: private accessibility notes, deactivated people.
    "accounts:profile#notes": Row(
        lambda w: reverse("accounts:profile", args=[w.people.ms1.pk]),
        get="302 200 200 200 200 200 200",
        post="302 405 405 405 405 405 405",
        marker=lambda w: ACCESSIBILITY_NOTE,
        sees=".x...x.",
    ),
    "accounts:directory#inactive": Row(
        url("accounts:directory"),
        get="302 200 200 200 200 200 200",
        post="302 405 405 405 405 405 405",
        marker=lambda w: INACTIVE_NAME,
        sees=".....x.",
    ),
}
