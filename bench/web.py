"""Web benchmark: Huddle's main pages against a bare view in the same server.

    .venv/bin/python bench/web.py [--seconds 5] [--connections 32] [--only PAGE ...]
                                  [--checkout DIR] [--keep-db] [--json FILE]

Why this shape (issue 8, "Pages that stay fast"): a page's throughput means
little on a shared 2-core machine unless it is compared, in the same run and
the same server, with what the server can do at all. So one run

1. creates a throw-away PostgreSQL database, migrates it, loads the demo
   school (``seed_demo`` with ``DEBUG=true``, for seeding only), runs
   ``collectstatic`` into a temporary folder;
2. starts gunicorn (2 sync workers, production settings: ``DEBUG=false``,
   whitenoise manifest storage, database sessions and cache) with
   ``bench/webserver/bench_web_settings.py``, which adds ``/bench/ok`` to
   Huddle's URLs without touching application code;
3. signs in as demo people through the real allauth log-in form (CSRF
   token, password, TOTP code for the coordinator) and keeps their cookies;
4. loads the bare view without and with a session and ``/healthz``, then
   every page in ``PAGES`` with ``wrk`` (32 connections), after checking
   that the page answers 200 for that persona; right before each page it
   loads the bare view again without and with that persona's session (the
   references the page's ratios use), then warms the page up, then times it;
   the baselines run once more at the end;
5. prints one table with req/s, the ratios to both references, p50/p99,
   non-2xx answers, the HTML size, the server's CPU time per request
   (gunicorn workers + this database's PostgreSQL backends, from /proc) and
   the ratio that CPU time gives, and PASS/FAIL against the targets (on
   req/s, as issue 8 states them), then stops gunicorn and drops the
   database (also on error or Ctrl-C).

On this shared machine req/s follows the neighbours' load from second to
second; the CPU per request does not, so the CPU ratio is the cross-check
when a req/s ratio looks odd.

Cookies are ``Secure`` in production; wrk and this script send them as a
plain ``Cookie`` header over HTTP on 127.0.0.1, which is what a browser does
behind the TLS proxy. Add a page to ``PAGES`` when an app gains one.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import platform
import re
import resource
import secrets
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from types import FrameType
from urllib.parse import urlencode, urlsplit

import psycopg
from psycopg import sql

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SUPPORT = HERE / "webserver"  # bench_web_settings.py, bench_web_urls.py
SETTINGS_MODULE = "bench_web_settings"
HOST = "127.0.0.1"
#: Linux's process table: load, CPU and machine facts come from it; elsewhere they read "n/a"/"?" or stay empty.
PROC = Path("/proc")

# -- Targets (issue 8) ---------------------------------------------------------
PAGE_MIN_RATIO = 0.40  # of the bare view with a session
STACK_MIN_RATIO = 0.50  # the session-and-auth stack, of the bare view
MAX_HTML_BYTES = 30_000  # "no page over 30 kB of HTML without a reason"

# -- Demo people (README.md, huddle/accounts/demo.py) --------------------------
DEMO_PASSWORD = "huddle-demo-2026"  # noqa: S105 - public demo password


@dataclass(frozen=True)
class Persona:
    key: str
    email: str
    totp_secret: str | None = None


PERSONAS = {
    p.key: p
    for p in (
        Persona("ms1", "ms1.student@demo.huddle.test"),
        Persona("ms3", "ms3.student@demo.huddle.test"),
        Persona("faculty", "faculty@demo.huddle.test"),
        Persona("coordinator", "coordinator@demo.huddle.test", "HUDDLEDEMOCOORD2"),
        Persona("wellbeing", "wellbeing@demo.huddle.test", "HUDDLEDEMOWELLB3"),
    )
}


@dataclass(frozen=True)
class Page:
    """One row of the benchmark: ``path`` may use the ids found by ``find_ids``."""

    name: str
    persona: str
    path: str


#: The main pages, each with the persona who sees it. Later apps add theirs.
PAGES: tuple[Page, ...] = (
    Page("home", "ms1", "/"),
    Page("home (coordinator)", "coordinator", "/"),
    Page("home (faculty)", "faculty", "/"),
    Page("mentoring home", "ms1", "/mentoring/"),
    Page("mentoring home (coordinator)", "coordinator", "/mentoring/"),
    Page("people directory", "ms1", "/people/"),
    Page("profile (other person)", "ms1", "/people/{ms3_user}/"),
    Page("profile edit", "ms1", "/people/me/"),
    Page("availability", "ms1", "/people/me/availability/"),
    Page("notifications", "ms1", "/notifications/"),
    Page("crisis resources", "ms1", "/wellbeing/crisis/"),
    Page("calendar feed page", "ms1", "/calendar/"),
    Page("mentor dashboard (mentee)", "ms1", "/mentoring/pairs/mine/"),
    # The demo's MS3 student is enrolled as a peer mentor but the engine gave
    # them no mentee, so their dashboard is the empty state; faculty has three.
    Page("mentor dashboard (MS3, no mentees)", "ms3", "/mentoring/pairs/mine/"),
    Page("mentor dashboard (faculty)", "faculty", "/mentoring/pairs/mine/"),
    Page("pair page (mentee)", "ms1", "/mentoring/pairs/{ms1_pair}/"),
    Page("pair page (mentor)", "faculty", "/mentoring/pairs/{faculty_pair}/"),
    # A pair without rematch requests: the staff view writes no audit row.
    Page("pair page (coordinator)", "coordinator", "/mentoring/pairs/{ms1_pair}/"),
    Page("running cycle", "coordinator", "/mentoring/cycles/{running_cycle}/"),
    Page("proposal, peer tier", "coordinator", "/mentoring/cycles/{running_cycle}/proposal/?tier=peer"),
    Page("proposal, faculty tier", "coordinator", "/mentoring/cycles/{running_cycle}/proposal/?tier=faculty"),
    Page("enrolling cycle", "coordinator", "/mentoring/cycles/{enrolling_cycle}/"),
    Page("audit log", "coordinator", "/audit/"),
    Page("roster import", "coordinator", "/people/roster/"),
    Page("Q&A home", "ms1", "/forum/"),
    Page("Q&A space", "ms1", "/forum/spaces/cardiovascular-0/"),
    Page("Q&A thread", "ms1", "/forum/threads/{forum_thread}/"),
    Page("Q&A thread (faculty)", "faculty", "/forum/threads/{forum_thread}/"),
    Page("Q&A search", "ms1", "/forum/search/?q=physiology"),
    Page("Q&A ask", "ms1", "/forum/spaces/cardiovascular-0/ask/"),
    Page("well-being home", "ms1", "/wellbeing/"),
    Page("check-in", "ms1", "/wellbeing/check-in/"),
    Page("check-in trend", "ms3", "/wellbeing/check-in/trend/"),
    Page("stories", "ms1", "/wellbeing/stories/"),
    Page("story", "ms1", "/wellbeing/stories/{wellbeing_story}/"),
    Page("well-being totals (well-being staff)", "wellbeing", "/wellbeing/totals/"),
    Page("training home", "ms3", "/training/"),
    Page("training module", "ms1", "/training/modules/active-listening/"),
    Page("training quiz", "ms1", "/training/modules/active-listening/quiz/"),
    Page("workshops", "ms1", "/training/workshops/"),
    Page("training report (coordinator)", "coordinator", "/training/manage/report/"),
    Page("peer listeners (student)", "ms1", "/listening/"),
    Page("peer listeners (listener)", "ms3", "/listening/"),
    Page("conversation (listener)", "ms3", "/listening/c/{listening_conversation}/"),
    # Tutoring (issue 11): the demo's MS1 log-in has a booking with the MS3 log-in, who tutors; the
    # session page is the MS3 log-in's full small-group session with its waitlist.
    Page("tutoring home", "ms1", "/tutoring/"),
    Page("tutoring find (week)", "ms1", "/tutoring/find/"),
    Page("tutoring my bookings", "ms1", "/tutoring/bookings/"),
    Page("tutoring booking", "ms1", "/tutoring/bookings/{tutoring_booking}/"),
    Page("tutoring tutor home", "ms3", "/tutoring/tutor/"),
    Page("tutoring session (tutor)", "ms3", "/tutoring/sessions/{tutoring_session}/"),
    Page("tutoring applications (coordinator)", "coordinator", "/tutoring/manage/tutors/"),
    Page("tutoring reports (coordinator)", "coordinator", "/tutoring/manage/reports/"),
    # Study groups (issue 12): the demo's MS1 log-in organises a group with a weekly series; Find a group lists
    # the demo's ~60 groups (sorted by hours shared with the MS1 log-in's week), then Cardiovascular groups that
    # fit it; the pool's proposal is read after one engine run on the demo pool (``prepare``).
    Page("groups home", "ms1", "/groups/"),
    Page("groups find", "ms1", "/groups/find/"),
    Page("groups find (cardiovascular, fits my week)", "ms1", "/groups/find/?topic={cardio_topic}&fits=on"),
    Page("groups group page (organiser)", "ms1", "/groups/{ms1_group}/"),
    Page("groups group page (outsider)", "ms1", "/groups/{cardio_group}/"),
    Page("groups session page", "ms1", "/groups/sessions/{ms1_group_session}/"),
    Page("groups pool proposal (coordinator)", "coordinator", "/groups/pools/{groups_pool}/proposal/"),
    Page("groups activity (coordinator)", "coordinator", "/groups/activity/"),
)

#: The persona whose session the "bare view with a session" baseline carries.
SESSION_BASELINE_PERSONA = "ms1"

# wrk reports through this Lua script: exact non-2xx counts (wrk's own
# counter skips 3xx) and the latency percentiles as one JSON line.
WRK_LUA = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("non2xx") or 0) end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "non2xx": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, bad,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""


class BenchError(RuntimeError):
    """A step of the set-up failed; the message says which and why."""


# -- Small helpers ---------------------------------------------------------------


def loadavg() -> str:
    """The first three fields of /proc/loadavg: the machine is shared."""
    try:
        return " ".join((PROC / "loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def totp_code(secret: str, at: float | None = None, period: int = 30, digits: int = 6) -> str:
    """RFC 6238 TOTP (HMAC-SHA1), what an authenticator app shows for ``secret``."""
    counter = int((time.time() if at is None else at) // period)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def run(cmd: list[str], *, env: dict[str, str], cwd: Path, what: str, timeout: float = 900) -> str:
    """Run a set-up command; on failure raise with the tail of its output."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr)[-3000:]
        raise BenchError(f"{what} failed (exit {proc.returncode}):\n{tail}")
    print(f"  {what}: {time.perf_counter() - started:.1f} s", flush=True)
    return proc.stdout


