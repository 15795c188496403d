"""Forms of peer listening: a request, a message, a handoff answer, a report, a debrief, hours, settings."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.lib.forms import SubmissionField
from huddle.listening.hours import hours_from_ranges
from huddle.listening.models import (
    MESSAGE_MAX,
    OPENING_MAX,
    RETENTION_MAX_DAYS,
    RETENTION_MIN_DAYS,
    WAIT_MAX_MINUTES,
    WAIT_MIN_MINUTES,
    Report,
)

DAYS = (
    ("monday", _("Monday")),
    ("tuesday", _("Tuesday")),
    ("wednesday", _("Wednesday")),
    ("thursday", _("Thursday")),
    ("friday", _("Friday")),
    ("saturday", _("Saturday")),
    ("sunday", _("Sunday")),
)
_HOURS = [("", "—")] + [(str(h), f"{h:02d}:00") for h in range(25)]


class RequestForm(forms.Form):
    submission = SubmissionField()
    opening = forms.CharField(
        label=_("What is on your mind? (optional)"),
        max_length=OPENING_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("One line the listener reads before accepting. Skip it if you prefer."),
    )
    anonymous = forms.BooleanField(
        label=_("Talk anonymously"),
        required=False,
        help_text=_("The listener sees “Anonymous student”: never your name, e-mail or profile."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    contact_confirmed = forms.BooleanField(
        label=_("Send it anyway: I understand this may share contact details"), required=False
    )


class HandoffAnswerForm(forms.Form):
    consent = forms.TypedChoiceField(
        label=_("Bring in well-being staff?"),
        choices=[("yes", _("Yes, ask someone from well-being staff to join")), ("no", _("Not now"))],
        widget=forms.RadioSelect,
    )
    share_name = forms.BooleanField(label=_("Share my name with well-being staff"), required=False)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What happened?"), choices=Report.Reason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("Details (optional)"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DebriefForm(forms.Form):
    confirm = forms.BooleanField(label=_("Ask well-being staff for a debrief"), required=True)
    summary = forms.CharField(
        label=_("Anything you want them to know first (optional)"),
        help_text=_("Nothing from your conversations is shared unless you write it here. Leave out names."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class HoursForm(forms.Form):
    """One block of listening hours a day, in the school's time zone; "until" 24:00 means midnight."""

    paused = forms.BooleanField(label=_("Pause listening for now (keeps your hours)"), required=False)
    confirm = forms.BooleanField(
        label=_("I will follow the listener protocol, keep conversations on Huddle and never share contact details"),
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in DAYS:
            self.fields[f"{key}_from"] = forms.TypedChoiceField(
                label=_("%(day)s from") % {"day": label}, choices=_HOURS, coerce=int, empty_value=None, required=False
            )
            self.fields[f"{key}_until"] = forms.TypedChoiceField(
                label=_("%(day)s until") % {"day": label}, choices=_HOURS, coerce=int, empty_value=None, required=False
            )

    def day_fields(self) -> list[tuple[str, Any, Any]]:
        return [(str(label), self[f"{key}_from"], self[f"{key}_until"]) for key, label in DAYS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key, label in DAYS:
            start, end = data.get(f"{key}_from"), data.get(f"{key}_until")
            if (start is None) != (end is None):
                self.add_error(f"{key}_from", _("Give both times for %(day)s, or neither.") % {"day": label})
            elif start is not None and end is not None and not start < end:
                self.add_error(f"{key}_until", _("%(day)s must end after it starts.") % {"day": label})
        return data

    def hours(self) -> str:
        ranges: list[tuple[int, int] | None] = []
        for key, _label in DAYS:
            start, end = self.cleaned_data.get(f"{key}_from"), self.cleaned_data.get(f"{key}_until")
            ranges.append((start, end) if start is not None and end is not None else None)
        return hours_from_ranges(ranges)

    @staticmethod
    def initial_for(ranges: list[tuple[int, int] | None], paused: bool) -> dict[str, Any]:
        initial: dict[str, Any] = {"paused": paused}
        for (key, _label), pair in zip(DAYS, ranges, strict=True):
            if pair is not None:
                initial[f"{key}_from"], initial[f"{key}_until"] = str(pair[0]), str(pair[1])
        return initial


class SettingsForm(forms.Form):
    retention_days = forms.IntegerField(
        label=_("Delete messages this many days after a conversation ends"),
        min_value=RETENTION_MIN_DAYS,
        max_value=RETENTION_MAX_DAYS,
    )
    wait_minutes = forms.IntegerField(
        label=_("Keep a request open this many minutes when no listener accepts"),
        min_value=WAIT_MIN_MINUTES,
        max_value=WAIT_MAX_MINUTES,
    )
