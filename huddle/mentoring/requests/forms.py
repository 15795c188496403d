"""The note a mentee sends with a request."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MentorRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A short note to the mentor"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
