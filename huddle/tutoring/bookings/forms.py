"""Forms of booking, moving and cancelling; the rules live in the services."""

import copy
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import Topic
from huddle.tutoring.bookings.services import MAX_SERIES_WEEKS, NOTE_LIMIT


class BookForm(forms.Form):
    """Book one session (or the same weekly session for several weeks).

    ``waitlist`` is offered only when the session is full, ``weeks`` only when
    the session comes from a weekly window. With one subject on offer it is
    chosen for the student.
    """

    topic = forms.ModelChoiceField(label=_("Subject"), queryset=Topic.objects.none(), empty_label=None)
    note = forms.CharField(
        label=_("What would you like to cover?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTE_LIMIT,
        required=False,
        help_text=_("The tutor reads it before the session: a topic, questions, a practice exam."),
    )
    waitlist = forms.BooleanField(
        label=_("Put me on the waitlist: I get the place automatically if someone cancels"), required=False
    )
    weeks = forms.IntegerField(
        label=_("Repeat weekly for how many weeks"),
        min_value=1,
        max_value=MAX_SERIES_WEEKS,
        initial=1,
        required=False,
        help_text=_("1 books this session only. Every week is checked; if one cannot be booked, none is."),
    )

    def __init__(self, *args: Any, topics: list[Topic], full: bool, weekly: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic = self.fields["topic"]
        topic.queryset = Topic.objects.filter(pk__in=[t.pk for t in topics]).order_by("name")  # type: ignore[attr-defined]
        self.only_topic = topics[0] if len(topics) == 1 else None
        if self.only_topic is not None:
            topic.initial = self.only_topic.pk
            topic.required = False
        if full:
            self.fields["waitlist"].initial = True
        else:
            del self.fields["waitlist"]
        if not weekly:
            del self.fields["weeks"]

    def offer_waitlist(self) -> None:
        """The session filled up while the student looked at it: offer its waitlist on the re-rendered form."""
        if "waitlist" not in self.fields:
            self.fields["waitlist"] = copy.deepcopy(self.base_fields["waitlist"])

    def clean_topic(self) -> Topic | None:
        chosen: Topic | None = self.cleaned_data.get("topic")
        return chosen or self.only_topic

    def clean_weeks(self) -> int:
        return int(self.cleaned_data.get("weeks") or 1)


class MoveForm(forms.Form):
    session = forms.IntegerField(label=_("New time"), min_value=1)
