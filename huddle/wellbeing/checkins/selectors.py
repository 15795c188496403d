"""A student's own check-ins, and the trend chart drawn from them (for that student only)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from huddle.wellbeing.models import CheckIn
from huddle.wellbeing.weeks import this_week, weeks_back

YEAR_WEEKS = 52


def checkin_of_week(*, student: Any, week: date | None = None) -> CheckIn | None:
    return CheckIn.objects.filter(student=student, week=week or this_week()).first()


def checked_in(*, student: Any, week: date | None = None) -> bool:
    return CheckIn.objects.filter(student=student, week=week or this_week()).exists()


def checkins_for_year(*, student: Any, until: date | None = None) -> list[CheckIn]:
    """The last 52 weeks of the student's own answers, oldest first, in one query."""
    weeks = weeks_back(until or this_week(), YEAR_WEEKS)
    return list(CheckIn.objects.filter(student=student, week__gte=weeks[0], week__lte=weeks[-1]).order_by("week"))


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    week: date
    value: int


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    points: list[Point]

    @property
    def path(self) -> str:
        """SVG path data; a missed week breaks the line instead of drawing through it."""
        parts: list[str] = []
        previous: Point | None = None
        for point in self.points:
            joined = previous is not None and (point.week - previous.week).days == 7
            parts.append(f"{'L' if joined else 'M'}{point.x:.1f},{point.y:.1f}")
            previous = point
        return " ".join(parts)


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    series: list[Series]
    gridlines: list[tuple[int, float]]
    months: list[tuple[date, float]]


def trend_chart(checkins: list[CheckIn], *, until: date | None = None) -> TrendChart:
    """Burnout and stress (both 1–5) over 52 weeks as coordinates; the template draws the SVG."""
    weeks = weeks_back(until or this_week(), YEAR_WEEKS)
    width, height, left, top, right, bottom = 720, 260, 40, 16, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    index = {week: i for i, week in enumerate(weeks)}

    def x(week: date) -> float:
        return left + plot_w * index[week] / (len(weeks) - 1)

    def y(value: int) -> float:
        return top + plot_h * (5 - value) / 4

    def series(key: str, label: str, attr: str) -> Series:
        points = [Point(x(c.week), y(getattr(c, attr)), c.week, getattr(c, attr)) for c in checkins if c.week in index]
        return Series(key, label, points)

    months = []
    seen: set[int] = set()
    for week in weeks:
        if week.month not in seen and week.day <= 7:
            seen.add(week.month)
            months.append((week, x(week)))
    return TrendChart(
        width,
        height,
        left,
        top,
        plot_w,
        plot_h,
        [series("burnout", _("Burnout (1–5)"), "burnout"), series("stress", _("Stress (1–5)"), "stress")],
        [(v, y(v)) for v in range(1, 6)],
        months,
    )
