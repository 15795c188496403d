"""Forms for profiles, availability, roles, topics and the people directory.

Forms check the shape of input; the rules live in ``services``. A page shows
each error as "Field label: message" in a summary linked to the field, so
every refusal names its field.
"""

from typing import Any

from django import forms
from django.core.files import File
from django.db.models import Q
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts import policy
from huddle.accounts.availability import WEEK_BLOCKS, bytes_from_blocks, parse_block_string
from huddle.accounts.models import (
    VISIBLE_FIELDS,
    ClassYear,
    Language,
    Modality,
    Profile,
    Role,
    Specialty,
    Topic,
    Visibility,
)
from huddle.accounts.services import (
    ProfileChanges,
    graduation_year_range,
    photo_checked,
    valid_time_zones,
)
from huddle.lib.errors import HuddleError

#: Listed first in the time zone menu; most schools are in one of these.
COMMON_ZONES = (
    ("America/New_York", gettext_lazy("Eastern")),
    ("America/Chicago", gettext_lazy("Central")),
    ("America/Denver", gettext_lazy("Mountain")),
    ("America/Phoenix", gettext_lazy("Arizona")),
    ("America/Los_Angeles", gettext_lazy("Pacific")),
    ("America/Anchorage", gettext_lazy("Alaska")),
    ("Pacific/Honolulu", gettext_lazy("Hawaii")),
    ("America/Puerto_Rico", gettext_lazy("Atlantic (Puerto Rico)")),
)

#: One city for each of the world's usual offsets, for rotations and research abroad.
WORLD_ZONES = (
    "America/Halifax", "America/St_Johns", "America/Mexico_City", "America/Bogota", "America/Lima",
    "America/Santiago", "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "Atlantic/Azores", "Europe/London",
    "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid", "Europe/Paris", "Europe/Berlin", "Europe/Rome",
    "Europe/Athens", "Europe/Istanbul", "Europe/Moscow", "Africa/Lagos", "Africa/Cairo", "Africa/Nairobi",
    "Africa/Johannesburg", "Asia/Jerusalem", "Asia/Riyadh", "Asia/Dubai", "Asia/Tehran", "Asia/Karachi",
    "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka", "Asia/Bangkok", "Asia/Ho_Chi_Minh", "Asia/Shanghai",
    "Asia/Hong_Kong", "Asia/Manila", "Asia/Singapore", "Asia/Seoul", "Asia/Tokyo", "Australia/Perth",
    "Australia/Adelaide", "Australia/Sydney", "Pacific/Auckland", "Pacific/Guam", "UTC",
)  # fmt: skip

_SELECTED = SafeString(" selected")
_CHECKED = SafeString(" checked")

VISIBILITY_LABELS = {
    "pronouns": gettext_lazy("Who sees your pronouns"),
    "photo": gettext_lazy("Who sees your photo"),
    "class_year": gettext_lazy("Who sees your class year"),
    "specialties": gettext_lazy("Who sees your specialty interests"),
    "topics": gettext_lazy("Who sees your courses and topics"),
    "languages": gettext_lazy("Who sees your languages"),
    "bio": gettext_lazy("Who sees your bio"),
    "availability": gettext_lazy("Who sees your availability"),
}


