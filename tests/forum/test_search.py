"""Forum search: relevance order, filters inside the match, visibility, hostile input.

Rows are written with the factories and indexed by calling ``index_thread``,
as the forum's services do inside their transactions. Runs on SQLite (FTS5)
and on PostgreSQL (stored tsvectors), whichever DATABASE_URL names.
"""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from huddle.forum import search
from huddle.forum.models import Post, Space, Status, Tag, Thread
from huddle.forum.search import SearchFilters, index_thread, search_threads, similar_threads, unindex_thread
from tests.forum.factories import make_post, make_space, make_thread
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def thread(space: Space, people: Personas, title: str, body: str = "Nothing else to say.", **changes) -> Thread:
    """A thread, with ``changes`` written to its row, then indexed."""
    made = make_thread(space, people.ms1, title=title, body=body)
    if changes:
        Thread.objects.filter(pk=made.pk).update(**changes)
    index_thread(thread_id=made.pk)
    return made


@pytest.fixture
def space(people: Personas) -> Space:
    return make_space("Cardiology")


def test_a_title_match_ranks_above_a_body_only_match(people, space):
    in_body = thread(space, people, "Question about renal physiology", "The murmur of aortic stenosis radiates, murmur")
    in_title = thread(space, people, "Which murmur radiates to the carotids?", "Asking for the exam.")
    newer_in_body = thread(space, people, "Exam logistics", "Someone mentioned a murmur in passing.")

    assert search_threads(text="murmur")[0] == in_title.pk
    assert set(search_threads(text="murmur")) == {in_body.pk, in_title.pk, newer_in_body.pk}


def test_more_of_the_words_in_the_title_ranks_higher(people, space):
    both_in_title = thread(space, people, "Nephritic syndrome and hematuria", "Red cell casts.")
    one_in_title = thread(space, people, "Nephritic syndrome basics", "Hematuria with casts.")
    none_in_title = thread(space, people, "Glomerular disease", "Nephritic picture, hematuria.")

    assert search_threads(text="nephritic hematuria") == [both_in_title.pk, one_in_title.pk, none_in_title.pk]


def test_tags_rank_between_title_and_body(people, space):
    in_body = thread(space, people, "A question", "Something about gout.")
    tagged = thread(space, people, "Another question", "Nothing here.")
    Thread.objects.get(pk=tagged.pk).tags.add(Tag.objects.create(name="gout"))
    index_thread(thread_id=tagged.pk)
    in_title = thread(space, people, "Gout flare", "Colchicine?")

    assert search_threads(text="gout") == [in_title.pk, tagged.pk, in_body.pk]


def test_all_words_by_default_any_word_on_request(people, space):
    both = thread(space, people, "Warfarin and vitamin K")
    one = thread(space, people, "Warfarin dosing")

    assert search_threads(text="warfarin vitamin") == [both.pk]
    assert search_threads(text="warfarin vitamin", any_word=True) == [both.pk, one.pk]


def test_words_are_stemmed_and_stop_words_ignored(people, space):
    found = thread(space, people, "Murmurs heard in the elderly")

    assert search_threads(text="the murmur") == [found.pk]
    assert search_threads(text="the of and") == []
    assert search_threads(text="") == []


def test_tags_are_searchable(people, space):
    tagged = thread(space, people, "A question without the word")
    tagged_row = Thread.objects.get(pk=tagged.pk)
    tagged_row.tags.add(Tag.objects.create(name="electrophysiology"))
    index_thread(thread_id=tagged.pk)

    assert search_threads(text="electrophysiology") == [tagged.pk]


def test_published_answers_and_comments_are_searched_hidden_ones_are_not(people, space):
    asked = thread(space, people, "Heart sounds")
    answer = make_post(asked, people.ms3, body="Listen for the opening snap of mitral stenosis.")
    make_post(asked, people.ms3, body="A pericardial knock is earlier.", kind=Post.Kind.COMMENT, parent=answer)
    make_post(asked, people.ms3, body="Tumor plop in myxoma.", status=Status.HIDDEN)
    index_thread(thread_id=asked.pk)

    assert search_threads(text="opening snap") == [asked.pk]
    assert search_threads(text="pericardial knock") == [asked.pk]
    assert search_threads(text="myxoma") == []

    Post.objects.filter(pk=answer.pk).update(status=Status.HIDDEN)
    index_thread(thread_id=asked.pk)
    assert search_threads(text="snap") == []
    assert search_threads(text="knock") == [], "a comment under a hidden answer is not shown, so not found"


