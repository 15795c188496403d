"""Forms of the pool pages: a coordinator's pool, a student's opt-in. The rules live in the services."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.forms import WeekGridForm
from huddle.accounts.models import ClassYear, Topic
from huddle.groups.models import MAX_GROUP_SIZE, MIN_GROUP_SIZE, Goal, Modality, Pool
from huddle.groups.pools.services import (
    ATTRIBUTE_MAX_LENGTH,
    MAX_ATTRIBUTES,
    MAX_COMMON_HOURS,
    EntryDetails,
    PoolDetails,
    attribute_lines,
)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PoolForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the groups are for; students read it before opting in."),
    )
    topic = forms.ModelChoiceField(
        label=gettext_lazy("Course or topic"),
        queryset=Topic.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=gettext_lazy("Any course or topic"),
    )
    class_year = forms.TypedChoiceField(
        label=gettext_lazy("Cohort (class year)"),
        choices=[("", gettext_lazy("Any class year")), *ClassYear.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("Only students of this class year may opt in."),
    )
    modality = forms.ChoiceField(label=gettext_lazy("Modality of the groups"), choices=Modality.choices)
    min_size = forms.IntegerField(
        label=gettext_lazy("Smallest group"),
        initial=4,
        widget=forms.NumberInput(attrs={"min": MIN_GROUP_SIZE, "max": MAX_GROUP_SIZE}),
    )
    max_size = forms.IntegerField(
        label=gettext_lazy("Largest group"),
        initial=6,
        widget=forms.NumberInput(attrs={"min": MIN_GROUP_SIZE, "max": MAX_GROUP_SIZE}),
    )
    min_common_hours = forms.DecimalField(
        label=gettext_lazy("Minimum common hours a week"),
        initial=2,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_COMMON_HOURS, "step": "0.5"}),
        help_text=gettext_lazy("Every group should share at least this much free time; groups below it are flagged."),
    )
    protected_attributes = forms.CharField(
        label=gettext_lazy("Protected attributes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    mix_years = forms.BooleanField(label=gettext_lazy("Mix class years in every group"), required=False)
    opt_in_closes_at = forms.DateTimeField(
        label=gettext_lazy("Opting in closes"),
        required=False,
        widget=DateTimeLocalInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=gettext_lazy("In your time zone. Leave empty to close the pool by hand."),
    )

    def __init__(self, *args: Any, pool: Pool | None = None, **kwargs: Any) -> None:
        if pool is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": pool.title,
                "description": pool.description,
                "topic": pool.topic_id,
                "class_year": pool.class_year,
                "modality": pool.modality,
                "min_size": pool.min_size,
                "max_size": pool.max_size,
                "min_common_hours": pool.min_common_hours,
                "protected_attributes": "\n".join(pool.protected_attributes or []),
                "mix_years": pool.mix_years,
                "opt_in_closes_at": pool.opt_in_closes_at,
            }
        super().__init__(*args, **kwargs)
        self.fields["protected_attributes"].help_text = _(
            "One per line, at most %(n)d, each under %(len)d characters, e.g. “First-generation student”. "
            "Students may tick them when they opt in; nobody who ticks one is left the only one in a group. "
            "Only coordinators see who ticked what."
        ) % {"n": MAX_ATTRIBUTES, "len": ATTRIBUTE_MAX_LENGTH}

    def details(self) -> PoolDetails:
        d = self.cleaned_data
        return PoolDetails(
            title=d["title"],
            description=d.get("description") or "",
            topic=d.get("topic"),
            class_year=d.get("class_year"),
            modality=d["modality"],
            min_size=d["min_size"],
            max_size=d["max_size"],
            min_common_hours=d["min_common_hours"],
            protected_attributes=attribute_lines(d.get("protected_attributes") or ""),
            mix_years=bool(d.get("mix_years")),
            opt_in_closes_at=d.get("opt_in_closes_at"),
        )


ENTRY_MODALITY_CHOICES = [
    ("virtual", gettext_lazy("Virtual only")),
    ("in_person", gettext_lazy("In person only")),
    ("either", gettext_lazy("Either")),
]


class OptInForm(WeekGridForm):
    """Goal, how the student can meet, their week (the grid's 336 characters, or its boxes ``b``), attributes."""

    goal = forms.ChoiceField(label=gettext_lazy("Your goal"), choices=Goal.choices)
    modality = forms.ChoiceField(
        label=gettext_lazy("How you can meet"), choices=ENTRY_MODALITY_CHOICES, widget=forms.RadioSelect
    )
    availability = forms.CharField(label=gettext_lazy("When you are free"), required=False)
    attributes = forms.MultipleChoiceField(
        label=gettext_lazy("Anything you choose to share"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Only coordinators see this. It is used only so that you are never the only one in your group."
        ),
    )

    def __init__(self, *args: Any, pool: Pool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = list(pool.protected_attributes or [])
        field = self.fields["attributes"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(label, label) for label in labels]
        if not labels:
            del self.fields["attributes"]

    def details(self) -> EntryDetails:
        d = self.cleaned_data
        return EntryDetails(
            goal=d["goal"],
            modality=d["modality"],
            availability=d.get("week") or b"",
            attributes=tuple(d.get("attributes") or ()),
        )


class MoveForm(forms.Form):
    """A student (pool entry) and where to: a proposed group's id, or empty for the unplaced."""

    entry = forms.IntegerField(min_value=1)
    group = forms.IntegerField(min_value=1, required=False)
