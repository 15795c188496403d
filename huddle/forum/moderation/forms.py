"""The shapes of the moderation forms; the rules themselves live in ``services``."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.forum.models import Flag, ForumRules, ModerationAction, WatchedWord
from huddle.forum.moderation.services import MAX_SUSPENSION_DAYS, RULE_RANGES

NOTE_LABEL = _("Note to the author")


def error_summary(form: forms.Form) -> str:
    """The first error, led by its field's label, for a page that cannot show it beside the field."""
    for name, errors in form.errors.items():
        if name in form.fields:
            return f"{form.fields[name].label}: {errors[0]}"
        return str(errors[0])
    return ""


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=Flag.Reason.choices)
    note = forms.CharField(label=_("Anything the moderators should know"), max_length=500, required=False)


#: What the review queue's buttons may ask for.
QUEUE_ACTIONS = [
    (ModerationAction.Action.DISMISS.value, _("Dismiss the flags")),
    (ModerationAction.Action.HIDE.value, _("Hide")),
    (ModerationAction.Action.RESTORE.value, _("Restore")),
    (ModerationAction.Action.APPROVE.value, _("Approve")),
    (ModerationAction.Action.EDIT.value, _("Save the edit")),
    (ModerationAction.Action.WARN.value, _("Warn the author")),
    (ModerationAction.Action.SUSPEND.value, _("Suspend the author's posting")),
]


class ReviewActionForm(forms.Form):
    """One action on one queue item; the item's ids are read by the view."""

    action = forms.ChoiceField(label=_("Action"), choices=QUEUE_ACTIONS)
    note = forms.CharField(label=NOTE_LABEL, max_length=500, required=False)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=MAX_SUSPENSION_DAYS, required=False)
    everywhere = forms.BooleanField(label=_("In the whole forum"), required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(label=_("Text"), max_length=20000, required=False, strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == ModerationAction.Action.SUSPEND and not data.get("days") and "days" not in self.errors:
            self.add_error("days", _("Say for how many days (1 to %(n)d).") % {"n": MAX_SUSPENSION_DAYS})
        if action in (ModerationAction.Action.WARN, ModerationAction.Action.SUSPEND) and not data.get("note"):
            self.add_error("note", _("Write a note: the author reads it."))
        if action == ModerationAction.Action.EDIT and not (data.get("body") or "").strip():
            self.add_error("body", _("Write the post's new text."))
        return data


class CloseForm(forms.Form):
    original = forms.CharField(
        label=_("Duplicate of (the original thread's address or number)"), max_length=300, required=False
    )
    note = forms.CharField(label=NOTE_LABEL, max_length=500, required=False)


class WatchedWordForm(forms.Form):
    phrase = forms.CharField(
        label=_("Word or phrase"),
        max_length=100,
        help_text=_("Matched as whole words, whatever the capitals."),
    )
    action = forms.ChoiceField(label=_("What happens to a post that has it"), choices=WatchedWord.Action.choices)


def _rule_field(name: str) -> forms.IntegerField:
    low, high = RULE_RANGES[name]
    label = getattr(ForumRules._meta.get_field(name), "verbose_name", name)
    return forms.IntegerField(label=label, min_value=low, max_value=high)


class ForumRulesForm(forms.Form):
    new_account_days = _rule_field("new_account_days")
    threads_per_day = _rule_field("threads_per_day")
    new_threads_per_day = _rule_field("new_threads_per_day")
    replies_per_hour = _rule_field("replies_per_hour")
    new_replies_per_hour = _rule_field("new_replies_per_hour")
    approve_first_posts = _rule_field("approve_first_posts")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_account_days"].help_text = _("0 turns the stricter limits for new accounts off.")
        self.fields["approve_first_posts"].help_text = _(
            "A person's posts wait for a moderator until this many of them are published; 0 turns it off."
        )
