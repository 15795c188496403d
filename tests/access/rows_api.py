"""Access rows: the JSON API's operations.

Statuses in the order anonymous, ms1 (Alice, a mentee), ms3 (Sam, in no
program), mentor (Maya, Alice's mentor), faculty, coordinator, well-being.
"""

from django.urls import reverse

from tests.access.matrix import Row, url

ROWS = {
    "api:api-root": Row(url("api:api-root"), get="404 404 404 404 404 404 404", post="404 404 404 404 404 404 404"),
    "api:cycle_pairs": Row(
        lambda w: reverse("api:cycle_pairs", kwargs={"cycle_id": w.running.pk}),
        get="401 403 403 403 403 200 403",
        post="405 405 405 405 405 405 405",
    ),
    "api:list_cycles": Row(
        url("api:list_cycles"), get="401 200 200 200 200 200 200", post="405 405 405 405 405 405 405"
    ),
    "api:list_notifications": Row(
        url("api:list_notifications"), get="401 200 200 200 200 200 200", post="405 405 405 405 405 405 405"
    ),
    "api:mark_read": Row(url("api:mark_read"), get="405 405 405 405 405 405 405", post="401 400 400 400 400 400 400"),
    "api:me": Row(url("api:me"), get="401 200 200 200 200 200 200", post="405 405 405 405 405 405 405"),
    "api:openapi-json": Row(
        url("api:openapi-json"), get="200 200 200 200 200 200 200", post="200 200 200 200 200 200 200"
    ),
    "api:openapi-view": Row(
        url("api:openapi-view"), get="200 200 200 200 200 200 200", post="200 200 200 200 200 200 200"
    ),
}
