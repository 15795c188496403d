"""Access rows: the home app (dashboard, planned sections, calendar feed, health check).

Statuses in the order anonymous, ms1 (Alice, a mentee), ms3 (Sam, in no
program), mentor (Maya, Alice's mentor), faculty, coordinator, well-being.
"""

from django.urls import reverse

from tests.access.matrix import Row, url, value

ROWS = {
    "calendar": Row(url("calendar"), get="302 200 200 200 200 200 200", post="302 302 302 302 302 302 302"),
    "calendar_feed": Row(
        lambda w: reverse("calendar_feed", args=[w.feed.token]),
        get="200 200 200 200 200 200 200",
        post="405 405 405 405 405 405 405",
    ),
    "healthz": Row(url("healthz"), get="200 200 200 200 200 200 200", post="405 405 405 405 405 405 405"),
    "home": Row(url("home"), get="302 200 200 200 200 200 200", post="302 405 405 405 405 405 405"),
    "section": Row(
        url("section", value("initiatives")), get="302 200 200 200 200 200 200", post="302 405 405 405 405 405 405"
    ),
    # What the home page reveals: the well-being staff's reminder card.
    "home#wellbeing": Row(
        url("home"),
        get="302 200 200 200 200 200 200",
        post="302 405 405 405 405 405 405",
        marker=lambda w: "Well-being staff",
        sees="......x",
    ),
}
