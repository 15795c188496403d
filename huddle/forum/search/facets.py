"""Filter tokens: what a thread's entry says about its space, state and date, and how filters ask for it.

The tokens live in the entry's ``facets`` column, so the full-text engine
intersects the reader's filters with the words itself (see
:mod:`huddle.forum.search.plan`). A filter costs per *token in the query*
(each opens a posting list) more than per matching row, so the tokens are
chosen to make every filter a handful of them:

* the space: ``space12``; with answered or endorsed, one pair token
  (``space12answered``): a short list instead of the intersection of a
  short and a half-the-forum one;
* the date, "created on or after a day", in the site's time zone (the
  search form's dates are local days), for SQLite's big table only (its small
  tables and PostgreSQL compare ``created`` instead, see the engines). A
  thread created on 2026-05-07 carries "on or after" tokens for the years ``ay2017``…``ay2026``, for the months
  of its year ``am202601``…``am202605`` and for the days of its month
  ``ad20260501``…``ad20260507``. "Since 2025-11-15" is then ``ay2026 OR
  am202512 OR ad20251115``: three tokens whatever the range, exact to the
  day, each a list of just the threads it stands for.
"""

from datetime import date, datetime, time

from django.utils import timezone

ANSWERED, UNANSWERED = "answered", "unanswered"
ENDORSED, UNENDORSED = "endorsed", "unendorsed"
#: Year tokens reach this far back; an older "since" filters by the exact time only.
YEARS_BACK = 10

#: Any of these conjunctions of tokens.
Alternatives = tuple[tuple[str, ...], ...]


def space_token(space_id: int) -> str:
    return f"space{int(space_id)}"


def state_tokens(*, answered: bool, endorsed: bool) -> tuple[str, str]:
    return (ANSWERED if answered else UNANSWERED, ENDORSED if endorsed else UNENDORSED)


def local_day(moment: datetime) -> date:
    """The day in the site's time zone; a naive moment is taken as the site's time."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment).date()


def for_thread(*, space_id: int, answered: bool, endorsed: bool) -> tuple[str, ...]:
    """Space and state tokens: the space alone, each state alone, and each as a pair with the space."""
    space = space_token(space_id)
    states = state_tokens(answered=answered, endorsed=endorsed)
    return (space, *states, *(space + state for state in states))


def days_for(created_at: datetime) -> tuple[str, ...]:
    """"On or after" tokens for the years, months and days up to the local day of ``created_at``."""
    day = local_day(created_at)
    return (
        *(f"ay{year:04d}" for year in range(day.year - YEARS_BACK + 1, day.year + 1)),
        *(f"am{day.year:04d}{month:02d}" for month in range(1, day.month + 1)),
        *(f"ad{day.year:04d}{day.month:02d}{d:02d}" for d in range(1, day.day + 1)),
    )


def since(moment: datetime) -> Alternatives | None:
    """Threads created on or after the local day of ``moment``; ``None`` when too far back for tokens."""
    day = local_day(moment)
    if timezone.localdate().year - day.year >= YEARS_BACK:
        return None
    alternatives = []
    if day.year < timezone.localdate().year:  # no thread is from a later year yet: its list is empty
        alternatives.append(f"ay{day.year + 1:04d}")
    if day.month < 12:
        alternatives.append(f"am{day.year:04d}{day.month + 1:02d}")
    alternatives.append(f"ad{day.year:04d}{day.month:02d}{day.day:02d}")
    return tuple((token,) for token in alternatives)


def needs_exact_time(moment: datetime) -> bool:
    """Whether ``since`` lies inside a local day, so tokens (whole days) find too much."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment).time() != time.min
