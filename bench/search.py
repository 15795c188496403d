"""Forum search benchmark: ``huddle.forum.search`` against naive baselines, on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py [--threads 100000] [--replies 100000] [--queries 200]
                                     [--baseline-queries 10] [--only sqlite|postgresql]
                                     [--pg postgres://postgres@127.0.0.1:5432] [--seed 7] [--json FILE]

What one run does:

1. generates one synthetic forum (fixed seed): ``--threads`` threads, each
   with its opening post, and ``--replies`` answers and comments, so 200,000
   posts by default in 100,000 threads; 40 spaces of Zipf-like sizes, three
   years, ~50 % answered, ~10 % endorsed, ~2 % hidden, pending or closed as
   duplicates; text drawn with a Zipf distribution from a medical vocabulary
   (real words first, "patient" the most common, in about half the threads;
   then generated compounds, drug names and eponyms), and one post in four
   names a word of a 300,000-word pool, so some words are in one or two
   threads; tags are 300 topic names;
2. per database, one after the other (the machine has two cores), a child
   process with Huddle's own settings (``DATABASE_URL``,
   ``HUDDLE_TESTING=true``, ``DEBUG`` off) migrates a throw-away database (a
   SQLite file in a temporary folder; PostgreSQL ``huddle_search_bench_*``,
   dropped at the end, also on error or Ctrl-C), writes the forum through the
   ORM, builds the index with ``huddle.forum.search.rebuild_index`` (what
   ``index_thread`` runs, in batches) and times 200 single ``index_thread``
   calls;
3. times ``--queries`` calls per kind of query through ``search_threads`` /
   the any-word search of ``similar_threads`` (limit 20), the kinds taken in
   turn so that the machine's load falls on all of them alike; then
   ``--baseline-queries`` of the same queries per kind through the naive
   query (SQLite: one FTS5 ``MATCH`` joined to ``forum_thread`` with the
   filter in the same WHERE, ``ORDER BY bm25`` over every match; PostgreSQL:
   ``ORDER BY ts_rank`` over every match of the stored ``tsvector``, the
   filter joined, and on two queries each of rare and common words
   ``to_tsvector`` at query time), each statement capped by ``--timeout``;
4. prints per database a table (p50/p95/max, matches, the baseline's
   figures, p95 ours/baseline) and the targets with PASS/FAIL: p95 < 100 ms;
   common word ≤ 3× rare word; filtered ≤ 2× unfiltered.

"Since" filters are local midnights, as the search form's date field sends.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import random
import secrets
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ENGINES = ("sqlite", "postgresql")

# -- Targets (the issue) ------------------------------------------------------------
MAX_P95_MS = 100.0
MAX_COMMON_OVER_RARE = 3.0
MAX_FILTERED_OVER_UNFILTERED = 2.0

#: Kinds of query: name → (what it is, the unfiltered kind a filtered one is compared with).
KINDS: dict[str, tuple[str, str | None]] = {
    "rare": ("a word in 1–5 threads", None),
    "medium": ("a word in 0.5–5 % of threads", None),
    "common": ("a word in 20–50 % of threads", None),
    "two common": ("two of those words", None),
    "common + space + answered": ("common word, one space, answered", "common"),
    "common + since": ("common word, since a day 1–12 months back", "common"),
    "rare + space + answered": ("rare word, one space, answered", "rare"),
    "rare + since": ("rare word, since a day", "rare"),
    "similar (any word, prefix)": ("4–6 title words, the last one cut short", None),
}
#: Kinds also run with to_tsvector at query time (PostgreSQL; seconds per query).
SLOW_BASELINE_KINDS = ("rare", "common")
SLOW_BASELINE_QUERIES = 2


class BenchError(RuntimeError):
    """A step failed; the message says which and why."""


# == The synthetic forum ===============================================================


@dataclass
class Corpus:
    """The forum as plain data, generated once and given to both databases."""

    spaces: list[str]
    tags: list[str]
    threads: list[dict[str, Any]] = field(default_factory=list)
    replies: list[tuple[int, str, str]] = field(default_factory=list)  # (thread index, kind, body)
    rare: list[str] = field(default_factory=list)
    medium: list[str] = field(default_factory=list)
    common: list[str] = field(default_factory=list)
    titles: list[list[str]] = field(default_factory=list)  # title words, for similar-question queries
    facts: str = ""


def _split(text: str) -> list[str]:
    return text.split()


STOP = _split("the of and in to a is with for on or as by at from that this are be not")
COMMON = _split("""
patient pain treatment diagnosis blood disease heart dose symptoms risk exam infection therapy chronic acute
kidney liver lung pressure management clinical history cells drug syndrome normal level brain cancer fever
failure renal cardiac imaging test study question lecture notes step mechanism pathway receptor enzyme
hormone insulin glucose sodium potassium calcium anemia murmur rash cough dyspnea edema shock sepsis antibiotic
steroid vaccine virus bacteria fungal tumor biopsy lesion fracture bone muscle nerve spinal stroke seizure
headache dementia depression anxiety pregnancy fetal neonatal pediatric elderly surgery anesthesia wound
ulcer bleeding thrombosis embolism arrhythmia infarction angina hypertension diabetes asthma pneumonia
hepatitis cirrhosis pancreatitis appendicitis cholecystitis nephrotic nephritic proteinuria hematuria
acidosis alkalosis electrolyte fluid oxygen ventilation intubation ecg echocardiogram xray ultrasound mri
ct scan lab result value marker antibody antigen immune inflammation autoimmune allergy anaphylaxis
transplant dialysis chemotherapy radiation prognosis screening prevention guideline evidence trial
contraindication side effect interaction overdose toxicity withdrawal tolerance dependence mnemonic
anatomy physiology pathology pharmacology biochemistry microbiology genetics embryology histology ethics
rotation shelf preceptor attending resident rounds presentation differential workup consult admission
discharge outpatient inpatient emergency icu ward clinic
""")
PREFIXES = _split("""
cardio nephro hepato neuro gastro pneumo hemato dermato osteo myo angio arthro broncho cholecysto colo cysto
encephalo entero glosso hystero laparo lympho mammo meningo oophoro ophthalmo oto pancreato pharyngo phlebo
procto pyelo rhino salpingo spleno thoraco thyro tracheo uretero urethro vasculo immuno onco endo peri
hyper hypo poly micro macro leuko erythro chole glyco lipo adeno fibro sclero
""")
SUFFIXES = _split("""
itis ectomy otomy ostomy plasty pathy megaly algia emia oma osis scopy gram graphy lysis penia plasia trophy
rrhea stenosis malacia genesis cele ptosis rrhaphy spasm uria dynia
""")
DRUG_ENDINGS = _split("olol pril sartan statin mab cillin azole tinib vir dipine tide parin floxacin mycin cycline")
SYLLABLES = _split("""
ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go ka ke ki ko la le li lo lu ma me mi mo mu
na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo
""")
SPACE_NAMES = _split("""
Step1 Step2 Cardiology Nephrology Pulmonology Gastroenterology Neurology Psychiatry Pediatrics Obstetrics
Surgery Anatomy Physiology Pharmacology Pathology Microbiology Immunology Biochemistry Genetics Histology
Embryology Dermatology Ophthalmology Otolaryngology Urology Orthopedics Radiology Anesthesiology Emergency
Oncology Hematology Endocrinology Rheumatology Infectious Geriatrics Ethics Research Wellbeing Residency Electives
""")
TITLE_TEMPLATES = (
    "How does {0} affect {1}?",
    "{0} vs {1} in {2}",
    "Why is {0} used for {1} {2}?",
    "Confused about {0} and {1}",
    "Best way to remember {0} {1} {2}",
    "{0} {1}: {2} or {3}?",
    "Question on {0} in {1} {2} {3}",
)


def vocabulary(rng: random.Random) -> tuple[list[str], list[str]]:
    """Content words by rank (real words, compounds, generated drug names and eponyms), and a
    pool of 300,000 generated names that a post mentions once in a while: the rare words."""
    words = list(dict.fromkeys(COMMON))
    compounds = [p + s for p in PREFIXES for s in SUFFIXES]
    rng.shuffle(compounds)
    made: set[str] = set(words) | set(compounds) | set(STOP)

    def invent(count: int, syllables: tuple[int, int]) -> list[str]:
        out: list[str] = []
        while len(out) < count:
            stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(*syllables)))
            word = stem + rng.choice(DRUG_ENDINGS) if rng.random() < 0.4 else stem + "ian"
            if word not in made:
                made.add(word)
                out.append(word)
        return out

    tail = invent(30_000 - len(words) - len(compounds), (2, 3))
    return words + compounds + tail, invent(300_000, (3, 4))


class Sampler:
    """Zipf-like draws over the vocabulary (weight 1/(rank+30)^1.1: the top word in about half the
    threads), through numpy for speed; a quarter of the posts also name one word of the rare pool."""

    def __init__(self, words: list[str], rare_pool: list[str], seed: int) -> None:
        import numpy as np

        self.np = np
        self.words = np.array(words + rare_pool, dtype=object)
        self.zipf_size, self.pool_size = len(words), len(rare_pool)
        weights = 1.0 / (np.arange(len(words)) + 30.0) ** 1.1
        self.cumulative = np.cumsum(weights / weights.sum())
        self.rng = np.random.default_rng(seed)

    def ids(self, n: int) -> Any:
        return self.np.minimum(self.np.searchsorted(self.cumulative, self.rng.random(n)), self.zipf_size - 1)

    def with_rare(self, ids: Any) -> Any:
        """One post's word ids, with a rare word put in the middle one time in four."""
        if self.rng.random() >= 0.25 or len(ids) < 2:
            return ids
        rare = self.zipf_size + int(self.rng.integers(self.pool_size))
        return self.np.insert(ids, len(ids) // 2, rare)

    def text(self, ids: Any) -> str:
        """Words with function words between them, sentence by sentence, as people write."""
        out: list[str] = []
        for i, word in enumerate(self.words[ids]):
            out.append(word)
            if i % 3 == 1:
                out.append(STOP[(i * 7 + len(word)) % len(STOP)])
            if i % 11 == 10:
                out[-1] += "."
        return " ".join(out)


def thread_state(rng: random.Random) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.01:
        return "hidden", "open"
    if roll < 0.015:
        return "pending", "open"
    if roll < 0.02:
        return "published", "duplicate"
    return "published", "open"


def build_corpus(threads: int, replies: int, seed: int) -> Corpus:
    rng = random.Random(seed)
    words, rare_pool = vocabulary(rng)
    sampler = Sampler(words, rare_pool, seed)
    topics = [name.lower() for name in SPACE_NAMES] + [p.rstrip("o") + "ology" for p in PREFIXES]
    tags = list(dict.fromkeys([*topics, *COMMON[40:200]]))[:300]
    corpus = Corpus(spaces=SPACE_NAMES[:40], tags=tags)
    space_weights = [1 / (i + 1) ** 0.8 for i in range(len(corpus.spaces))]
    start = datetime.now(UTC) - timedelta(days=3 * 365)
    span = (timedelta(days=3 * 365) - timedelta(hours=1)).total_seconds()
    body_lengths = [rng.randint(25, 90) for _ in range(threads)]
    title_lengths = [rng.randint(3, 6) for _ in range(threads)]
    body_ids, title_ids = sampler.ids(sum(body_lengths)), sampler.ids(sum(title_lengths))
    answered = [rng.random() < 0.5 for _ in range(threads)]
    answered_idx = [i for i, a in enumerate(answered) if a]
    reply_owner = sorted(rng.choice(answered_idx) for _ in range(replies)) if answered_idx else []
    words_of_thread: list[list[Any]] = []
    b_at = t_at = 0
    for i in range(threads):
        t_ids = title_ids[t_at : t_at + title_lengths[i]]
        b_ids = sampler.with_rare(body_ids[b_at : b_at + body_lengths[i]])
        t_at, b_at = t_at + title_lengths[i], b_at + body_lengths[i]
        title_words = [str(w) for w in sampler.words[t_ids]]
        title = TITLE_TEMPLATES[i % len(TITLE_TEMPLATES)].format(*title_words, *title_words)[:200]
        status, state = thread_state(rng)
        corpus.threads.append(
            {
                "title": title[0].upper() + title[1:],
                "body": sampler.text(b_ids),
                "space": rng.choices(range(len(corpus.spaces)), weights=space_weights)[0],
                "created": start + timedelta(seconds=span * (i + rng.random()) / threads),
                "tags": rng.sample(range(len(tags)), rng.choice((0, 1, 1, 2, 3))),
                "status": status,
                "state": state,
                "endorsed": answered[i] and rng.random() < 0.2,
            }
        )
        if i % 7 == 0:
            corpus.titles.append(title_words)
        words_of_thread.append([t_ids, b_ids])
    reply_lengths = [rng.randint(15, 70) for _ in range(replies)]
    reply_ids = sampler.ids(sum(reply_lengths))
    r_at = 0
    has_answer: set[int] = set()
    for n, owner in enumerate(reply_owner):
        ids = sampler.with_rare(reply_ids[r_at : r_at + reply_lengths[n]])
        r_at += reply_lengths[n]
        kind = "answer" if owner not in has_answer or rng.random() < 0.6 else "comment"
        has_answer.add(owner)
        corpus.replies.append((owner, kind, sampler.text(ids)))
        words_of_thread[owner].append(ids)
    choose_query_words(corpus, sampler, words_of_thread, rng)
    return corpus


def choose_query_words(corpus: Corpus, sampler: Sampler, words_of_thread: list[list[Any]], rng: random.Random) -> None:
    """Rare: in 1–5 searchable threads; medium: 0.5–5 %; common: the 15 most frequent (all ≥ 20 %)."""
    np = sampler.np
    df = np.zeros(len(sampler.words), dtype=np.int64)
    searchable = 0
    for thread, ids in zip(corpus.threads, words_of_thread, strict=True):
        if thread["status"] == "published" and thread["state"] != "duplicate":
            searchable += 1
            df[np.unique(np.concatenate(ids))] += 1
    share = df / max(1, searchable)
    rare = [str(sampler.words[i]) for i in np.flatnonzero((df >= 1) & (df <= 5))]
    medium = [str(sampler.words[i]) for i in np.flatnonzero((share >= 0.005) & (share <= 0.05))]
    common_ids = [i for i in np.argsort(-df)[:15] if share[i] >= 0.2]
    corpus.rare, corpus.medium = rng.sample(rare, min(len(rare), 5000)), medium
    corpus.common = [str(sampler.words[i]) for i in common_ids]
    top = ", ".join(f"{sampler.words[i]} {share[i]:.0%}" for i in common_ids[:4])
    least = f"{sampler.words[common_ids[-1]]} {share[common_ids[-1]]:.0%}"
    corpus.facts = (
        f"{searchable:,} searchable threads; {len(rare):,} rare words, {len(medium):,} medium; "
        f"the 15 common words: {top} … {least}"
    )


# == Queries, ours and the baselines ===================================================


@dataclass(frozen=True)
class Query:
    text: str
    space_ids: tuple[int, ...] | None = None
    answered: bool | None = None
    since: datetime | None = None
    any_word: bool = False


def make_queries(corpus: Corpus, n: int, seed: int) -> dict[str, list[Query]]:
    from django.utils import timezone

    from huddle.forum.models import Space

    rng = random.Random(seed + 1)
    space_ids = list(Space.objects.order_by("pk").values_list("pk", flat=True))
    today = timezone.localdate()

    def since() -> datetime:
        day = today - timedelta(days=rng.randint(30, 365))
        return timezone.make_aware(datetime.combine(day, datetime.min.time()))

    def similar() -> Query:
        words = rng.choice(corpus.titles)[:]
        words += rng.choice(corpus.titles)[: max(0, rng.randint(4, 6) - len(words))]
        words[-1] = words[-1][: max(3, min(len(words[-1]), rng.randint(3, 6)))]
        return Query(" ".join(words), any_word=True)

    makers: dict[str, Callable[[], Query]] = {
        "rare": lambda: Query(rng.choice(corpus.rare)),
        "medium": lambda: Query(rng.choice(corpus.medium)),
        "common": lambda: Query(rng.choice(corpus.common)),
        "two common": lambda: Query(" ".join(rng.sample(corpus.common, 2))),
        "common + space + answered": lambda: Query(
            rng.choice(corpus.common), space_ids=(rng.choice(space_ids),), answered=True
        ),
        "common + since": lambda: Query(rng.choice(corpus.common), since=since()),
        "rare + space + answered": lambda: Query(
            rng.choice(corpus.rare), space_ids=(rng.choice(space_ids),), answered=True
        ),
        "rare + since": lambda: Query(rng.choice(corpus.rare), since=since()),
        "similar (any word, prefix)": similar,
    }
    return {kind: [makers[kind]() for _ in range(n)] for kind in KINDS}


def ours(q: Query) -> list[int]:
    """The code the forum runs: search_threads, any_word for similar questions."""
    from huddle.forum.search import SearchFilters, search_threads

    filters = None
    if q.space_ids or q.answered is not None or q.since:
        filters = SearchFilters(space_ids=q.space_ids, answered=q.answered, since=q.since)
    return search_threads(text=q.text, filters=filters, limit=20, any_word=q.any_word)


def _terms(q: Query) -> Any:
    from huddle.forum.search import query

    return query.parse(q.text, any_word=q.any_word)


def _fts5_words(terms: Any) -> str:
    """The words quoted as our SQLite code quotes them (the same safe input for the baseline):
    all of them, or any of them with the last one as a prefix."""
    from huddle.forum.search import sqlite

    quoted = [sqlite._quoted(word) for word in terms.words]
    if terms.prefix_last:
        quoted[-1] += "*"
    return "{title tags body} : (" + (" OR " if terms.any_word else " AND ").join(quoted) + ")"


def _tsquery_words(terms: Any) -> str:
    from huddle.forum.search import postgres

    quoted = [postgres._quoted(word) for word in terms.words]
    if terms.prefix_last:
        quoted[-1] += ":*"
    return (" | " if terms.any_word else " & ").join(quoted)


def _joined_filters(q: Query, vendor_since: Any) -> tuple[str, list[Any]]:
    where, args = "", []
    if q.space_ids:
        where += " AND t.space_id = %s"
        args.append(q.space_ids[0])
    if q.answered:
        where += " AND t.answer_count > 0"
    if q.since:
        where += " AND t.created_at >= %s"
        args.append(vendor_since(q.since))
    return where, args


def baseline_sqlite(q: Query) -> list[int]:
    """One MATCH joined to the thread rows with the filter in the same WHERE, every match ranked."""
    from django.db import connection

    terms = _terms(q)
    if terms is None:
        return []
    where, args = _joined_filters(q, connection.ops.adapt_datetimefield_value)
    sql = (
        "SELECT f.rowid FROM forum_search f JOIN forum_thread t ON t.id = f.rowid "  # noqa: S608
        f"WHERE forum_search MATCH %s{where} ORDER BY bm25(forum_search, 0.0, 10.0, 4.0, 1.0, 0.0) LIMIT 20"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts5_words(terms), *args])
        return [r[0] for r in cursor.fetchall()]


