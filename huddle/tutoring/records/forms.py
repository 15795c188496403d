"""Forms after a session: the tutor's completion (attendance, minutes, notes) and the student's rating."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.tutoring.models import Booking
from huddle.tutoring.records.services import COMMENT_LIMIT, MAX_MINUTES, NOTES_LIMIT

STARS = [(5, _("5 – excellent")), (4, _("4 – good")), (3, _("3 – fair")), (2, _("2 – poor")), (1, _("1 – not helpful"))]


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("How helpful was the session?"),
        choices=STARS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=COMMENT_LIMIT,
        required=False,
        help_text=_("Coordinators read ratings and comments; your tutor sees only an average of several ratings."),
    )


class CompletionForm(forms.Form):
    """Minutes tutored, then for each student who held a place: came or not, and a note they will read."""

    minutes = forms.IntegerField(
        label=_("Minutes tutored"),
        min_value=1,
        max_value=MAX_MINUTES,
        help_text=_("The time the school counts as your tutoring hours."),
    )

    def __init__(self, *args: Any, bookings: list[Booking], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bookings = bookings
        for booking in bookings:
            name = booking.student.get_full_name() or booking.student.email
            self.fields[f"attended_{booking.pk}"] = forms.BooleanField(
                label=_("%(name)s came") % {"name": name},
                required=False,
                initial=booking.status == Booking.Status.ATTENDED,
            )
            self.fields[f"notes_{booking.pk}"] = forms.CharField(
                label=_("Notes for %(name)s") % {"name": name},
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=NOTES_LIMIT,
                required=False,
                initial=booking.tutor_notes,
                help_text=_("What you covered and what to practise next: the student reads it."),
            )

    def rows(self) -> list[tuple[Booking, forms.BoundField, forms.BoundField]]:
        """Each booking with its two fields, for the template."""
        return [(b, self[f"attended_{b.pk}"], self[f"notes_{b.pk}"]) for b in self.bookings]

    def attended(self) -> set[int]:
        return {b.pk for b in self.bookings if self.cleaned_data.get(f"attended_{b.pk}")}

    def notes(self) -> dict[int, str]:
        return {b.pk: self.cleaned_data.get(f"notes_{b.pk}") or "" for b in self.bookings}
