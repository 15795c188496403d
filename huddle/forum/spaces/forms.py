from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import Topic
from huddle.forum.models import Space, SpaceStaff


class SpaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Space.Kind.choices)
    topic = forms.ModelChoiceField(label=_("Course"), queryset=Topic.objects.filter(is_active=True), required=False)
    description = forms.CharField(label=_("Description"), max_length=500, required=False)


class StaffForm(forms.Form):
    email = forms.EmailField(label=_("Their e-mail address"))
    duty = forms.ChoiceField(label=_("Duty"), choices=SpaceStaff.Duty.choices)