def baseline_postgres(q: Query) -> list[int]:
    """ts_rank over every match of the stored vector, the filter joined."""
    from django.db import connection

    terms = _terms(q)
    if terms is None:
        return []
    where, args = _joined_filters(q, lambda value: value)
    sql = (
        "SELECT f.thread_id FROM forum_search f JOIN forum_thread t ON t.id = f.thread_id "  # noqa: S608
        f"WHERE f.document @@ to_tsquery('english', %s){where} "
        "ORDER BY ts_rank(f.document, to_tsquery('english', %s)) DESC LIMIT 20"
    )
    words = _tsquery_words(terms)
    with connection.cursor() as cursor:
        cursor.execute(sql, [words, *args, words])
        return [r[0] for r in cursor.fetchall()]


def slow_baseline_postgres(q: Query) -> list[int]:
    """No stored vector: to_tsvector of every published thread's title and body at query time."""
    from django.db import connection

    terms = _terms(q)
    if terms is None:
        return []
    vector = "to_tsvector('english', t.title || ' ' || t.body)"
    sql = (
        f"SELECT t.id FROM forum_thread t WHERE t.status = 'published' AND {vector} @@ to_tsquery('english', %s) "  # noqa: S608
        f"ORDER BY ts_rank({vector}, to_tsquery('english', %s)) DESC LIMIT 20"
    )
    words = _tsquery_words(terms)
    with connection.cursor() as cursor:
        cursor.execute(sql, [words, words])
        return [r[0] for r in cursor.fetchall()]


