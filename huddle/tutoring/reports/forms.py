"""Forms of the coordinators' pages: the booking rules, and the months a report covers."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huddle.lib.errors import HuddleError
from huddle.tutoring.models import Rules
from huddle.tutoring.reports.selectors import MAX_MONTHS, Period, months_between
from huddle.tutoring.reports.services import RULE_FLAGS, RULE_RANGES, range_message, rules_check


def _label(name: str) -> str:
    field = Rules._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


HELP = {
    "lead_time_hours": _("0 lets students book until a session starts."),
    "cancel_window_hours": _("Cancelling later than this counts as a late cancellation; moving is refused."),
    "max_per_week": _("Weeks run Monday to Sunday on the school's calendar."),
    "max_tutor_hours_per_week": _("Booked hours; a group session counts once."),
    "no_show_limit": _("0 never suspends anyone."),
    "no_show_term_days": _("No-shows older than this stop counting; also the “term” of a tutor's hours."),
    "suspension_days": _("Counted from the last no-show."),
    "horizon_weeks": _("How far ahead weekly windows open sessions."),
}


class RulesForm(forms.Form):
    """One field per rule, labelled as the model labels it, limited by the service's ranges."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (low, high) in RULE_RANGES.items():
            message = range_message(name)
            self.fields[name] = forms.IntegerField(
                label=_label(name),
                widget=forms.NumberInput(attrs={"min": low, "max": high}),
                help_text=HELP.get(name, ""),
                error_messages={
                    "required": message,
                    "invalid": message,
                    "min_value": message,
                    "max_value": message,
                },
                min_value=low,
                max_value=high,
            )
        for name in RULE_FLAGS:
            self.fields[name] = forms.BooleanField(label=_label(name), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(name in data for name in RULE_RANGES):
            try:
                rules_check(data)
            except HuddleError as error:
                self.add_error(error.field, error.message)
        return data


def _month(text: str) -> date | None:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


class MonthField(forms.CharField):
    """A ``YYYY-MM`` month (``<input type="month">``) as the first day of that month."""

    widget = forms.TextInput(attrs={"type": "month", "pattern": "[0-9]{4}-[0-9]{2}", "placeholder": "2030-01"})

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        month = _month(text.strip())
        if month is None or not 2000 <= month.year <= 2100:
            raise forms.ValidationError(gettext("Give a month such as 2030-01."), code="invalid")
        return month

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%Y-%m}" if isinstance(value, date) else value


class PeriodForm(forms.Form):
    """Whole months, from and to (inclusive); the report's default when left empty."""

    first = MonthField(label=_("From month"), required=False)
    last = MonthField(label=_("To month"), required=False)

    def __init__(self, *args: Any, default: Period, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default = default
        self.fields["first"].initial = default.first
        self.fields["last"].initial = default.last

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if "first" in self.errors or "last" in self.errors:
            return data
        first = first or self.default.first
        last = last or max(first, self.default.last)
        if last < first:
            self.add_error("last", gettext("End on or after the first month."))
        elif months_between(first, last) > MAX_MONTHS:
            self.add_error("last", gettext("Choose at most %(n)d months.") % {"n": MAX_MONTHS})
        data["first"], data["last"] = first, last
        return data

    def period(self) -> Period:
        """The months asked for (the default when the form is unbound or invalid)."""
        if self.is_bound and self.is_valid():
            return Period(self.cleaned_data["first"], self.cleaned_data["last"])
        return self.default
