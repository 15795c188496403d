"""Find a group's filters (GET): they only shape input; the selectors decide what is listed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import Language, Topic
from huddle.groups.find.selectors import SORTS, FindFilters
from huddle.groups.models import Goal, Modality


class FindForm(forms.Form):
    q = forms.CharField(label=_("Name or description contains"), max_length=100, required=False)
    topic = forms.ModelChoiceField(
        label=_("Course or topic"),
        queryset=Topic.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("Any course or topic"),
    )
    goal = forms.ChoiceField(label=_("Goal"), choices=[("", _("Any goal")), *Goal.choices], required=False)
    modality = forms.ChoiceField(
        label=_("How it meets"), choices=[("", _("Virtual, in person or hybrid")), *Modality.choices], required=False
    )
    language = forms.ModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Any language"),
    )
    open = forms.BooleanField(label=_("Has open places"), required=False)
    fits = forms.BooleanField(label=_("Fits my week"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=list(SORTS.items()), required=False)

    def filters(self) -> FindFilters:
        data = self.cleaned_data
        return FindFilters(
            text=data["q"],
            topic=data["topic"],
            goal=data["goal"],
            modality=data["modality"],
            language=data["language"],
            open_places=data["open"],
            fits_my_week=data["fits"],
            sort=data["sort"] or "shared",
        )
