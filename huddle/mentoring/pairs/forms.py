"""Forms of the pair space: they parse and type the input; the rules are in ``services``.

Each form has its own prefix so several can share the pair page without
clashing ids. Forms that create a row carry a one-time submission token.
"""

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.lib.forms import SubmissionField
from huddle.mentoring.models import FocusArea, MeetingModality, Mentorship

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def coordinators_note(label: "StrOrPromise", help_text: "StrOrPromise") -> forms.CharField:
    """An optional free-text answer for coordinators' eyes, bounded like every note of the pair space."""
    return forms.CharField(
        label=label, max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=help_text
    )


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    prefix = "meeting"
    submission = SubmissionField()
    met_on = forms.DateField(label=_("Date"), widget=DateInput)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=600, initial=30)
    modality = forms.ChoiceField(label=_("How you met"), choices=MeetingModality.choices, widget=forms.RadioSelect)
    focus_topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=FocusArea.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    other_topics = forms.CharField(
        label=_("Other topics"), max_length=200, required=False, help_text=_("Separate topics with commas.")
    )
    private_notes = forms.CharField(
        label=_("Private notes"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you and your partner can read these notes. Coordinators never see them."),
    )


class NextMeetingForm(forms.Form):
    prefix = "next"
    at = forms.DateTimeField(
        label=_("Date and time"),
        widget=DateTimeLocalInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("In your own time zone."),
    )
    place = forms.CharField(label=_("Place or video link"), max_length=200, required=False)


class CancelMeetingForm(forms.Form):
    """Calling off the planned meeting asks nothing more than the button."""

    prefix = "cancel"


class GoalForm(forms.Form):
    prefix = "goal"
    submission = SubmissionField()
    title = forms.CharField(label=_("Goal"), max_length=200)
    focus_area = forms.ChoiceField(label=_("Focus area"), choices=[("", _("None")), *FocusArea.choices], required=False)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput)


class MilestoneForm(forms.Form):
    submission = SubmissionField()
    title = forms.CharField(label=_("New milestone"), max_length=200)


class CheckInForm(forms.Form):
    prefix = "checkin"
    rating = forms.TypedChoiceField(
        label=_("How is the mentoring going?"),
        coerce=int,
        choices=[
            (1, _("1 — Not well")),
            (2, _("2")),
            (3, _("3 — Fine")),
            (4, _("4")),
            (5, _("5 — Very well")),
        ],
        widget=forms.RadioSelect,
    )
    comment = coordinators_note(
        _("Comment (optional)"),
        _("Visible to program coordinators only — your partner never sees it."),
    )


class FitCheckForm(forms.Form):
    prefix = "fit"
    good_fit = forms.TypedChoiceField(
        label=_("Is this a good fit?"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Yes, a good fit")), ("no", _("Not a good fit"))],
        widget=forms.RadioSelect,
    )
    comment = coordinators_note(
        _("Anything a coordinator should know? (optional)"),
        _("Private: only program coordinators read this. Your partner is not told your answer."),
    )


class RematchForm(forms.Form):
    prefix = "rematch"
    reason = coordinators_note(
        _("Why? (optional)"),
        _("Private: only program coordinators read this. A rematch is no-fault."),
    )


class EndForm(forms.Form):
    prefix = "end"
    status = forms.ChoiceField(label=_("How did the pairing end?"), widget=forms.RadioSelect)
    reason = coordinators_note(
        _("Reason"),
        _("Required when ending early. Coordinators read it; your partner is only told the pairing ended."),
    )

    def __init__(self, *args: Any, allow_withdrawn: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (Mentorship.Status.COMPLETED.value, _("Completed")),
            (Mentorship.Status.COMPLETED_EARLY.value, _("Completed early")),
        ]
        if allow_withdrawn:
            choices.append((Mentorship.Status.WITHDRAWN.value, _("Withdrawn (by the program)")))
            self.fields["reason"].help_text = _("Required when ending early. The pair is told only that it ended.")
        self.fields["status"].choices = choices  # type: ignore[attr-defined]