# -- HTTP client that carries cookies itself ------------------------------------


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    """One signed-in person: a cookie jar that ignores the ``Secure`` flag.

    Why not http.cookiejar/requests: they rightly refuse to send ``Secure``
    cookies over plain HTTP, and the benchmark talks plain HTTP to loopback.
    Redirects are not followed: a page that redirects is reported, not timed.
    """

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 60.0

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        headers = {"Host": f"{HOST}:{self.port}", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, raw.getheaders(), raw.read())
        finally:
            conn.close()
        for name, value in response.headers:
            if name.lower() == "set-cookie":
                self._store(value)
        return response

    def _store(self, header: str) -> None:
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            if morsel.value == "" or morsel["max-age"] in ("0", 0):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in sorted(self.cookies.items()))


_CSRF_RE = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


def _csrf_from(response: Response, where: str) -> str:
    match = _CSRF_RE.search(response.text)
    if response.status != 200 or not match:
        raise BenchError(f"{where}: expected a form with a CSRF token, got HTTP {response.status}")
    return match.group(1)


def sign_in(port: int, persona: Persona) -> Browser:
    """The real log-in: form with CSRF token and password, then the TOTP step."""
    browser = Browser(port)
    token = _csrf_from(browser.request("GET", "/accounts/login/"), "GET /accounts/login/")
    answer = browser.request(
        "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "login": persona.email, "password": DEMO_PASSWORD}
    )
    if answer.status != 302:
        raise BenchError(f"log-in as {persona.email}: expected a redirect, got HTTP {answer.status}")
    location = urlsplit(answer.header("Location")).path
    if "/2fa/authenticate/" in location:
        if not persona.totp_secret:
            raise BenchError(f"{persona.email} is asked for a two-factor code but has no known key")
        token = _csrf_from(browser.request("GET", location), f"GET {location}")
        answer = browser.request(
            "POST", location, {"csrfmiddlewaretoken": token, "code": totp_code(persona.totp_secret)}
        )
        if answer.status != 302:
            raise BenchError(f"two-factor step for {persona.email}: expected a redirect, got HTTP {answer.status}")
    if "sessionid" not in browser.cookies:
        raise BenchError(f"log-in as {persona.email} left no session cookie")
    # The first page after log-in consumes the "signed in" message and lets
    # the two-factor middleware note ``mfa_ok`` in the session: not timed.
    home = browser.request("GET", "/")
    if home.status != 200:
        raise BenchError(f"{persona.email} signed in but / answered HTTP {home.status}")
    return browser


