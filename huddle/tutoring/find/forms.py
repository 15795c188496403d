"""The week view's filters (GET): they only shape input; the selectors decide what is open."""

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import Language, Topic
from huddle.tutoring.find.selectors import TIME_OF_DAY_LABELS, WeekFilters
from huddle.tutoring.models import Modality

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class FindForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Subject"),
        queryset=Topic.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("Any subject"),
    )
    modality = forms.ChoiceField(
        label=_("How"), choices=[("", _("Virtual or in person")), *Modality.choices], required=False
    )
    language = forms.ModelChoiceField(
        label=_("Tutor speaks"),
        queryset=Language.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Any language"),
    )
    day = forms.TypedChoiceField(
        label=_("Day"), choices=[("", _("Any day")), *WEEKDAYS], coerce=int, empty_value=None, required=False
    )
    time = forms.ChoiceField(
        label=_("Time of day"), choices=[("", _("Any time")), *TIME_OF_DAY_LABELS.items()], required=False
    )
    week = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, last_week: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["week"].validators.append(MaxValueValidator(last_week))

    def filters(self) -> WeekFilters:
        data = self.cleaned_data
        return WeekFilters(
            topic=data["topic"],
            modality=data["modality"],
            language=data["language"],
            weekday=data["day"],
            time_of_day=data["time"],
            week=data["week"] or 0,
        )