def test_filter_by_space(people, space):
    other = make_space("Nephrology")
    here = thread(space, people, "Edema in heart failure")
    there = thread(other, people, "Edema in nephrotic syndrome")

    assert search_threads(text="edema", filters=SearchFilters(space_ids=(space.pk,))) == [here.pk]
    assert search_threads(text="edema", filters=SearchFilters(space_ids=(other.pk,))) == [there.pk]
    both = search_threads(text="edema", filters=SearchFilters(space_ids=(space.pk, other.pk)))
    assert set(both) == {here.pk, there.pk}
    assert search_threads(text="edema", filters=SearchFilters(space_ids=())) == []


def test_filter_answered_and_unanswered(people, space):
    answered = thread(space, people, "Digoxin toxicity signs")
    make_post(answered, people.ms3, body="Yellow vision.")
    index_thread(thread_id=answered.pk)
    unanswered = thread(space, people, "Digoxin and hypokalemia")

    assert search_threads(text="digoxin", filters=SearchFilters(answered=True)) == [answered.pk]
    assert search_threads(text="digoxin", filters=SearchFilters(answered=False)) == [unanswered.pk]


def test_filter_endorsed(people, space):
    endorsed = thread(space, people, "Statin myopathy", answer_count=1, has_endorsed_answer=True)
    plain = thread(space, people, "Statin timing", answer_count=1)

    assert search_threads(text="statin", filters=SearchFilters(endorsed=True)) == [endorsed.pk]
    assert search_threads(text="statin", filters=SearchFilters(endorsed=False)) == [plain.pk]


def test_filter_since_a_date(people, space):
    now = timezone.now()
    old = thread(space, people, "Amiodarone side effects", created_at=now - timedelta(days=400))
    same_month_older = thread(space, people, "Amiodarone and thyroid", created_at=now - timedelta(days=40, hours=1))
    recent = thread(space, people, "Amiodarone loading dose", created_at=now - timedelta(days=3))

    since = now - timedelta(days=40)
    assert search_threads(text="amiodarone", filters=SearchFilters(since=since)) == [recent.pk]
    later = search_threads(text="amiodarone", filters=SearchFilters(since=since - timedelta(hours=2)))
    assert set(later) == {same_month_older.pk, recent.pk}
    everything = search_threads(text="amiodarone", filters=SearchFilters(since=now - timedelta(days=3650)))
    assert set(everything) == {old.pk, same_month_older.pk, recent.pk}
    assert search_threads(text="amiodarone", filters=SearchFilters(since=now + timedelta(days=1))) == []


def test_a_space_combines_with_each_state(people, space):
    other = make_space("Hepatology")
    answered_here = thread(space, people, "Wilson disease copper", answer_count=1, has_endorsed_answer=True)
    unanswered_here = thread(space, people, "Wilson disease rings")
    thread(other, people, "Wilson disease in children", answer_count=1, has_endorsed_answer=True)
    thread(other, people, "Wilson disease diet")
    here = (space.pk,)

    assert search_threads(text="wilson", filters=SearchFilters(space_ids=here, answered=True)) == [answered_here.pk]
    assert search_threads(text="wilson", filters=SearchFilters(space_ids=here, answered=False)) == [unanswered_here.pk]
    assert search_threads(text="wilson", filters=SearchFilters(space_ids=here, endorsed=True)) == [answered_here.pk]
    assert search_threads(text="wilson", filters=SearchFilters(space_ids=here, endorsed=False)) == [unanswered_here.pk]
    assert search_threads(text="wilson", filters=SearchFilters(space_ids=here, answered=False, endorsed=True)) == []


@pytest.mark.parametrize(
    ("since", "found", "not_found"),
    [
        ((2025, 12, 10), [(2025, 12, 10, 0, 0), (2025, 12, 31, 23, 59), (2026, 1, 1, 0, 0)], [(2025, 12, 9, 23, 59)]),
        ((2025, 3, 15), [(2025, 3, 15, 0, 0), (2025, 4, 1, 8, 0), (2026, 2, 1, 8, 0)], [(2025, 3, 14, 23, 59)]),
        ((2025, 1, 1), [(2025, 1, 1, 0, 0), (2025, 6, 1, 0, 0)], [(2024, 12, 31, 23, 59), (2019, 5, 5, 5, 5)]),
        ((2012, 1, 1), [(2019, 5, 5, 5, 5), (2012, 1, 1, 0, 0)], [(2011, 12, 31, 23, 59)]),  # beyond the year tokens
    ],
)
def test_since_a_local_day_from_the_search_form(people, space, since, found, not_found):
    """The form sends local midnight; day tokens must include that day and nothing before it."""
    local = timezone.get_current_timezone()

    def at(*parts: int) -> datetime:
        return datetime(*parts, tzinfo=local)

    made = {parts: thread(space, people, f"Tetralogy {parts}", created_at=at(*parts)).pk for parts in found + not_found}

    result = search_threads(text="tetralogy", filters=SearchFilters(since=at(*since)))

    assert set(result) == {made[parts] for parts in found}


