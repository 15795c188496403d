"""Forms of the training pages; the rules live in the services, these only shape input."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.lib.forms import SubmissionField
from huddle.lib.qualification import PeerRole
from huddle.training.models import Module, RoleRequirement


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, required=False, help_text=_("One sentence for the module list.")
    )
    body = forms.CharField(
        label=_("Content"),
        widget=forms.Textarea(attrs={"rows": 18}),
        required=False,
        max_length=20000,
        help_text=_("Markdown: headings with #, lists with -, **bold**, [links](https://…)."),
    )
    videos = forms.CharField(
        label=_("Video links"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One a line: Title | https://… (shown as links, not embedded)."),
    )
    valid_for_days = forms.IntegerField(
        label=_("Valid for (days)"),
        required=False,
        help_text=_("Leave empty if a completion never expires; 365 for yearly."),
    )
    requires_workshop = forms.BooleanField(label=_("Also requires attending one of its workshops"), required=False)


class QuizForm(forms.Form):
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=20000,
        help_text=_("“? ” starts a question, “* ” a correct option, “- ” a wrong one; a blank line between questions."),
    )
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), initial=80)


class PublishForm(forms.Form):
    status = forms.ChoiceField(choices=Module.Status.choices)


class RequirementForm(forms.Form):
    role = forms.ChoiceField(choices=PeerRole.choices, widget=forms.HiddenInput)
    modules = forms.ModelMultipleChoiceField(
        label=_("Required modules"),
        queryset=Module.objects.exclude(status=Module.Status.RETIRED).order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    valid_for_days = forms.IntegerField(
        label=_("Renew every (days)"), required=False, help_text=_("For this role; empty keeps each module's own rule.")
    )
    sign_off_by = forms.ChoiceField(label=_("Sign-off"), choices=RoleRequirement.SignOffBy.choices, required=False)


class WorkshopForm(forms.Form):
    module = forms.ModelChoiceField(
        label=_("Module it counts toward"),
        queryset=Module.objects.exclude(status=Module.Status.RETIRED).order_by("title"),
    )
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    virtual_link = forms.URLField(label=_("Video call link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Places"), min_value=1, initial=12)


class WorkshopEditForm(WorkshopForm):
    """The same fields without the module: attendance already counted toward it stays counted."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["module"]


class QuizTakeForm(forms.Form):
    """One checkbox group per question, built from the quiz version shown."""

    submission = SubmissionField()
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: object, questions: list[dict[str, object]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for number, q in enumerate(questions, start=1):
            self.fields[f"q{number}"] = forms.TypedMultipleChoiceField(
                label=f"{number}. {q['text']}",
                choices=[(str(i), str(o)) for i, o in enumerate(cast(list[str], q["options"]))],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=_("Choose every option that is right: one or more."),
            )
