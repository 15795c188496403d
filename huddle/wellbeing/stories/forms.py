from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.lib.forms import SubmissionField
from huddle.wellbeing.models import Theme


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    body = forms.CharField(
        label=_("Your story"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown works: *italics*, **bold**, lists. Leave out names of other people."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    anonymous = forms.BooleanField(
        label=_("Share anonymously (readers, faculty and coordinators never see your name)"),
        required=False,
        initial=True,
    )
    submission = SubmissionField()


class StoryEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    body = forms.CharField(label=_("Story"), widget=forms.Textarea(attrs={"rows": 12}))
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not published (the author reads this)"), widget=forms.Textarea(attrs={"rows": 3})
    )