# -- Database --------------------------------------------------------------------


@dataclass(frozen=True)
class Database:
    server: str  # postgres://user@host:port
    name: str

    @property
    def url(self) -> str:
        return f"{self.server}/{self.name}"

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(f"{self.server}/postgres", autocommit=True, connect_timeout=5)

    def exists(self) -> bool:
        with self._admin() as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]).fetchone() is not None

    def create(self) -> None:
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self) -> None:
        with self._admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))

    def version(self) -> str:
        with self._admin() as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"


def kept_db_name(checkout: Path) -> str:
    """One kept database per checkout, so ``--keep-db`` never mixes two schemas."""
    tag = hashlib.sha1(str(checkout.resolve()).encode()).hexdigest()[:8]  # noqa: S324 - a name, not a secret
    return f"huddle_bench_web_keep_{tag}"


def find_ids(db: Database) -> dict[str, int]:
    """Real ids for the parameterised pages, read from the seeded database."""
    queries = {
        "ms3_user": ("SELECT id FROM accounts_user WHERE email = %s", [PERSONAS["ms3"].email]),
        "running_cycle": ("SELECT id FROM mentoring_cycle WHERE status = 'active' ORDER BY id LIMIT 1", []),
        "enrolling_cycle": ("SELECT id FROM mentoring_cycle WHERE status = 'enrolling' ORDER BY id LIMIT 1", []),
        "ms1_pair": (
            "SELECT m.id FROM mentoring_mentorship m JOIN mentoring_enrollment e ON e.id = m.mentee_id "
            "JOIN accounts_user u ON u.id = e.user_id WHERE u.email = %s AND m.status = 'active' "
            "ORDER BY m.id LIMIT 1",
            [PERSONAS["ms1"].email],
        ),
        "forum_thread": ("SELECT id FROM forum_thread ORDER BY id LIMIT 1", []),
        "wellbeing_story": ("SELECT id FROM wellbeing_story WHERE status = 'published' ORDER BY id LIMIT 1", []),
        "listening_conversation": (
            "SELECT c.id FROM listening_conversation c JOIN accounts_user u ON u.id = c.listener_id "
            "WHERE u.email = %s ORDER BY c.id LIMIT 1",
            [PERSONAS["ms3"].email],
        ),
        "tutoring_booking": (
            "SELECT b.id FROM tutoring_booking b JOIN accounts_user u ON u.id = b.student_id "
            "WHERE u.email = %s AND b.status = 'booked' AND b.starts_at > now() ORDER BY b.starts_at, b.id LIMIT 1",
            [PERSONAS["ms1"].email],
        ),
        "tutoring_session": (
            "SELECT s.id FROM tutoring_session s JOIN tutoring_tutor t ON t.id = s.tutor_id "
            "JOIN accounts_user u ON u.id = t.person_id WHERE u.email = %s AND s.starts_at > now() "
            "AND EXISTS (SELECT 1 FROM tutoring_booking b WHERE b.session_id = s.id AND b.status = 'waitlisted') "
            "ORDER BY s.starts_at, s.id LIMIT 1",
            [PERSONAS["ms3"].email],
        ),
        "cardio_topic": ("SELECT id FROM accounts_topic WHERE name = 'Cardiovascular'", []),
        "ms1_group": (
            "SELECT m.group_id FROM groups_membership m JOIN accounts_user u ON u.id = m.person_id "
            "WHERE u.email = %s AND m.status = 'active' AND m.role = 'organiser' ORDER BY m.group_id LIMIT 1",
            [PERSONAS["ms1"].email],
        ),
        "cardio_group": (
            "SELECT g.id FROM groups_studygroup g JOIN accounts_topic t ON t.id = g.topic_id "
            "WHERE t.name = 'Cardiovascular' AND g.listed AND g.status = 'active' AND g.join_policy = 'request' "
            "ORDER BY g.id LIMIT 1",
            [],
        ),
        "ms1_group_session": (
            "SELECT s.id FROM groups_groupsession s JOIN groups_membership m ON m.group_id = s.group_id "
            "JOIN accounts_user u ON u.id = m.person_id WHERE u.email = %s AND m.status = 'active' "
            "AND m.role = 'organiser' AND s.status = 'scheduled' AND s.starts_at > now() "
            "ORDER BY s.starts_at, s.id LIMIT 1",
            [PERSONAS["ms1"].email],
        ),
        "groups_pool": (
            "SELECT p.id FROM groups_pool p WHERE EXISTS (SELECT 1 FROM groups_formationrun r "
            "WHERE r.pool_id = p.id AND r.status = 'done') ORDER BY p.id LIMIT 1",
            [],
        ),
        "faculty_pair": (
            "SELECT m.id FROM mentoring_mentorship m JOIN mentoring_enrollment e ON e.id = m.mentor_id "
            "JOIN accounts_user u ON u.id = e.user_id WHERE u.email = %s AND m.status = 'active' "
            "ORDER BY m.id LIMIT 1",
            [PERSONAS["faculty"].email],
        ),
    }
    ids: dict[str, int] = {}
    with psycopg.connect(db.url, connect_timeout=5) as conn:
        for key, (query, params) in queries.items():
            try:
                row = conn.execute(query, params).fetchone()  # type: ignore[arg-type]
            except psycopg.Error:
                conn.rollback()
                row = None
            if row:
                ids[key] = int(row[0])
    return ids


