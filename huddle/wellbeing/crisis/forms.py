from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.wellbeing.models import CrisisResource


class CrisisResourceForm(forms.Form):
    label = forms.CharField(label=_("Name"), max_length=120)
    channel = forms.ChoiceField(label=_("How to reach it"), choices=CrisisResource.Channel.choices)
    contact = forms.CharField(
        label=_("Number or web address"),
        max_length=200,
        help_text=_("A phone number, or a web address starting https://"),
    )
    hours = forms.CharField(label=_("Hours"), max_length=120, required=False, help_text=_("e.g. 24/7, or weekdays 8–5"))
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=100)
