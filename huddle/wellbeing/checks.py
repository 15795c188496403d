"""Deploy checks for the well-being pages."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, register
from django.core.checks import Warning as CheckWarning

from huddle.lib.crisis import VARIABLE


@register("huddle", deploy=True)
def campus_crisis_lines_set(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Warn staff when production shows no campus crisis line.

    The variable is the fallback the crisis page shows until well-being
    staff add the school's resources on the page's editor (then the rows
    win). Without either the page lists only the national lines; that is
    safe but thin, and nobody notices a line that is missing, so
    ``check --deploy`` says so. (A check reads no database, so it cannot
    see the rows; the hint points to the editor.)
    """
    if settings.HUDDLE_CAMPUS_CRISIS_LINES.configured:
        return []
    return [
        CheckWarning(
            f"{VARIABLE} is not set, so the crisis pages show only the national lines (988, 911).",
            hint=f"Set {VARIABLE} to your school's lines as Label|number pairs separated by commas, "
            "or set it empty if the school has none; well-being staff can then keep them current at "
            "/wellbeing/crisis/manage/.",
            id="huddle.W001",
        )
    ]