def test_filters_combine(people, space):
    other = make_space("Pulmonology")
    wanted = thread(space, people, "Sarcoidosis workup", answer_count=2, has_endorsed_answer=True)
    thread(space, people, "Sarcoidosis treatment", answer_count=2)
    thread(other, people, "Sarcoidosis imaging", answer_count=1, has_endorsed_answer=True)

    filters = SearchFilters(space_ids=(space.pk,), answered=True, endorsed=True, since=timezone.now() - timedelta(1))
    assert search_threads(text="sarcoidosis", filters=filters) == [wanted.pk]


def test_a_filtered_search_finds_a_match_beyond_the_unfiltered_candidate_bound(people, space, monkeypatch):
    """Filters must run inside the match: fetching the newest N matches and
    filtering them afterwards would miss the old thread in the small space."""
    monkeypatch.setattr(search, "CANDIDATES", 3)  # each tier: the newest max(3, limit) matches
    small = make_space("Rare diseases")
    old = thread(small, people, "Fabry disease and angiokeratoma", "Angiokeratoma on the trunk.", answer_count=1)
    newer = [thread(space, people, f"Angiokeratoma {n}", "Angiokeratoma again.", answer_count=1) for n in range(25)]

    unfiltered = search_threads(text="angiokeratoma", limit=20)
    assert old.pk not in unfiltered and set(unfiltered) <= {t.pk for t in newer}, "the old match lies beyond the bound"
    assert search_threads(text="angiokeratoma", filters=SearchFilters(space_ids=(small.pk,))) == [old.pk]
    answered_here = SearchFilters(space_ids=(small.pk,), answered=True, since=timezone.now() - timedelta(days=1))
    assert search_threads(text="angiokeratoma", filters=answered_here) == [old.pk]


def test_an_old_title_match_outranks_many_newer_body_matches(people, space, monkeypatch):
    """Candidates are chosen by relevance too: the title tier reaches past the newest matches."""
    monkeypatch.setattr(search, "CANDIDATES", 3)
    titled = thread(space, people, "Sjogren syndrome and dry eyes", "Schirmer test.")
    for n in range(25):
        thread(space, people, f"Case {n}", "Dry mouth, maybe sjogren.")

    assert search_threads(text="sjogren", limit=5)[0] == titled.pk


def test_in_a_filtered_search_a_title_match_still_ranks_first(people, space):
    """Few filtered matches: their title words are read for them alone, not for the newest titles."""
    small = make_space("Toxicology")
    titled = thread(small, people, "Acetaminophen overdose", "Nomogram.")
    for n in range(60):
        thread(space, people, f"Acetaminophen question {n}", "Other space.")
    body_only = thread(small, people, "Liver injury", "After acetaminophen.")

    assert search_threads(text="acetaminophen", filters=SearchFilters(space_ids=(small.pk,))) == [
        titled.pk,
        body_only.pk,
    ]


@pytest.mark.parametrize(
    ("change", "restore"),
    [
        ({"status": Status.HIDDEN}, {"status": Status.PUBLISHED}),
        ({"status": Status.PENDING}, {"status": Status.PUBLISHED}),
        ({"state": Thread.State.DUPLICATE}, {"state": Thread.State.OPEN}),
    ],
)
def test_hidden_pending_and_duplicate_threads_are_not_found_until_published_again(people, space, change, restore):
    found = thread(space, people, "Kawasaki disease criteria")

    Thread.objects.filter(pk=found.pk).update(**change)
    index_thread(thread_id=found.pk)
    assert search_threads(text="kawasaki") == []

    Thread.objects.filter(pk=found.pk).update(**restore)
    index_thread(thread_id=found.pk)
    assert search_threads(text="kawasaki") == [found.pk]


def test_a_closed_thread_is_still_found(people, space):
    closed = thread(space, people, "Takayasu arteritis", state=Thread.State.CLOSED)

    assert search_threads(text="takayasu") == [closed.pk]


