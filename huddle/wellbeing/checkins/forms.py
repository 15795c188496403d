from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.wellbeing.models import BurnoutAnswer

STRESS = [(n, str(n)) for n in range(1, 6)]


class CheckInForm(forms.Form):
    burnout = forms.TypedChoiceField(
        label=_("Using your own idea of burnout, which sentence fits you best this week?"),
        choices=BurnoutAnswer.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    stress = forms.TypedChoiceField(
        label=_("How stressed have you felt this week? (1 = not at all, 5 = extremely)"),
        choices=STRESS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    sleep_hours = forms.IntegerField(
        label=_("Hours of sleep on a usual night this week"), min_value=0, max_value=16, required=False
    )
    note = forms.CharField(
        label=_("A note for yourself (optional, only you will see it)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
