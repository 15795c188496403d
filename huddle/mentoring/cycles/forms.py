"""Forms of the cycle pages: the cycle's rules, its criteria weights and presets, the end survey.

Rules across fields live in the services; the forms parse and type the input."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import ClassYear
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.mentoring import adapter
from huddle.mentoring.cycles.services import WEIGHT_PRESETS, cycle_validate, year_gap_check
from huddle.mentoring.models import Cycle

WEIGHT_LABELS = {
    "specialty": _("Shared specialty interests"),
    "language": _("A language in common"),
    "overlap": _("Weekly hours free at the same time"),
    "year_gap": _("A comfortable seniority gap (1 to 3 years)"),
    "modality": _("Compatible ways of meeting (virtual / in person)"),
    "request": _("Someone asked for the other"),
}


PRESET_LABELS = {
    "balanced": _("Balanced"),
    "career": _("Career-focused"),
    "availability": _("Availability-first"),
    "language": _("Language and culture"),
    "custom": _("Custom"),
}


def _weight_field(name: str) -> forms.FloatField:
    return forms.FloatField(
        label=WEIGHT_LABELS[name],
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "10"}),
    )


class WeightsMixin(forms.Form):
    """Six weights from 0 to 10; a preset fills them in."""

    weight_specialty = _weight_field("specialty")
    weight_language = _weight_field("language")
    weight_overlap = _weight_field("overlap")
    weight_year_gap = _weight_field("year_gap")
    weight_modality = _weight_field("modality")
    weight_request = _weight_field("request")

    def weights(self) -> dict[str, float]:
        return {name: float(self.cleaned_data[f"weight_{name}"]) for name in adapter.WEIGHT_FIELDS}

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{name}"] for name in adapter.WEIGHT_FIELDS]


def weight_initial(weights: dict[str, Any] | None) -> dict[str, float]:
    w = adapter.weights_from(weights)
    return {f"weight_{name}": getattr(w, name) for name in adapter.WEIGHT_FIELDS}


class WeightsForm(WeightsMixin):
    pass


class CycleForm(WeightsMixin, forms.ModelForm):
    mentee_class_years = forms.TypedMultipleChoiceField(
        label=_("Mentees are students in"),
        choices=ClassYear.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    mentor_class_years = forms.TypedMultipleChoiceField(
        label=_("Near-peer mentors are students in"),
        choices=ClassYear.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Cycle
        fields = [
            "name",
            "description",
            "starts_on",
            "ends_on",
            "enrollment_opens",
            "enrollment_closes",
            "mode",
            "two_tier",
            "mentee_class_years",
            "mentor_class_years",
            "faculty_may_mentor",
            "default_capacity",
            "max_capacity",
            "require_shared_language",
            "min_year_gap",
            "min_weekly_hours",
            "no_repeat_pairs",
        ]
        labels = {
            "faculty_may_mentor": _("Faculty may mentor"),
            "require_shared_language": _("Pairs must share a language"),
        }
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "enrollment_opens": forms.DateInput(attrs={"type": "date"}),
            "enrollment_closes": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
            "min_year_gap": forms.NumberInput(attrs={"min": 0, "max": 3}),
            "mode": forms.RadioSelect,
        }
        help_texts = {
            "two_tier": _("Each mentee gets a faculty mentor and a senior-student mentor, matched as two runs."),
            "min_weekly_hours": _(
                "People who paint less weekly availability are left out of the match, with the reason."
            ),
            "min_year_gap": _("Faculty count as far senior to every student. 0 means no rule."),
            "no_repeat_pairs": _("A mentee is never paired again with a mentor from an earlier cycle."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for key, value in weight_initial(self.instance.weights if self.instance.pk else None).items():
                self.initial.setdefault(key, value)

    def clean_min_year_gap(self) -> int:
        """Checked before the model's own range (PostgreSQL's 32,767) so the message names the real limit."""
        gap: int = self.cleaned_data["min_year_gap"]
        try:
            year_gap_check(gap)
        except HuddleError as error:
            raise forms.ValidationError(error.message) from error
        return gap

    def validate_constraints(self) -> None:
        """The service's rules first, so each message names its field."""
        if self.errors:
            return
        cycle = self.instance
        cycle.weights = {**(cycle.weights or {}), **self.weights()}
        try:
            cycle_validate(cycle)
        except HuddleError as error:
            add_service_error(self, error)
            return
        super().validate_constraints()

    def save(self, commit: bool = True) -> Cycle:
        cycle: Cycle = super().save(commit=False)
        cycle.weights = {**(cycle.weights or {}), **self.weights()}
        return cycle


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was the program for you?"),
        choices=[(5, _("5: excellent")), (4, "4"), (3, "3"), (2, "2"), (1, _("1: poor"))],
        coerce=int,
        widget=forms.RadioSelect,
    )
    would_recommend = forms.TypedChoiceField(
        label=_("Would you recommend it to a classmate?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything the coordinators should know?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def preset_choices() -> list[tuple[str, Any]]:
    return [(name, PRESET_LABELS[name]) for name in WEIGHT_PRESETS]