def count_matches(engine: str, q: Query) -> int:
    """How many threads the query matches, filters included (for the table; not timed)."""
    from django.db import connection

    from huddle.forum.search import plan, postgres, sqlite

    terms = _terms(q)
    if terms is None:
        return 0
    filters = plan.filters(space_ids=q.space_ids, answered=q.answered, endorsed=None, since=q.since)
    with connection.cursor() as cursor:
        if engine == "sqlite":
            facets = sqlite._facets(filters)
            match = f"({_fts5_words(terms)}) AND ({facets})" if facets else _fts5_words(terms)
            cursor.execute("SELECT count(*) FROM forum_search WHERE forum_search MATCH %s", [match])
        else:
            sql = "SELECT count(*) FROM forum_search WHERE document @@ to_tsquery('english', %s)"
            args: list[Any] = [_tsquery_words(terms)]
            if filters.groups:
                sql += " AND facets @@ %s::tsquery"
                args.append(postgres._facets(filters))
            if filters.since:
                sql += " AND created_at >= %s"
                args.append(filters.since)
            cursor.execute(sql, args)
        return int(cursor.fetchone()[0])


# == Timing ==============================================================================


def time_ms(run: Callable[[Query], list[int]], q: Query) -> float:
    started = time.perf_counter()
    run(q)
    return (time.perf_counter() - started) * 1000


