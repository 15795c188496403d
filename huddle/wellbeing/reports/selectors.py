"""Totals of check-ins for well-being staff, every one through ``suppress_counts``.

Each table counts *people*: a student who answered several weeks of a period
counts once, with their latest answer. Rows are read as plain values in one
query (no model per row), so 52 weeks of data cost the same number of
queries as one.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.lib.suppression import SuppressedTable, suppress_counts
from huddle.wellbeing.models import BURNED_OUT_FROM, BurnoutAnswer, CheckIn
from huddle.wellbeing.weeks import this_week, weeks_back

CLASS_YEARS = (1, 2, 3, 4)
PERIODS = {4: gettext_lazy("Last 4 weeks"), 13: gettext_lazy("Last 13 weeks"), 52: gettext_lazy("Last 52 weeks")}


@dataclass(frozen=True)
class Report:
    """A suppressed table with its row and column headings."""

    title: str
    row_labels: list[str]
    column_labels: list[str]
    table: SuppressedTable

    @property
    def rows(self) -> list[tuple[str, list[int | None], int | None]]:
        return list(zip(self.row_labels, self.table.cells, self.table.row_totals, strict=True))


def _period(weeks: int, until: date | None) -> tuple[date, date]:
    span = weeks_back(until or this_week(), weeks)
    return span[0], span[-1]


def burnout_by_class_year(*, weeks: int = 4, until: date | None = None) -> Report:
    """How many students gave each burnout answer, by class year, over the period (latest answer each)."""
    start, end = _period(weeks, until)
    latest: dict[int, tuple[int, int]] = {}
    rows = (
        CheckIn.objects.filter(week__gte=start, week__lte=end)
        .order_by("week")
        .values_list("student_id", "burnout", "student__profile__class_year")
    )
    for student_id, burnout, class_year in rows:
        if class_year in CLASS_YEARS:
            latest[student_id] = (class_year, burnout)
    counts = [[0] * 5 for _year in CLASS_YEARS]
    for class_year, burnout in latest.values():
        counts[class_year - 1][burnout - 1] += 1
    return Report(
        title=_("Burnout answers by class year"),
        row_labels=[_("MS%(n)d") % {"n": year} for year in CLASS_YEARS],
        column_labels=[str(value) for value in BurnoutAnswer.values],
        table=suppress_counts(counts),
    )


@dataclass(frozen=True)
class WeekShare:
    week: date
    burned_out: int | None
    respondents: int | None

    @property
    def percent(self) -> int | None:
        if self.burned_out is None or not self.respondents:
            return None
        return round(100 * self.burned_out / self.respondents)


def burned_out_by_week(*, weeks: int = 13, until: date | None = None) -> tuple[Report, list[WeekShare]]:
    """Per week, students answering 3 or more ("burning out" or worse) and the rest, suppressed as one table."""
    start, end = _period(weeks, until)
    span = weeks_back(end, weeks)
    index = {week: i for i, week in enumerate(span)}
    counts = [[0, 0] for _week in span]
    for week, burnout in CheckIn.objects.filter(week__gte=start, week__lte=end).values_list("week", "burnout"):
        counts[index[week]][0 if burnout >= BURNED_OUT_FROM else 1] += 1
    table = suppress_counts(counts)
    report = Report(
        title=_("Share of students burning out, by week"),
        row_labels=[week.isoformat() for week in span],
        column_labels=[_("Burning out or worse (3–5)"), _("Not burned out (1–2)")],
        table=table,
    )
    shares = [
        WeekShare(week, cells[0], total) for week, cells, total in zip(span, table.cells, table.row_totals, strict=True)
    ]
    return report, shares


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    share: WeekShare


def share_bars(shares: list[WeekShare], *, width: int = 720, height: int = 160) -> list[Bar]:
    """Bars for the weekly share (a week hidden by suppression draws no bar; the table says "hidden")."""
    slot = width / max(len(shares), 1)
    bars = []
    for i, share in enumerate(shares):
        percent = share.percent or 0
        tall = height * percent / 100
        bars.append(Bar(i * slot + slot * 0.15, height - tall, slot * 0.7, tall, share))
    return bars
