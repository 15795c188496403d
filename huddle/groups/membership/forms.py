"""Forms of joining and asking to join; the rules live in ``membership/services.py``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.groups.membership.services import NOTE_LIMIT


class JoinForm(forms.Form):
    """Join at once; ``token`` carries the invitation link of an invite-only group."""

    token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class RequestForm(JoinForm):
    request_note = forms.CharField(
        label=_("A note to the organisers (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_LIMIT,
        required=False,
        help_text=_("Your year, what you are preparing for, when you can meet."),
    )