def time_interleaved(queries: dict[str, list[Query]]) -> dict[str, list[float]]:
    """Query i of every kind, then query i + 1 of every kind...: load bursts hit all kinds alike."""
    times: dict[str, list[float]] = {kind: [] for kind in queries}
    for i in range(max(len(qs) for qs in queries.values())):
        for kind, qs in queries.items():
            if i < len(qs):
                times[kind].append(time_ms(ours, qs[i]))
    return times


#: Called before each baseline statement (the SQLite timeout restarts its clock there).
STATEMENT_STARTED: list[Callable[[], None]] = []


@contextmanager
def statement_timeout(engine: str, seconds: float) -> Iterator[None]:
    """Cap each baseline statement: PostgreSQL's statement_timeout; on SQLite a progress
    handler that interrupts a statement running longer. Both raise OperationalError."""
    from django.db import connection

    connection.ensure_connection()
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(seconds * 1000)])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        return
    deadline = [0.0]

    def restart() -> None:
        deadline[0] = time.perf_counter() + seconds

    raw = connection.connection
    raw.set_progress_handler(lambda: int(time.perf_counter() > deadline[0]), 10_000)
    STATEMENT_STARTED.append(restart)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)
        STATEMENT_STARTED.remove(restart)


def time_with_timeout(run: Callable[[Query], list[int]], queries: list[Query]) -> tuple[list[float], int]:
    """Baseline statements that hit the timeout are counted, not timed."""
    from django.db import OperationalError, transaction

    times, timeouts = [], 0
    for q in queries:
        for restart in STATEMENT_STARTED:
            restart()
        started = time.perf_counter()
        try:
            with transaction.atomic():
                run(q)
        except OperationalError:
            timeouts += 1
            continue
        times.append((time.perf_counter() - started) * 1000)
    return times, timeouts