def time_zone_choices(current: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    """US zones first, one city per usual offset abroad, and the person's own zone.

    Any of the ~600 IANA zones is still accepted (the browser's detection
    sets it); listing all of them made the page 30 kB heavier for choices
    nobody scrolls to.
    """
    common = {zone for zone, _label in COMMON_ZONES}
    world = [zone for zone in WORLD_ZONES if zone not in common]
    if current and current not in common and current not in world and current in valid_time_zones():
        world.append(current)
    return [
        (_("Common US time zones"), [(zone, f"{label} ({zone})") for zone, label in COMMON_ZONES]),
        (_("Around the world"), [(zone, zone.replace("_", " ")) for zone in sorted(world)]),
    ]


def error_summary(*forms_: forms.Form) -> list[tuple[str, str]]:
    """(field id, "Label: message") for every error, so each names its field."""
    items = []
    for form in forms_:
        for name, errors in form.errors.items():
            bound = form[name] if name in form.fields else None
            label = str(bound.label) if bound is not None else ""
            anchor = (bound.id_for_label or bound.auto_id or "") if bound is not None else ""
            for message in map(str, errors):
                text = message if not label or message.startswith(label) else f"{label}: {message}"
                items.append((anchor, text))
    return items


def _visibility_field(name: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=Visibility.choices,
        label=VISIBILITY_LABELS[name],
        error_messages={"invalid_choice": gettext_lazy("Choose everyone, program staff or only me.")},
    )


class Form(forms.Form):
    """Labels without Django's trailing colon; the summary adds its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CheckList(forms.CheckboxSelectMultiple):
    """Checkboxes in a fieldset, styled as a compact list, rendered in Python.

    Django renders each option through a template; for the ~130 specialties
    and the topics that made the profile page's widgets cost 25 ms. The
    markup is the same as Django's: a ``div`` per option, groups as fieldsets.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "check-list", **(attrs or {})})

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        groups = []
        for group_name, options, _index in self.optgroups(name, value, final):
            boxes = format_html_join(
                "",
                '<div><label for="{}"><input type="checkbox" name="{}" value="{}" id="{}"{}> {}</label></div>',
                (
                    (
                        o["attrs"]["id"],
                        name,
                        o["value"],
                        o["attrs"]["id"],
                        _CHECKED if o["selected"] else "",
                        o["label"],
                    )
                    for o in options
                ),
            )
            groups.append(
                format_html("<fieldset><legend>{}</legend>{}</fieldset>", group_name, boxes) if group_name else boxes
            )
        return format_html(
            '<div id="{}" class="check-list">{}</div>',
            final.get("id", ""),
            format_html_join("", "{}", ((g,) for g in groups)),
        )


class ZoneSelect(forms.Select):
    """The ~600 time zones, rendered in Python: one template per option made the page slow."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = str(value or "")
        groups = [
            format_html(
                '<optgroup label="{}">{}</optgroup>',
                label,
                format_html_join(
                    "",
                    '<option value="{}"{}>{}</option>',
                    ((zone, _SELECTED if zone == chosen else "", text) for zone, text in options),
                ),
            )
            for label, options in self.choices
        ]
        final_attrs = flatatt(self.build_attrs(self.attrs, attrs))
        options_html = format_html_join("", "{}", ((group,) for group in groups))
        return format_html('<select name="{}"{}>{}</select>', name, final_attrs, options_html)


class TimeZoneField(forms.ChoiceField):
    """Lists a short menu, accepts any IANA time zone (the browser may detect one not listed)."""

    def valid_value(self, value: Any) -> bool:
        return str(value) in valid_time_zones()


class ProfileForm(Form):
    display_name = forms.CharField(
        label=gettext_lazy("Display name"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("How your name appears to others. Leave empty to use your full name."),
    )
    pronouns = forms.CharField(label=gettext_lazy("Pronouns"), max_length=40, required=False)
    photo = forms.FileField(
        label=gettext_lazy("Photo"),
        required=False,
        help_text=gettext_lazy("Optional. JPEG, PNG or WebP, up to 2 MB."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=gettext_lazy("Remove my photo"), required=False)
    class_year = forms.TypedChoiceField(
        label=gettext_lazy("Class year"),
        choices=[("", gettext_lazy("Not set")), *ClassYear.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    graduation_year = forms.IntegerField(
        label=gettext_lazy("Graduation year"),
        required=False,
        help_text=gettext_lazy("Four digits, for example 2028."),
        error_messages={"invalid": gettext_lazy("Enter a four-digit year.")},
    )
    specialties = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Specialty interests"), queryset=Specialty.objects.all(), required=False, widget=CheckList
    )
    topics = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Courses and topics"), queryset=Topic.objects.none(), required=False, widget=CheckList
    )
    languages = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Languages spoken"), queryset=Language.objects.all(), required=False, widget=CheckList
    )
    time_zone = TimeZoneField(
        label=gettext_lazy("Time zone"),
        widget=ZoneSelect,
        error_messages={"invalid_choice": gettext_lazy("“%(value)s” is not a known time zone.")},
    )
    modality = forms.ChoiceField(
        label=gettext_lazy("Modality preference"), choices=Modality.choices, widget=forms.RadioSelect
    )
    bio = forms.CharField(label=gettext_lazy("Short bio"), max_length=1000, required=False, widget=forms.Textarea)
    accessibility_notes = forms.CharField(
        label=gettext_lazy("Accessibility notes"),
        max_length=1000,
        required=False,
        widget=forms.Textarea,
        help_text=gettext_lazy(
            "Private: only you and the coordinators who arrange your sessions see these notes, "
            "and each time a coordinator reads them it is recorded."
        ),
    )

    def __init__(self, *args: Any, profile: Profile, **kwargs: Any) -> None:
        self.profile = profile
        if "initial" not in kwargs:
            kwargs["initial"] = self._initial_from(profile)
        super().__init__(*args, **kwargs)
        for name in VISIBLE_FIELDS:
            if name != "availability":
                self.fields[f"visibility_{name}"] = _visibility_field(name)
        # Deactivated topics stay available to the people who already chose them.
        held = profile.topics.filter(is_active=False).values("pk") if profile.pk else Topic.objects.none()
        self.fields["topics"].queryset = Topic.objects.filter(Q(is_active=True) | Q(pk__in=held)).order_by(  # type: ignore[attr-defined]
            "kind", "name"
        )
        self.fields["time_zone"].choices = time_zone_choices(profile.time_zone)  # type: ignore[attr-defined]
        low, high = graduation_year_range()
        year = self.fields["graduation_year"]
        year.widget.attrs.update({"min": low, "max": high})
        self.graduation_range = (low, high)
        self.has_class_year = policy.has_class_year(profile.user)
        if not self.has_class_year:
            del self.fields["class_year"]
            del self.fields["graduation_year"]
            del self.fields["visibility_class_year"]

    @staticmethod
    def _initial_from(profile: Profile) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "display_name": profile.display_name,
            "pronouns": profile.pronouns,
            "class_year": profile.class_year,
            "graduation_year": profile.graduation_year,
            "time_zone": profile.time_zone,
            "modality": profile.modality,
            "bio": profile.bio,
            "accessibility_notes": profile.accessibility_notes,
        }
        if profile.pk:
            initial["specialties"] = list(profile.specialties.values_list("pk", flat=True))
            initial["topics"] = list(profile.topics.values_list("pk", flat=True))
            initial["languages"] = list(profile.languages.values_list("pk", flat=True))
        for name in VISIBLE_FIELDS:
            initial[f"visibility_{name}"] = profile.visibility_of(name)
        return initial

    def clean_photo(self) -> File | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            photo_checked(upload)
        except HuddleError as error:
            raise forms.ValidationError(error.message) from error
        return upload  # type: ignore[no-any-return]

    def clean_graduation_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("graduation_year")
        low, high = self.graduation_range
        if year is not None and not low <= year <= high:
            raise forms.ValidationError(
                _("Graduation year must be between %(low)d and %(high)d.") % {"low": low, "high": high}
            )
        return year

    def visibility_pairs(self) -> dict[str, forms.BoundField]:
        """The visibility menu that sits beside each field, by field name."""
        return {name: self[f"visibility_{name}"] for name in VISIBLE_FIELDS if f"visibility_{name}" in self.fields}

    def changes(self) -> ProfileChanges:
        data = self.cleaned_data
        return ProfileChanges(
            display_name=data["display_name"],
            pronouns=data["pronouns"],
            time_zone=data["time_zone"],
            modality=data["modality"],
            bio=data["bio"],
            accessibility_notes=data["accessibility_notes"],
            specialties=list(data["specialties"]),
            topics=list(data["topics"]),
            languages=list(data["languages"]),
            visibility={name: data[f"visibility_{name}"] for name in VISIBLE_FIELDS if f"visibility_{name}" in data},
            class_year=data.get("class_year"),
            graduation_year=data.get("graduation_year"),
            photo=data.get("photo"),
            remove_photo=bool(data.get("remove_photo")),
        )


class WeekGridForm(Form):
    """A weekly grid: a 336-character string from the script, or checked boxes ``b`` without it.

    ``cleaned_data["week"]`` holds the 42 bytes. Profiles and the study-group
    pools' opt-in paint the same grid, so both read it here.
    """

    availability = forms.CharField(label=gettext_lazy("Weekly availability"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "availability" in self.data:
            try:
                data["week"] = parse_block_string(self.data.get("availability") or "")
            except ValueError:
                self.add_error(
                    "availability",
                    _("Weekly availability must be %(n)d characters of 0 and 1, one per half hour from Monday 00:00.")
                    % {"n": WEEK_BLOCKS},
                )
        else:
            data["week"] = self._week_from_boxes()
        return data

    def _week_from_boxes(self) -> bytes | None:
        blocks = [False] * WEEK_BLOCKS
        raw_values: list[str] = self.data.getlist("b") if isinstance(self.data, QueryDict) else []
        for raw in raw_values:
            if not raw.isdigit() or int(raw) >= WEEK_BLOCKS:
                self.add_error(
                    "availability",
                    _("Weekly availability: “%(value)s” is not a half-hour block between 0 and %(last)d.")
                    % {"value": raw[:20], "last": WEEK_BLOCKS - 1},
                )
                return None
            blocks[int(raw)] = True
        return bytes_from_blocks(blocks)


class AvailabilityForm(WeekGridForm):
    """The profile's grid and who sees it."""

    visibility_availability = _visibility_field("availability")


class RolesForm(Form):
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles"),
        choices=Role.choices,
        required=False,
        widget=CheckList,
        error_messages={"invalid_choice": gettext_lazy("“%(value)s” is not a role.")},
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, remove the coordinator or well-being role; I know this takes away access at once."),
        required=False,
    )


class TopicCreateForm(Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Topic.Kind.choices, initial=Topic.Kind.COURSE)


class TopicRenameForm(Form):
    name = forms.CharField(label=gettext_lazy("New name"), max_length=120)


class DirectoryForm(Form):
    """The directory's search box and filters (GET)."""

    q = forms.CharField(label=gettext_lazy("Name or e-mail"), max_length=100, required=False)
    class_year = forms.TypedChoiceField(
        label=gettext_lazy("Class year"),
        choices=[("", gettext_lazy("Any")), *ClassYear.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=[("", gettext_lazy("Any")), *Role.choices], required=False
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            *Language.objects.values_list("code", "name"),
        ]