# -- The server ------------------------------------------------------------------


def server_env(checkout: Path, db: Database, static_root: Path, secret_key: str) -> dict[str, str]:
    """Production settings on plain HTTP; nothing inherited that changes them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HUDDLE_", "OIDC_"))}
    for name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL", "PYTHONPATH", "LOG_LEVEL"):
        env.pop(name, None)
    env.update(
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS=f"{HOST},localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=db.url,
        EMAIL_URL="locmem://",
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        HUDDLE_BENCH_STATIC_ROOT=str(static_root),
        HUDDLE_SCHOOL_NAME="Lakeside School of Medicine (demo)",
        # Production requires both; the bench serves plain HTTP on loopback.
        HUDDLE_BASE_URL=f"http://{HOST}",
        HUDDLE_CAMPUS_CRISIS_LINES="",  # none: the national lines only
        PYTHONPATH=f"{checkout}{os.pathsep}{SUPPORT}",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_stat(pid: str) -> tuple[int, float] | None:
    """(parent pid, user+system CPU seconds) of one process, from /proc/PID/stat."""
    try:
        fields = (PROC / pid / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


@dataclass(frozen=True)
class Server:
    """The running gunicorn, and how to read the CPU time it and its database use.

    Why CPU time: on a shared machine req/s swings with the neighbours' load
    within seconds, but the CPU one request costs the server (the gunicorn
    workers plus the PostgreSQL backends serving this benchmark's database)
    hardly does. Per request it is the load-independent twin of req/s: on an
    otherwise idle CPU-bound server, throughput is about cores / CPU per request.
    """

    port: int
    pid: int
    database: str

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds so far of the master, its workers and this database's backends
        (none without ``/proc``: the CPU columns then stay empty)."""
        totals: dict[str, float] = {}
        if not PROC.is_dir():
            return totals
        for entry in PROC.iterdir():
            if not entry.name.isdigit():
                continue
            stat = _proc_stat(entry.name)
            if stat is None:
                continue
            ppid, cpu = stat
            if int(entry.name) == self.pid or ppid == self.pid:
                totals[entry.name] = cpu
                continue
            with suppress(OSError):
                title = (entry / "cmdline").read_bytes()
                # PostgreSQL backends title themselves "postgres: USER DATABASE HOST(PORT) STATE".
                if title.startswith(b"postgres: ") and f" {self.database} ".encode() in title:
                    totals[entry.name] = cpu
        return totals


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent on processes (user, nice, system) or lost to
    other virtual machines (steal), from /proc/stat. Interrupt time is left
    out: on loopback it is mostly this benchmark's own network traffic."""
    try:
        fields = [int(v) for v in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    user, nice, system = fields[0], fields[1], fields[2]
    steal = fields[7] if len(fields) > 7 else 0
    return (user + nice + system + steal) / _TICK


def cpu_between(before: dict[str, float], after: dict[str, float]) -> float:
    """CPU used in between; a process that started in between counts from zero.

    A backend that exited in between (Django reconnects after CONN_MAX_AGE,
    60 s) loses its last share: the figure errs low, by little.
    """
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


@contextmanager
def gunicorn(python: str, checkout: Path, env: dict[str, str], workers: int, log: Path, db: str) -> Iterator[Server]:
    """Serve ``huddle.wsgi`` on a free loopback port; always stop it afterwards."""
    port = free_port()
    cmd = [python, "-m", "gunicorn", "huddle.wsgi", "--worker-class", "sync", "--workers", str(workers)]
    cmd += ["--bind", f"{HOST}:{port}"]
    with log.open("w") as log_file:
        proc = subprocess.Popen(
            cmd, cwd=checkout, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise BenchError(f"gunicorn exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            with suppress(OSError):
                if Browser(port).request("GET", "/healthz").status == 200:
                    break
            if time.monotonic() > deadline:
                raise BenchError(f"gunicorn did not answer /healthz within 60 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        print(f"  gunicorn ({workers} workers) on http://{HOST}:{port}, pid {proc.pid}", flush=True)
        yield Server(port, proc.pid, db)
    finally:
        if proc.poll() is None:
            proc.terminate()  # the master stops its workers gracefully
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)  # the group we started
                proc.wait(timeout=5)


# -- Load -----------------------------------------------------------------------


@dataclass
class Row:
    name: str
    persona: str
    path: str
    kind: str  # "bare", "stack" (bare view + session), "health", "page"
    group: str = "page"  # baselines: "start" or "end"
    status: int = 0
    html_bytes: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p90_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    requests: int = 0
    non2xx: int = 0
    socket_errors: int = 0
    ref_bare_rps: float | None = None  # the bare view, loaded right before this page
    ref_session_rps: float | None = None  # the same with this persona's session
    cpu_ms: float | None = None  # server CPU (gunicorn + PostgreSQL) per request
    ref_bare_cpu_ms: float | None = None
    ref_session_cpu_ms: float | None = None
    cpu_ratio_session: float | None = None  # ref_session_cpu_ms / cpu_ms: req/s ratio on an idle machine
    load1_after: str = ""
    others_cpu: float | None = None  # share of the machine's CPU used by other processes meanwhile
    ratio_bare: float | None = None
    ratio_session: float | None = None
    verdict: str = ""
    note: str = ""


@dataclass(frozen=True)
class Load:
    """How hard and how long wrk pushes, and where its reporting script is."""

    connections: int
    threads: int
    lua: Path


def wrk(server: Server, path: str, cookie: str, seconds: float, load: Load) -> dict:
    """One wrk run, then a drain; returns the JSON line written by ``WRK_LUA``
    plus ``rps`` and ``cpu_ms`` (the server's CPU per completed request)."""
    cmd = [
        "wrk",
        f"--threads={load.threads}",
        f"--connections={load.connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=30s",  # wrk's default 2 s would drop slow answers from the percentiles
        f"--script={load.lua}",
        "--header=Accept: text/html",
    ]
    if cookie:
        cmd.append(f"--header=Cookie: {cookie}")
    cmd.append(f"http://{HOST}:{server.port}{path}")
    cpu_before, busy_before, children_before = server.cpu_seconds(), machine_busy_seconds(), _children_cpu()
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120, check=False)
    # Before the drain: the requests wrk abandons are queued, not yet worked on.
    cpu = cpu_between(cpu_before, server.cpu_seconds())
    wall = time.perf_counter() - started
    wrk_cpu = _children_cpu() - children_before
    others = machine_busy_seconds() - busy_before - cpu - wrk_cpu
    drain(server.port)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if proc.returncode != 0 or line is None:
        raise BenchError(f"wrk failed (exit {proc.returncode}): {proc.stderr.strip() or proc.stdout[-500:]}")
    result = dict(json.loads(line.removeprefix("WRKJSON ")))
    requests = int(result["requests"])
    result["rps"] = requests / (result["duration_us"] / 1e6) if result["duration_us"] else 0.0
    result["cpu_ms"] = cpu * 1000 / requests if requests and cpu_before else None
    # What everything else on the machine (other engineers' test runs) used
    # meanwhile, as a share of all cores: why req/s swings between rows.
    result["others_cpu"] = max(0.0, others) / (wall * (os.cpu_count() or 1))
    return result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def drain(port: int) -> None:
    """Wait until the server has worked off the requests wrk left behind.

    When wrk stops, up to ``--connections`` requests are still queued in the
    listen backlog; sync workers answer them anyway, to closed sockets. On a
    page that takes 300 ms that is seconds of work which would otherwise be
    billed to the next row (the warm-up's leftovers to the timed run). The
    backlog is first in, first out, so once a probe sent now is answered,
    what was queued before it is done.
    """
    Browser(port, timeout=300).request("GET", "/healthz")


def measure(row: Row, browser: Browser, server: Server, args: argparse.Namespace, load: Load) -> None:
    """Check the answer, load the references, warm up, then load the URL.

    The references (the bare view without and with this persona's session)
    are loaded right before the page, because on a shared machine the load
    changes within a minute: a ratio to a baseline taken minutes earlier
    measures the neighbours' test runs as much as the page.
    """
    check = browser.request("GET", row.path)
    row.status, row.html_bytes = check.status, len(check.body)
    if check.status != 200:
        where = check.header("Location")
        row.verdict = "SKIP"
        row.note = f"HTTP {check.status}" + (f" → {where}" if where else "") + ": not timed"
        return
    if any(k.lower() == "set-cookie" and v.startswith("sessionid=") for k, v in check.headers):
        row.note = "the page rewrites the session on every request"
    cookie = browser.cookie_header()
    if row.kind == "page" and args.ref_seconds > 0:
        bare = wrk(server, "/bench/ok", "", args.ref_seconds, load)
        row.ref_bare_rps, row.ref_bare_cpu_ms = bare["rps"], bare["cpu_ms"]
        ref = wrk(server, "/bench/ok", cookie, args.ref_seconds, load)
        row.ref_session_rps, row.ref_session_cpu_ms = ref["rps"], ref["cpu_ms"]
    if args.warmup > 0:
        wrk(server, row.path, cookie, args.warmup, load)
    result = wrk(server, row.path, cookie, args.seconds, load)
    row.requests, row.rps, row.cpu_ms = int(result["requests"]), float(result["rps"]), result["cpu_ms"]
    row.others_cpu = result["others_cpu"]
    row.p50_ms, row.p90_ms = result["p50_us"] / 1000, result["p90_us"] / 1000
    row.p99_ms, row.max_ms = result["p99_us"] / 1000, result["max_us"] / 1000
    row.non2xx = int(result["non2xx"])
    row.socket_errors = sum(int(result[k]) for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    row.load1_after = loadavg().split()[0]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def judge(rows: list[Row]) -> None:
    """Ratios and the verdict against issue 8's targets.

    Baseline rows compare with the baselines of their own block (start or
    end of the run); pages with the references loaded right before them, or,
    with ``--ref-seconds 0``, with the mean of the start and end baselines.
    """
    mean_bare = _mean([r.rps for r in rows if r.kind == "bare" and r.rps])
    mean_stack = _mean([r.rps for r in rows if r.kind == "stack" and r.rps])
    mean_stack_cpu = _mean([r.cpu_ms for r in rows if r.kind == "stack" and r.cpu_ms])
    for row in rows:
        if not row.rps:
            if row.status == 200 and not row.verdict:
                row.verdict = "FAIL: no answer completed in the timed window"
            continue
        if row.kind == "page":
            bare, stack = row.ref_bare_rps or mean_bare, row.ref_session_rps or mean_stack
            stack_cpu = row.ref_session_cpu_ms or mean_stack_cpu
        else:
            block = [r for r in rows if r.group == row.group]
            bare = next((r.rps for r in block if r.kind == "bare" and r.rps), mean_bare)
            stack = next((r.rps for r in block if r.kind == "stack" and r.rps), mean_stack)
            stack_cpu = next((r.cpu_ms for r in block if r.kind == "stack" and r.cpu_ms), mean_stack_cpu)
        row.cpu_ratio_session = stack_cpu / row.cpu_ms if stack_cpu and row.cpu_ms else None
        row.ratio_bare = row.rps / bare if bare else None
        row.ratio_session = row.rps / stack if stack else None
        problems = []
        if row.non2xx or row.socket_errors:
            problems.append("errors")
        # The exact ratio in the message: a 39.6 % shows as 40 % in its column.
        if row.kind == "stack" and row.ratio_bare is not None and row.ratio_bare < STACK_MIN_RATIO:
            problems.append(f"{row.ratio_bare:.1%} < {STACK_MIN_RATIO:.0%} of bare")
        if row.kind == "page":
            if row.ratio_session is not None and row.ratio_session < PAGE_MIN_RATIO:
                problems.append(f"{row.ratio_session:.1%} < {PAGE_MIN_RATIO:.0%} of session")
            if row.html_bytes > MAX_HTML_BYTES:
                problems.append(f">{MAX_HTML_BYTES // 1000} kB")
        if row.kind in ("stack", "page"):
            row.verdict = "FAIL: " + ", ".join(problems) if problems else "PASS"
        elif problems:
            row.verdict = "errors"


def stack_by_persona(rows: list[Row]) -> dict[str, tuple[list[float], list[float]]]:
    """Session-and-auth stack as a share of the bare view, from each page's references:
    (req/s with a session / req/s without, CPU per request without / with)."""
    shares: dict[str, tuple[list[float], list[float]]] = {}
    for row in rows:
        rps, cpu = shares.setdefault(row.persona, ([], []))
        if row.ref_bare_rps and row.ref_session_rps:
            rps.append(row.ref_session_rps / row.ref_bare_rps)
        if row.ref_bare_cpu_ms and row.ref_session_cpu_ms:
            cpu.append(row.ref_bare_cpu_ms / row.ref_session_cpu_ms)
    return {persona: pair for persona, pair in shares.items() if pair[0]}


# -- Output ---------------------------------------------------------------------


def _ratio(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "–"


def _cpu(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "–"


def _refs(row: Row) -> str:
    if row.ref_bare_rps is None or row.ref_session_rps is None:
        return "–"
    return f"{row.ref_bare_rps:,.0f} / {row.ref_session_rps:,.0f}"


def table(rows: list[Row]) -> str:
    head = (
        "| page | persona | req/s | refs: bare / session req/s | of bare | of bare+session | p50 ms | p99 ms "
        "| non-2xx | HTML kB | CPU ms/req | CPU: of bare+session | others' CPU | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    )
    lines = list(head)
    for r in rows:
        if not r.rps:
            lines.append(f"| {r.name} | {r.persona} |{' – |' * 11} {r.verdict} {r.note} |")
            continue
        verdict = r.verdict + (f" ({r.note})" if r.note else "")
        non2xx = f"{r.non2xx}" + (f" (+{r.socket_errors} socket)" if r.socket_errors else "")
        lines.append(
            f"| {r.name} | {r.persona} | {r.rps:,.0f} | {_refs(r)} | {_ratio(r.ratio_bare)} "
            f"| {_ratio(r.ratio_session)} | {r.p50_ms:,.0f} | {r.p99_ms:,.0f} | {non2xx} "
            f"| {r.html_bytes / 1000:.1f} | {_cpu(r.cpu_ms)} | {_ratio(r.cpu_ratio_session)} | {_ratio(r.others_cpu)} "
            f"| {verdict} |"
        )
    return "\n".join(lines)


def _first_line(cmd: list[str], env: dict[str, str] | None = None) -> str:
    with suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, env=env, check=False)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    return "?"


def machine() -> dict[str, str]:
    cpu = "?"
    with suppress(OSError):
        cpu = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in (PROC / "cpuinfo").read_text().splitlines()
                if ln.startswith("model name")
            ),
            "?",
        )
    ram = "?"
    with suppress(OSError, ValueError, IndexError):
        kib = int((PROC / "meminfo").read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kib / 1024**2:.1f} GiB"
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "ram": ram, "kernel": platform.release()}


def versions(python: str, checkout: Path, db: Database, env: dict[str, str]) -> dict[str, str]:
    probe = "import sys, django, gunicorn; print(sys.version.split()[0], django.get_version(), gunicorn.__version__)"
    py, dj, gu = [*_first_line([python, "-c", probe], env).split(), "?", "?", "?"][:3]
    commit = _first_line(["git", "-C", str(checkout), "describe", "--always", "--dirty", "--abbrev=10"])
    return {
        "checkout": f"{checkout} @ {commit}",
        "python": py,
        "django": dj,
        "gunicorn": gu,
        "postgresql": db.version(),
        "wrk": _first_line(["wrk", "--version"]).split(" [")[0],
    }


# -- Main -----------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    names = [p.name for p in PAGES]
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="load per row, after the warm-up (default 5)")
    parser.add_argument("--warmup", type=float, default=1.0, help="unrecorded load before each row (default 1 s)")
    parser.add_argument(
        "--ref-seconds",
        type=float,
        default=2.0,
        help="load of the bare view without and with the persona's session right before each page\n"
        "(default 2 s; 0: compare with the baselines at the start and end of the run)",
    )
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1: leave the cores to gunicorn)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PAGE",
        help="time only pages whose name contains PAGE (repeatable); baselines always run.\nPages: " + "; ".join(names),
    )
    parser.add_argument("--checkout", type=Path, default=REPO, help="the Huddle checkout to serve (default: this one)")
    parser.add_argument(
        "--python", help="interpreter for the server (default: CHECKOUT/.venv/bin/python, else this one)"
    )
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server (no database)")
    parser.add_argument("--keep-db", action="store_true", help="reuse (or create) a named database and keep it")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    args.checkout = args.checkout.resolve()
    if not (args.checkout / "huddle" / "settings.py").is_file():
        parser.error(f"{args.checkout} is not a Huddle checkout (no huddle/settings.py)")
    if args.python is None:
        venv = args.checkout / ".venv" / "bin" / "python"
        args.python = str(venv) if venv.exists() else sys.executable
    return args