# == The child: one database, Huddle's code ==============================================


def load_corpus(corpus: Corpus) -> dict[str, float]:
    """Rows through the ORM's bulk_create (not the services: their checks are not what is measured)."""
    from django.db import transaction

    from huddle.accounts.models import User
    from huddle.forum.models import Post, Space, Tag, Thread
    from huddle.forum.search import rebuild_index

    started = time.perf_counter()
    answers: dict[int, int] = {}
    for owner, kind, _ in corpus.replies:
        answers[owner] = answers.get(owner, 0) + (kind == "answer")
    with transaction.atomic():
        author = User.objects.create_user("bench.search@school.test", None, first_name="Bench", last_name="Search")
        spaces = Space.objects.bulk_create([Space(name=name, slug=name.lower()) for name in corpus.spaces])
        tags = Tag.objects.bulk_create([Tag(name=name) for name in corpus.tags])
        threads = Thread.objects.bulk_create(
            [
                Thread(
                    space=spaces[t["space"]], title=t["title"], body=t["body"], body_html="", author=author,
                    status=t["status"], state=t["state"], created_at=t["created"], last_activity_at=t["created"],
                    answer_count=answers.get(i, 0), has_endorsed_answer=t["endorsed"],
                )
                for i, t in enumerate(corpus.threads)
            ],
            batch_size=2000,
        )
        through = Thread.tags.through
        through.objects.bulk_create(
            [through(thread=threads[i], tag=tags[k]) for i, t in enumerate(corpus.threads) for k in t["tags"]],
            batch_size=5000,
        )
        Post.objects.bulk_create(
            [
                Post(
                    thread=threads[owner], kind=kind, body=body, body_html="", author=author,
                    created_at=corpus.threads[owner]["created"] + timedelta(hours=n % 48 + 1),
                )
                for n, (owner, kind, body) in enumerate(corpus.replies)
            ],
            batch_size=2000,
        )
    rows_s = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        count = rebuild_index()
    return {"rows_s": rows_s, "index_s": time.perf_counter() - started, "indexed": count}


