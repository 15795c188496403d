"""Well-being in the JSON API: a student's own check-ins, published stories, suppressed totals.

There is no operation that takes a person: check-ins are always the caller's
own, stories carry a byline (never an author id), and totals come from
``suppress_counts`` with ``null`` where a count is hidden.
"""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from huddle.wellbeing import policy
from huddle.wellbeing.checkins.selectors import checkins_for_year
from huddle.wellbeing.reports import selectors as reports
from huddle.wellbeing.stories.selectors import published_stories

router = Router(tags=["wellbeing"])


class CheckInOut(Schema):
    week: date
    burnout: int
    stress: int
    sleep_hours: int | None
    note: str


class ReactionOut(Schema):
    kind: str
    count: int


class StoryOut(Schema):
    id: int
    title: str
    body_html: str
    byline: str
    anonymous: bool
    published_at: datetime | None
    themes: list[str]
    reactions: list[ReactionOut]


class TableOut(Schema):
    title: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    grand_total: int | None
    minimum: int


@router.get("/checkins", response=list[CheckInOut])
def wellbeing_my_checkins(request: HttpRequest) -> list[CheckInOut]:
    """The caller's own check-ins of the last 52 weeks (students only)."""
    if not policy.can_check_in(request.user):
        raise HttpError(403, "Not allowed.")
    return [
        CheckInOut(week=c.week, burnout=c.burnout, stress=c.stress, sleep_hours=c.sleep_hours, note=c.note)
        for c in checkins_for_year(student=request.user)
    ]


@router.get("/stories", response=list[StoryOut])
def wellbeing_stories(request: HttpRequest, theme: str = "") -> list[StoryOut]:
    return [
        StoryOut(
            id=s.pk,
            title=s.title,
            body_html=s.body_html,
            byline=s.byline,
            anonymous=s.anonymous,
            published_at=s.published_at,
            themes=[key for key, _label in s.themes],
            reactions=[ReactionOut(kind=k, count=n) for k, _label, n, _mine in s.reactions],
        )
        for s in published_stories(viewer=request.user, theme=theme)
    ]


@router.get("/totals/burnout", response=TableOut)
def wellbeing_burnout_totals(request: HttpRequest, weeks: int = 4) -> TableOut:
    """Burnout answers by class year (well-being staff), suppressed below 10 people."""
    if not policy.can_see_wellbeing_totals(request.user):
        raise HttpError(403, "Not allowed.")
    report = reports.burnout_by_class_year(weeks=weeks if weeks in reports.PERIODS else 4)
    t = report.table
    return TableOut(
        title=report.title,
        row_labels=report.row_labels,
        column_labels=report.column_labels,
        cells=t.cells,
        row_totals=t.row_totals,
        column_totals=t.column_totals,
        grand_total=t.grand_total,
        minimum=t.minimum,
    )