def selected_pages(only: list[str]) -> list[Page]:
    if not only:
        return list(PAGES)
    pages = [p for p in PAGES if any(o.lower() in p.name.lower() for o in only)]
    if not pages:
        raise BenchError(f"--only {only} matches no page; pages: {', '.join(p.name for p in PAGES)}")
    return pages


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # run the ``finally`` blocks: stop gunicorn, drop the database


def prepare(args: argparse.Namespace, db: Database, env: dict[str, str]) -> None:
    """Migrate, load the demo school (DEBUG=true for this step only), collect static files."""
    print(f"Database {db.name}; setting up:", flush=True)
    manage = [args.python, "manage.py"]
    run([*manage, "migrate", "--noinput"], env=env, cwd=args.checkout, what="migrate")
    run([*manage, "createcachetable"], env=env, cwd=args.checkout, what="createcachetable")
    run([*manage, "seed_demo"], env={**env, "DEBUG": "true"}, cwd=args.checkout, what="seed_demo (DEBUG=true)")
    run([*manage, "shell", "-c", GROUPS_POOL_RUN], env=env, cwd=args.checkout, what="groups: engine run on the pool")
    run([*manage, "collectstatic", "--noinput"], env=env, cwd=args.checkout, what="collectstatic")


#: The coordinator's click on "Form groups" for the demo pool, with the background task run here (the bench has
#: no worker), so the proposal page has a proposal; a kept database that has one already is left as it is.
GROUPS_POOL_RUN = """
from huddle.accounts.models import User
from huddle.groups.models import FormationRun, Pool
from huddle.groups.pools.services import formation_start
from huddle.groups.pools.tasks import formation_run

pool = Pool.objects.filter(title="MS1 Block 2 study groups").first()
if pool is not None and not FormationRun.objects.filter(pool=pool, status="done").exists():
    run = formation_start(pool=pool, by=User.objects.get(email="coordinator@demo.huddle.test"))
    print(formation_run.call(run.pk))
"""