def time_index_thread(n: int, seed: int) -> list[float]:
    """index_thread on random threads, each in its own transaction, as the services call it."""
    from django.db import transaction

    from huddle.forum.models import Thread
    from huddle.forum.search import index_thread

    ids = list(Thread.objects.values_list("pk", flat=True))
    times = []
    for pk in random.Random(seed + 2).sample(ids, min(n, len(ids))):
        started = time.perf_counter()
        with transaction.atomic():
            index_thread(thread_id=pk)
        times.append((time.perf_counter() - started) * 1000)
    return times


def engine_facts(engine: str) -> tuple[str, str]:
    """The engine's version and the index's size on disk."""
    from django.db import connection

    with connection.cursor() as cursor:
        if engine == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]} (FTS5)"
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'forum_search%'")
            return version, f"{(cursor.fetchone()[0] or 0) / 2**20:.0f} MB (three FTS5 tables)"
        cursor.execute("SHOW server_version")
        version = f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('forum_search') + "
            "pg_total_relation_size('forum_search_heading'))"
        )
        return version, f"{cursor.fetchone()[0]} (two tables with their GIN and primary-key indexes)"


def child(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    engine = args.child
    call_command("migrate", verbosity=0)
    corpus: Corpus = pickle.loads(Path(args.corpus).read_bytes())  # noqa: S301 - our own file, just written
    built = load_corpus(corpus)
    print(f"  rows written in {built['rows_s']:.0f} s, index built in {built['index_s']:.0f} s", flush=True)
    writes = time_index_thread(200, args.seed)
    queries = make_queries(corpus, args.queries, args.seed)
    for qs in queries.values():
        for q in qs[:5]:
            ours(q)  # warm the caches and the connection
    times = time_interleaved(queries)
    kinds: dict[str, dict[str, Any]] = {}
    for kind, qs in queries.items():
        matches = statistics.median(count_matches(engine, q) for q in qs[:20])
        kinds[kind] = {"ours": times[kind], "matches": f"{matches:,.0f}"}
        p50, p95 = percentile(times[kind], 0.5), percentile(times[kind], 0.95)
        print(f"  ours {kind:<27} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms", flush=True)
    naive = baseline_postgres if engine == "postgresql" else baseline_sqlite
    with statement_timeout(engine, args.timeout):
        for kind, qs in queries.items():
            kinds[kind]["baseline"], kinds[kind]["baseline_timeouts"] = time_with_timeout(
                naive, qs[: args.baseline_queries]
            )
            if engine == "postgresql" and kind in SLOW_BASELINE_KINDS:
                kinds[kind]["slow_baseline"], kinds[kind]["slow_timeouts"] = time_with_timeout(
                    slow_baseline_postgres, qs[:SLOW_BASELINE_QUERIES]
                )
            print(f"  baseline {kind:<27} done", flush=True)
    version, size = engine_facts(engine)
    result = {
        "engine": engine,
        "version": version,
        "timeout_s": args.timeout,
        "facts": {
            "data": f"{len(corpus.threads):,} threads + {len(corpus.replies):,} answers and comments = "
            f"{len(corpus.threads) + len(corpus.replies):,} posts; {corpus.facts}",
            "build": f"rows {built['rows_s']:.0f} s, rebuild_index {built['index_s']:.0f} s; index {size}",
            "index_thread, 200 calls in their own transactions": (
                f"p50 {percentile(writes, 0.5):.2f} ms, p95 {percentile(writes, 0.95):.2f} ms"
            ),
        },
        "kinds": kinds,
    }
    Path(args.out).write_text(json.dumps(result))
    return 0


# == The parent: databases, child processes, the report =================================


@dataclass(frozen=True)
class Postgres:
    server: str  # postgres://user@host:port
    name: str

    @property
    def url(self) -> str:
        return f"{self.server}/{self.name}"

    def _admin(self) -> Any:
        import psycopg

        return psycopg.connect(f"{self.server}/postgres", autocommit=True, connect_timeout=5)

    def create(self) -> None:
        from psycopg import sql

        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self) -> None:
        from psycopg import sql

        with self._admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def child_env(database_url: str) -> dict[str, str]:
    """Huddle's own settings on the throw-away database; nothing inherited changes them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HUDDLE_"))}
    for name in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "PYTHONPATH"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=database_url,
        HUDDLE_TESTING="true",  # a fixed secret and local hosts; DEBUG stays off, so no query log
        DJANGO_SETTINGS_MODULE="huddle.settings",
        PYTHONPATH=str(REPO),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


@contextmanager
def throwaway_database(args: argparse.Namespace, engine: str, tmp: Path) -> Iterator[str]:
    """The database URL for one engine's run; deleted or dropped afterwards, whatever happens."""
    if engine == "sqlite":
        yield f"sqlite:///{tmp / 'bench-search.sqlite3'}"  # the temporary folder goes with the run
        return
    db = Postgres(args.pg.rstrip("/"), f"huddle_search_bench_{os.getpid()}_{secrets.token_hex(3)}")
    db.create()
    try:
        yield db.url
    finally:
        db.drop()
        print(f"  dropped database {db.name}", flush=True)


