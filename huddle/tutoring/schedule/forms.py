"""Forms of a tutor's schedule: weekly windows, one-off sessions, days off. The services hold the rules."""

from typing import Any

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import Topic
from huddle.tutoring.models import MAX_GROUP_PLACES, SESSION_MINUTES, Modality, Tutor
from huddle.tutoring.schedule.services import Offer
from huddle.tutoring.tutors.selectors import approved_topics

MINUTES_CHOICES = [(m, format_lazy("{n} {unit}", n=m, unit=_("minutes"))) for m in SESSION_MINUTES]


class OfferForm(forms.Form):
    """Where and how a session happens, shared by weekly windows and one-off sessions."""

    modality = forms.ChoiceField(
        label=_("How"), choices=Modality.choices, initial=Modality.VIRTUAL, widget=forms.RadioSelect
    )
    meeting_link = forms.URLField(
        label=_("Meeting link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("For virtual sessions: a link starting with https://."),
    )
    room = forms.CharField(
        label=_("Room"), required=False, max_length=200, help_text=_("For sessions in person: where to meet.")
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        initial=1,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_GROUP_PLACES}),
        error_messages={"required": _("Give the number of places."), "invalid": _("Give a whole number.")},
    )
    topic = forms.ModelChoiceField(
        label=_("Subject"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=_("Any of my subjects"),
        help_text=_("Leave open to let students book any subject you are approved for."),
    )

    def __init__(self, *args: Any, tutor: Tutor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tutor = tutor
        topic_field = self.fields["topic"]
        assert isinstance(topic_field, forms.ModelChoiceField)
        topic_field.queryset = approved_topics(tutor)
        self.fields["capacity"].help_text = gettext(
            "1 for one-to-one, up to %(n)d for a small group (a waitlist fills when it is full)."
        ) % {"n": MAX_GROUP_PLACES}

    def offer(self) -> Offer:
        data = self.cleaned_data
        return Offer(
            modality=data["modality"],
            meeting_link=data.get("meeting_link") or "",
            room=data.get("room") or "",
            capacity=data["capacity"],
            topic=data.get("topic"),
        )


class WindowForm(OfferForm):
    weekday = forms.TypedChoiceField(
        label=_("Day"), choices=sorted(WEEKDAYS.items()), coerce=int, error_messages={"required": _("Choose a day.")}
    )
    starts = forms.TimeField(
        label=_("From"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Give a start time."), "invalid": _("Give a time such as 18:00.")},
    )
    ends = forms.TimeField(
        label=_("Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Give an end time."), "invalid": _("Give a time such as 20:00.")},
    )
    session_minutes = forms.TypedChoiceField(
        label=_("Each session lasts"), choices=MINUTES_CHOICES, coerce=int, initial=60
    )
    field_order = ["weekday", "starts", "ends", "session_minutes", "modality", "meeting_link", "room", "capacity"]


class SessionForm(OfferForm):
    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give a date."), "invalid": _("Give a date such as 2030-03-14.")},
    )
    starts = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Give a start time."), "invalid": _("Give a time such as 18:00.")},
    )
    minutes = forms.TypedChoiceField(label=_("Length"), choices=MINUTES_CHOICES, coerce=int, initial=60)
    field_order = ["day", "starts", "minutes", "modality", "meeting_link", "room", "capacity"]


class BlockedForm(forms.Form):
    day = forms.DateField(
        label=_("Day off"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give a date."), "invalid": _("Give a date such as 2030-03-14.")},
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PlacesForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Places"),
        error_messages={"required": _("Give the number of places."), "invalid": _("Give a whole number.")},
    )