def test_a_thread_created_pending_is_not_found(people, space):
    pending = make_thread(space, people.ms1, title="Brugada pattern", status=Status.PENDING)
    index_thread(thread_id=pending.pk)

    assert search_threads(text="brugada") == []


def test_unindexed_and_deleted_threads_are_not_found(people, space):
    dropped = thread(space, people, "Whipple triad")
    deleted = thread(space, people, "Whipple procedure")

    unindex_thread(thread_id=dropped.pk)
    Thread.objects.filter(pk=deleted.pk).delete()
    index_thread(thread_id=deleted.pk)  # a thread that no longer exists: nothing to write, no error

    assert search_threads(text="whipple") == []


def test_a_row_changed_without_reindexing_is_still_not_shown(people, space):
    leaked = thread(space, people, "Lown-Ganong-Levine")
    Thread.objects.filter(pk=leaked.pk).update(status=Status.HIDDEN)  # no index_thread: a forgotten path

    assert search_threads(text="ganong") == []


def test_an_edit_replaces_the_entry(people, space):
    edited = thread(space, people, "Pheochromocytoma rule of tens")
    Thread.objects.filter(pk=edited.pk).update(title="Paraganglioma basics")
    index_thread(thread_id=edited.pk)

    assert search_threads(text="pheochromocytoma") == []
    assert search_threads(text="paraganglioma") == [edited.pk]


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"unbalanced quote',
        "NEAR(",
        "NEAR(murmur stenosis, 2)",
        "title:x",
        "{title}: murmur",
        "body : murmur",
        "*",
        "murmur*",
        "AND OR NOT",
        "murmur AND OR NOT stenosis",
        "(murmur",
        "murmur)",
        "^murmur",
        "-murmur",
        "murmur:*",
        "!murmur & | <-> :A",
        "'murmur' \\ ''",
        "x" * 10_000,
        "murmur " * 3_000,
        "🫀 murmur 💓",
        "🫀💓",
        "Ménière's disease ñ ß İ",
        "心雑音",
        "\x00 murmur \x1f",
        "%s %(text)s ? ?",
        "; DROP TABLE forum_search; --",
    ],
)
@pytest.mark.parametrize("any_word", [False, True])
def test_hostile_input_never_raises(people, space, text, any_word):
    thread(space, people, "Murmur of aortic stenosis")

    found = search_threads(text=text, any_word=any_word)

    assert isinstance(found, list)
    assert similar_threads(title=text, space_id=space.pk) == search_threads(
        text=text, filters=SearchFilters(space_ids=(space.pk,)), limit=5, any_word=True
    )


def test_hostile_input_still_finds_its_words(people, space):
    stenosis = thread(space, people, "Murmur of aortic stenosis")

    assert search_threads(text='("murmur" AND stenosis*') == [stenosis.pk]
    assert search_threads(text="title:murmur") == []  # "title" is a word like any other here
    assert search_threads(text="🫀 murmur 💓") == [stenosis.pk]
    assert search_threads(text="Murmur of aortic stenosis" + "!" * 10_000) == [stenosis.pk]


def test_accents_and_case_do_not_matter(people, space):
    menieres = thread(space, people, "Ménière disease and vertigo")

    assert search_threads(text="MENIERE") == [menieres.pk]


def test_similar_questions_match_any_word_and_the_last_as_a_prefix(people, space):
    other = make_space("Endocrinology")
    hypertension = thread(space, people, "First-line drugs for hypertension")
    thiazides = thread(space, people, "Thiazides and calcium")
    elsewhere = thread(other, people, "Hypertension in pregnancy")

    assert similar_threads(title="drugs for hyperten", space_id=space.pk) == [hypertension.pk]
    assert set(similar_threads(title="thiazide hyperten")) == {hypertension.pk, thiazides.pk, elsewhere.pk}
    assert search_threads(text="hyperten") == [], "only the similar-questions search treats a word as a prefix"
    assert similar_threads(title="calcium hy", space_id=space.pk) == [thiazides.pk], "two letters are no prefix"
    assert similar_threads(title="the of") == []
    assert len(similar_threads(title="hypertension drugs thiazides calcium pregnancy", limit=2)) == 2


def test_limit_is_respected(people, space):
    for n in range(6):
        thread(space, people, f"Syncope case {n}")

    assert len(search_threads(text="syncope", limit=4)) == 4
    assert search_threads(text="syncope", limit=0) == []
