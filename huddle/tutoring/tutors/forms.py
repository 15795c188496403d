"""Forms of the tutor pages: applying, and a coordinator's decision. The rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import Topic
from huddle.tutoring.tutors.services import STATEMENT_MAX


class ApplyForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=_("Subjects you would tutor"),
        queryset=Topic.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick each course or system you know well; a coordinator approves each one separately."),
    )
    statement = forms.CharField(
        label=_("Why you want to tutor"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=STATEMENT_MAX,
        required=False,
        help_text=_("A few sentences: how you did in these subjects, and how you like to explain things."),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    note = forms.CharField(
        label=_("Note to the student"),
        max_length=500,
        required=False,
        help_text=_("Needed when you decline: what they could do next."),
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data.get("decision") == "approve"
