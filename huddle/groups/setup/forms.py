"""The create and edit form of a group, and the invitation link's two actions.

The form speaks the organiser's clock: usual meeting times are up to three
rows of weekday, from and until in the organiser's own zone, turned into the
school's-zone week the group stores (and back again to pre-fill the edit
form). The rules about every other field live in ``setup/services.py``.
"""

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.availability import BLOCKS_PER_DAY
from huddle.accounts.models import Language, Topic
from huddle.groups import weeks
from huddle.groups.models import MAX_GROUP_SIZE, MIN_GROUP_SIZE, Goal, Modality, StudyGroup
from huddle.groups.setup.services import GroupDetails

#: How many weekly meeting rows the form offers.
MEETING_ROWS = 3


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time", "step": 1800}, format="%H:%M")


def row_names(n: int) -> tuple[str, str, str]:
    """The field names of meeting row ``n`` (1-based): weekday, from, until."""
    return f"day_{n}", f"from_{n}", f"until_{n}"


def _clock(block: int) -> time:
    """The wall-clock time at which half-hour block ``block`` of a day starts (48 means midnight)."""
    block %= BLOCKS_PER_DAY
    return time(block // 2, 30 * (block % 2))


def rows_from_week(meeting_week: bytes | memoryview | None, zone: ZoneInfo, at: datetime) -> list[dict[str, Any]]:
    """The stored school's-zone week as form rows in ``zone`` (at most as many as the form has)."""
    local = weeks.from_school_zone(weeks.week_int(meeting_week), zone.key, at)
    rows = []
    for first, end in weeks.runs(local)[:MEETING_ROWS]:
        rows.append({"day": first // BLOCKS_PER_DAY, "from": _clock(first), "until": _clock(end)})
    return rows


class GroupForm(forms.Form):
    """What a group is about, where and when it meets, and who may join."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=gettext_lazy("What you study, how you work, who the group is for."),
    )
    topic = forms.ModelChoiceField(
        label=gettext_lazy("Course or topic"),
        queryset=Topic.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("(none in particular)"),
    )
    goal = forms.ChoiceField(label=gettext_lazy("Goal"), choices=Goal.choices)
    modality = forms.ChoiceField(label=gettext_lazy("Modality"), choices=Modality.choices)
    place = forms.CharField(
        label=gettext_lazy("Place"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Where the group meets in person (room, library, building)."),
    )
    meeting_link = forms.URLField(
        label=gettext_lazy("Meeting link"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("For virtual and hybrid groups; only members see it."),
        error_messages={"invalid": gettext_lazy("Give a full link such as https://meet.example.edu/abc.")},
    )
    language = forms.ModelChoiceField(
        label=gettext_lazy("Language"),
        queryset=Language.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("(any)"),
    )
    # Bounds are the service's to check (its message names them); the widget only hints them.
    capacity = forms.IntegerField(
        label=gettext_lazy("Size limit"),
        widget=forms.NumberInput(attrs={"min": MIN_GROUP_SIZE, "max": MAX_GROUP_SIZE}),
        initial=6,
        error_messages={
            "required": gettext_lazy("Give the size limit."),
            "invalid": gettext_lazy("Give a whole number."),
        },
    )
    join_policy = forms.ChoiceField(
        label=gettext_lazy("Joining"),
        choices=StudyGroup.JoinPolicy.choices,
        widget=forms.RadioSelect,
        initial=StudyGroup.JoinPolicy.OPEN,
    )
    listed = forms.BooleanField(
        label=gettext_lazy("List the group in Find a group"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Unticked, the group is invite-only: people find it only through its invitation link."),
    )

    def __init__(self, *args: Any, zone: ZoneInfo, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.now = now
        days = [("", _("(no meeting)"))] + [(str(d), str(WEEKDAYS[d])) for d in range(7)]
        for n in range(1, MEETING_ROWS + 1):
            day, starts, ends = row_names(n)
            self.fields[day] = forms.ChoiceField(
                label=_("Day (meeting time %(n)d)") % {"n": n}, choices=days, required=False
            )
            self.fields[starts] = forms.TimeField(
                label=_("From (meeting time %(n)d)") % {"n": n},
                widget=_time_input(),
                required=False,
                error_messages={"invalid": _("Give a time such as 18:00.")},
            )
            self.fields[ends] = forms.TimeField(
                label=_("Until (meeting time %(n)d)") % {"n": n},
                widget=_time_input(),
                required=False,
                help_text=_("00:00 means midnight."),
                error_messages={"invalid": _("Give a time such as 20:00.")},
            )

    @classmethod
    def initial_for(cls, group: StudyGroup, *, zone: ZoneInfo, now: datetime) -> dict[str, Any]:
        """The edit form's starting values: the group as stored, its meeting times in ``zone``."""
        initial: dict[str, Any] = {
            "name": group.name,
            "description": group.description,
            "topic": group.topic_id,
            "goal": group.goal,
            "modality": group.modality,
            "place": group.place,
            "meeting_link": group.meeting_link,
            "language": group.language_id,
            "capacity": group.capacity,
            "join_policy": group.join_policy,
            "listed": group.listed,
        }
        for n, row in enumerate(rows_from_week(group.meeting_week, zone, now), start=1):
            day, starts, ends = row_names(n)
            initial.update({day: str(row["day"]), starts: row["from"], ends: row["until"]})
        return initial

    def main_fields(self) -> list[forms.BoundField]:
        """Every field but the meeting rows, in order, for the template."""
        rows = {name for n in range(1, MEETING_ROWS + 1) for name in row_names(n)}
        return [self[name] for name in self.fields if name not in rows]

    def meeting_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        """The rows' bound fields, for the template's table."""
        return [tuple(self[name] for name in row_names(n)) for n in range(1, MEETING_ROWS + 1)]  # type: ignore[misc]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, MEETING_ROWS + 1):
            self._check_row(n, data)
        return data

    def _check_row(self, n: int, data: dict[str, Any]) -> None:
        day_name, from_name, until_name = row_names(n)
        if from_name in self.errors or until_name in self.errors:
            return
        day, starts, ends = data.get(day_name), data.get(from_name), data.get(until_name)
        if not day and starts is None and ends is None:
            return
        params = {"n": n}
        if not day:
            self.add_error(day_name, _("Choose the day of meeting time %(n)d.") % params)
        if starts is None:
            self.add_error(from_name, _("Give the start of meeting time %(n)d.") % params)
        if ends is None:
            self.add_error(until_name, _("Give the end of meeting time %(n)d.") % params)
        if starts is None or ends is None:
            return
        for name, at in ((from_name, starts), (until_name, ends)):
            if at.minute not in (0, 30) or at.second or at.microsecond:
                self.add_error(name, _("Meeting time %(n)d: use whole or half hours, such as 18:00 or 18:30.") % params)
                return
        # 00:00 as the end means midnight, the end of the day.
        end_minutes = 24 * 60 if ends == time(0) else ends.hour * 60 + ends.minute
        if end_minutes <= starts.hour * 60 + starts.minute:
            self.add_error(until_name, _("Meeting time %(n)d must end after it starts.") % params)

    def rows_changed(self) -> bool:
        return any(name in self.changed_data for n in range(1, MEETING_ROWS + 1) for name in row_names(n))

    def meeting_week(self) -> bytes:
        """The rows as the school's-zone week the group stores (shifted at today's offsets)."""
        local = 0
        for n in range(1, MEETING_ROWS + 1):
            day, starts, ends = (self.cleaned_data.get(name) for name in row_names(n))
            if day and starts is not None and ends is not None:
                local |= weeks.span(int(day), starts, ends)
        return weeks.week_bytes(weeks.in_school_zone(weeks.week_bytes(local), self.zone.key, self.now))

    def details(self, *, keep_week: bool = False) -> GroupDetails:
        """The form as the services' input; ``keep_week`` leaves the stored meeting times as they are."""
        data = self.cleaned_data
        return GroupDetails(
            name=data["name"],
            description=data.get("description") or "",
            topic=data.get("topic"),
            goal=data["goal"],
            modality=data["modality"],
            place=(data.get("place") or "").strip(),
            meeting_link=data.get("meeting_link") or "",
            language=data.get("language"),
            capacity=data["capacity"],
            join_policy=data["join_policy"],
            listed=bool(data.get("listed")),
            meeting_week=None if keep_week else self.meeting_week(),
        )


class InviteForm(forms.Form):
    action = forms.ChoiceField(choices=[("renew", "renew"), ("revoke", "revoke")])