def run_child(args: argparse.Namespace, engine: str, database_url: str, tmp: Path) -> dict[str, Any]:
    out = tmp / f"{engine}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", engine, "--out", str(out)]
    cmd += ["--corpus", str(tmp / "corpus.pickle")]
    for name in ("queries", "baseline_queries", "seed", "timeout"):
        cmd += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=child_env(database_url), check=False)
    if proc.returncode != 0:
        raise BenchError(f"the {engine} run failed (exit {proc.returncode}); its output is above")
    print(f"  {engine}: {time.perf_counter() - started:.0f} s", flush=True)
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the p95 of 200 values is the 190th smallest."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered), -(-int(share * 1000) * len(ordered) // 1000)) - 1)]


def fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def spread(values: list[float]) -> tuple[str, str, str]:
    if not values:
        return ("–", "–", "–")
    return fmt(percentile(values, 0.5)), fmt(percentile(values, 0.95)), fmt(max(values))


def table(result: dict[str, Any]) -> list[str]:
    lines = [
        "| query | n | p50 ms | p95 ms | max ms | matches (median) | baseline n | baseline p50 | baseline p95 "
        "| p95 ours / baseline | to_tsvector p50 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in KINDS:
        row = result["kinds"][kind]
        ours_, base = row["ours"], row["baseline"]
        ratio = f"{percentile(ours_, 0.95) / percentile(base, 0.95):.4f}" if base else "–"
        timeouts = row.get("baseline_timeouts", 0)
        base_p50, base_p95, _ = spread(base)
        if timeouts:
            base_p95 += f" (+{timeouts} > {result['timeout_s']:g} s)"
        slow = row.get("slow_baseline", [])
        slow_cell = fmt(percentile(slow, 0.5)) if slow else "–"
        if row.get("slow_timeouts"):
            slow_cell += f" (+{row['slow_timeouts']} > {result['timeout_s']:g} s)"
        lines.append(
            f"| {kind} | {len(ours_)} | {' | '.join(spread(ours_))} | {row['matches']} | {len(base)} "
            f"| {base_p50} | {base_p95} | {ratio} | {slow_cell} |"
        )
    return lines


def checks(result: dict[str, Any]) -> list[tuple[str, bool]]:
    p95 = {kind: percentile(row["ours"], 0.95) for kind, row in result["kinds"].items()}
    found = [(f"{kind}: p95 {p95[kind]:.2f} ms < {MAX_P95_MS:g} ms", p95[kind] < MAX_P95_MS) for kind in KINDS]
    ratio = p95["common"] / p95["rare"]
    found.append((f"common p95 / rare p95 = {ratio:.2f} ≤ {MAX_COMMON_OVER_RARE:g}", ratio <= MAX_COMMON_OVER_RARE))
    for kind, (_, unfiltered) in KINDS.items():
        if unfiltered:
            ratio = p95[kind] / p95[unfiltered]
            limit = MAX_FILTERED_OVER_UNFILTERED
            found.append((f"{kind} p95 / {unfiltered} p95 = {ratio:.2f} ≤ {limit:g}", ratio <= limit))
    return found


BASELINES = {
    "sqlite": "one FTS5 MATCH joined to forum_thread, the filter in the same WHERE, ORDER BY bm25 over every match",
    "postgresql": "ORDER BY ts_rank over every match of the stored tsvector (GIN), the filter joined to "
    "forum_thread; to_tsvector column: to_tsvector(title || body) of every thread at query time",
}


def report(results: list[dict[str, Any]], args: argparse.Namespace, loads: tuple[str, str]) -> bool:
    all_ok = True
    for result in results:
        print(f"\n## {result['engine']}: {result['version']}\n")
        for key, value in result["facts"].items():
            print(f"- {key}: {value}")
        print(f"- baseline: {BASELINES[result['engine']]}\n")
        print("\n".join(table(result)))
        print()
        for text, ok in checks(result):
            all_ok &= ok
            print(f"- {'PASS' if ok else 'FAIL'}: {text}")
        p95 = {kind: percentile(row["ours"], 0.95) for kind, row in result["kinds"].items()}
        for kind in ("medium", "two common", "similar (any word, prefix)"):
            print(f"- not a target: {kind} p95 / rare p95 = {p95[kind] / p95['rare']:.2f}")
    print(f"\nmachine: nproc {os.cpu_count()}, {cpu_model()}, Python {platform.python_version()}")
    print(f"load average: start {loads[0]}, end {loads[1]}")
    print("command: .venv/bin/python " + shlex.join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]))
    if args.json:
        args.json.write_text(json.dumps({"results": results, "load": loads}, indent=1) + "\n")
    return all_ok


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def parent(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    loads_start = loadavg()
    print(f"Load average at start: {loads_start} (nproc {os.cpu_count()})", flush=True)
    started = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory(prefix="huddle-bench-search-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = build_corpus(args.threads, args.replies, args.seed)
        (tmp / "corpus.pickle").write_bytes(pickle.dumps(corpus))
        print(f"forum generated in {time.perf_counter() - started:.0f} s: {corpus.facts}", flush=True)
        for engine in args.only or ENGINES:
            print(f"{engine}:", flush=True)
            with throwaway_database(args, engine, tmp) as url:
                results.append(run_child(args, engine, url, tmp))
    ok = report(results, args, (loads_start, loadavg()))
    print(f"run took {time.perf_counter() - started:.0f} s")
    return 0 if ok else 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=100_000, help="threads (each has its opening post)")
    parser.add_argument("--replies", type=int, default=100_000, help="answers and comments")
    parser.add_argument("--queries", type=int, default=200, help="timed queries per kind (ours)")
    parser.add_argument("--baseline-queries", type=int, default=10, help="timed queries per kind (baseline)")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds a baseline statement may take")
    parser.add_argument("--only", choices=ENGINES, action="append", help="one database only (repeatable)")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(args)
    try:
        return parent(args)
    except BenchError as error:
        print(f"bench/search.py: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted; the throw-away databases are gone.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
