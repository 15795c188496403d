"""The enrollment form: goals, focus areas, capacity, ranked requests and private blocks."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import User
from huddle.mentoring.models import Cycle, Enrollment, FocusArea


class EnrollmentForm(forms.Form):
    goals = forms.CharField(
        label=_("What would you like from this program?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"), choices=FocusArea.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(label=_("How many mentees can you take?"), min_value=1, required=False)
    request_1 = forms.TypedChoiceField(label=_("First choice"), coerce=int, required=False, empty_value=None)
    request_2 = forms.TypedChoiceField(label=_("Second choice"), coerce=int, required=False, empty_value=None)
    request_3 = forms.TypedChoiceField(label=_("Third choice"), coerce=int, required=False, empty_value=None)
    blocks = forms.TypedMultipleChoiceField(
        label=_("People you would rather not be paired with"),
        coerce=int,
        required=False,
        help_text=_("Private: only the matching sees this."),
    )

    def __init__(self, *args: Any, cycle: Cycle, side: str, others: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.side = side
        choices = [(u.pk, f"{u.get_full_name()}") for u in others]
        for name in ("request_1", "request_2", "request_3"):
            self.fields[name].choices = [("", _("No preference")), *choices]  # type: ignore[attr-defined]
        self.fields["blocks"].choices = choices  # type: ignore[attr-defined]
        if side == Enrollment.Side.MENTOR:
            capacity = self.fields["capacity"]
            capacity.max_value = cycle.max_capacity  # type: ignore[attr-defined]
            capacity.widget.attrs.update({"min": 1, "max": cycle.max_capacity})
            capacity.help_text = _("At most %(n)d.") % {"n": cycle.max_capacity}
            capacity.required = True
            if not self.is_bound and "capacity" not in self.initial:
                self.initial["capacity"] = cycle.default_capacity
        else:
            del self.fields["capacity"]

    def requests(self) -> list[int]:
        picks = [self.cleaned_data.get(f"request_{k}") for k in (1, 2, 3)]
        return [p for p in picks if p is not None]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        picks = [data.get(f"request_{k}") for k in (1, 2, 3)]
        chosen = [p for p in picks if p is not None]
        if len(chosen) != len(set(chosen)):
            self.add_error("request_2", _("Choose a different person for each choice."))
        if set(chosen) & set(data.get("blocks") or []):
            self.add_error("blocks", _("A person cannot be both requested and avoided."))
        return data
