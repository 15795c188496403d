"""Forms of a group's sessions. The services hold the rules; a form reads a start and an end time (a length
would hide "ending before it starts", which the issue wants refused on its field) and a weekly repeat that
must name its last date."""

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.groups.models import Rsvp

SCOPE_CHOICES = [
    ("this", _("Only this session")),
    ("following", _("This session and all the following ones")),
]

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SessionFields(forms.Form):
    """When and where, for a new session and for a change."""

    starts_on = forms.DateField(
        label=_("Date"),
        widget=_DATE,
        error_messages={"required": _("Give a date."), "invalid": _("Give a date such as 2030-03-14.")},
    )
    starts = forms.TimeField(
        label=_("Starts"),
        widget=_TIME,
        error_messages={"required": _("Give a start time."), "invalid": _("Give a time such as 18:00.")},
    )
    ends = forms.TimeField(
        label=_("Ends"),
        widget=_TIME,
        error_messages={"required": _("Give an end time."), "invalid": _("Give a time such as 19:30.")},
    )
    title = forms.CharField(
        label=_("Title"), required=False, max_length=120, help_text=_("Optional, e.g. “Renal physiology review”.")
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        help_text=_("What you plan to cover; up to 2000 characters."),
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    meeting_link = forms.URLField(
        label=_("Meeting link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("A link starting with https://."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts is not None and ends is not None:
            if ends <= starts:
                self.add_error("ends", _("The session must end after it starts."))
            else:
                span = datetime.combine(date.min, ends) - datetime.combine(date.min, starts)
                data["minutes"] = int(span.total_seconds() // 60)
        return data


class SessionForm(SessionFields):
    """A new session: once, or every week until a last date."""

    repeat_weekly = forms.BooleanField(label=_("Repeat every week"), required=False)
    weekly_until = forms.DateField(
        label=_("Last weekly session on"),
        required=False,
        widget=_DATE,
        help_text=_("A weekly series needs an end; up to 26 weeks."),
        error_messages={"invalid": _("Give a date such as 2030-03-14.")},
    )
    field_order = ["starts_on", "starts", "ends", "repeat_weekly", "weekly_until", "title", "agenda"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("repeat_weekly"):
            data["weekly_until"] = None
        elif data.get("weekly_until") is None and "weekly_until" not in self.errors:
            self.add_error("weekly_until", _("Say when the weekly sessions end: a weekly series needs a last date."))
        return data


class EditForm(SessionFields):
    """A change to a session, and whether it applies to the following ones of its series too."""

    scope = forms.ChoiceField(label=_("Apply to"), choices=SCOPE_CHOICES, initial="this", widget=forms.RadioSelect)

    def __init__(self, *args: Any, series: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not series:
            self.fields["scope"].widget = forms.HiddenInput()


class CancelForm(forms.Form):
    scope = forms.ChoiceField(label=_("Cancel"), choices=SCOPE_CHOICES, initial="this", widget=forms.RadioSelect)


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(choices=Rsvp.Answer.choices)
    scope = forms.ChoiceField(choices=SCOPE_CHOICES, required=False)

    def clean_scope(self) -> str:
        return self.cleaned_data.get("scope") or "this"


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = members