def plan_rows(pages: list[Page], ids: dict[str, int]) -> list[Row]:
    """Baselines at the start, the pages, the baselines again at the end."""

    def baselines(group: str) -> list[Row]:
        suffix = "" if group == "start" else " (end)"
        rows = [
            Row("bare view" + suffix, "anonymous", "/bench/ok", "bare", group),
            Row("bare view + session" + suffix, SESSION_BASELINE_PERSONA, "/bench/ok", "stack", group),
        ]
        if group == "start":
            rows.append(Row("/healthz", "anonymous", "/healthz", "health", group))
        return rows

    rows = baselines("start")
    for page in pages:
        try:
            rows.append(Row(page.name, page.persona, page.path.format(**ids), "page"))
        except KeyError as missing:
            rows.append(Row(page.name, page.persona, page.path, "page", verdict="SKIP", note=f"no {missing} id"))
    return rows + baselines("end")


def serve_and_load(args: argparse.Namespace, env: dict[str, str], db: Database, rows: list[Row], tmp: Path) -> str:
    """Start gunicorn, sign everybody in, load every row; returns the server log."""
    load = Load(args.connections, args.threads, tmp / "report.lua")
    load.lua.write_text(WRK_LUA)
    log = tmp / "gunicorn.log"
    with gunicorn(args.python, args.checkout, env, args.workers, log, db.name) as server:
        needed = {r.persona for r in rows if r.persona != "anonymous"}
        browsers = {key: sign_in(server.port, PERSONAS[key]) for key in PERSONAS if key in needed}
        browsers["anonymous"] = Browser(server.port)
        print(f"  signed in through the log-in form: {', '.join(sorted(needed))}", flush=True)
        print(
            f"Loading {len(rows)} rows at {args.connections} connections: per page {args.ref_seconds:g} s + "
            f"{args.ref_seconds:g} s references, {args.warmup:g} s warm-up, {args.seconds:g} s timed",
            flush=True,
        )
        for row in rows:
            if not row.verdict:
                measure(row, browsers[row.persona], server, args, load)
            print(f"  {row.name:<36} {row.rps:8.1f} req/s  p99 {row.p99_ms:8.1f} ms  {row.note}", flush=True)
    return log.read_text(errors="replace")


