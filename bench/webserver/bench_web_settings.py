"""Django settings for ``bench/web.py``: Huddle's own settings, one URLconf more.

Why a module of its own: the baselines (a bare "ok" view) must be served by
the same gunicorn server, through the same middleware stack, as the pages
they are compared with, and the benchmark may not touch application code.
So this imports ``huddle.settings`` unchanged and only swaps the root URLconf
for one that adds the bare view in front of ``huddle.urls``.

``bench/web.py`` puts this folder on ``PYTHONPATH`` after the checkout under
test, so the same file also serves an older checkout (``--checkout``).
"""

import os

from huddle.settings import *  # noqa: F403

ROOT_URLCONF = "bench_web_urls"

# collectstatic writes into the benchmark's temporary folder, not the
# checkout's ``staticfiles/``; whitenoise serves the manifest from there.
if os.environ.get("HUDDLE_BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["HUDDLE_BENCH_STATIC_ROOT"]