def report(args: argparse.Namespace, rows: list[Row], info: dict[str, str], loads: tuple[str, str], log: str) -> None:
    judge(rows)
    print()
    print(table(rows))
    print()

    def spread(values: list[float]) -> str:
        if not values:
            return "–"
        values = sorted(values)
        return f"median {values[len(values) // 2]:.0%} ({values[0]:.0%}–{values[-1]:.0%})"

    for persona, (rps, cpu) in sorted(stack_by_persona(rows).items()):
        print(
            f"session-and-auth stack ({persona}) as a share of the bare view, from the {len(rps)} references "
            f"before its pages: req/s {spread(rps)}, CPU per request {spread(cpu)}"
        )
    for key, value in info.items():
        print(f"{key}: {value}")
    print(f"load average: start {loads[0]}, end {loads[1]}")
    print(f"server log: {log.count('Traceback')} tracebacks")
    print("command: .venv/bin/python " + shlex.join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]))
    if args.json:
        settings = {k: getattr(args, k) for k in ("seconds", "warmup", "ref_seconds", "connections", "threads")}
        targets = {
            "page_min_ratio": PAGE_MIN_RATIO,
            "stack_min_ratio": STACK_MIN_RATIO,
            "max_html_bytes": MAX_HTML_BYTES,
        }
        document = {
            "machine": info,
            "load_start": loads[0],
            "load_end": loads[1],
            "settings": {**settings, "workers": args.workers},
            "targets": targets,
            "rows": [asdict(r) for r in rows],
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n")


def bench(args: argparse.Namespace) -> int:
    if shutil.which("wrk") is None:
        raise BenchError("wrk is not installed (Debian: apt-get install wrk); it is the load generator")
    pages = selected_pages(args.only)
    name = kept_db_name(args.checkout) if args.keep_db else f"huddle_bench_web_{os.getpid()}"
    db = Database(args.pg.rstrip("/"), name)
    load_start = loadavg()
    started = time.perf_counter()
    print(f"Load average at start: {load_start} (nproc {os.cpu_count()})", flush=True)
    with tempfile.TemporaryDirectory(prefix="huddle-bench-web-") as tmp_name:
        tmp = Path(tmp_name)
        # Fixed per kept database so its TOTP data and sessions stay valid.
        secret_key = "bench-" + (hashlib.sha256(name.encode()).hexdigest() if args.keep_db else secrets.token_hex(32))
        env = server_env(args.checkout, db, tmp / "static", secret_key)
        created = False
        try:
            if not (args.keep_db and db.exists()):
                db.create()
                created = True
            prepare(args, db, env)
            rows = plan_rows(pages, find_ids(db))
            info = {**machine(), **versions(args.python, args.checkout, db, env)}
            log = serve_and_load(args, env, db, rows, tmp)
        finally:
            if created and not args.keep_db:
                db.drop()
                print(f"Dropped database {db.name}.", flush=True)
    report(args, rows, info, (load_start, loadavg()), log)
    print(f"run took {time.perf_counter() - started:.0f} s")
    return 1 if any(r.verdict == "SKIP" for r in rows) else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return bench(args)
    except BenchError as error:
        print(f"bench/web.py: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted; gunicorn stopped and the database dropped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
