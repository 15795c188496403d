"""The forms of asking, answering, commenting and editing (validation of shape; rules live in services)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.forum.models import Thread
from huddle.forum.search import SearchFilters
from huddle.lib.forms import SubmissionField


class _TextForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_("Markdown: **bold**, *italic*, `code`, lists and tables."),
    )
    image = forms.ImageField(
        label=_("Image (optional)"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP up to 5 MB; its metadata is removed."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous to classmates"),
        required=False,
        help_text=_(
            "Classmates see “Anonymous student”. Faculty and moderators see that "
            "it is anonymous, not who you are; in a safety concern they can ask "
            "Huddle, which records it and tells you."
        ),
    )
    submission = SubmissionField()

    def __init__(self, *args: Any, can_be_anonymous: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_be_anonymous:
            del self.fields["anonymous"]


class AskForm(_TextForm):
    title = forms.CharField(
        label=_("Title"), max_length=200, min_length=8, help_text=_("Similar questions appear below as you type.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Thread.Kind.choices, initial=Thread.Kind.QUESTION)
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=250, help_text=_("Up to five, separated by commas or spaces.")
    )
    field_order = ["title", "kind", "body", "image", "tags", "anonymous"]

    def __init__(self, *args: Any, can_announce: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_announce:
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            kind.choices = [c for c in Thread.Kind.choices if c[0] != Thread.Kind.ANNOUNCEMENT]

    def tag_names(self) -> list[str]:
        return self.cleaned_data.get("tags", "").replace(",", " ").split()


class EditThreadForm(AskForm):
    field_order = ["title", "body", "image", "tags", "anonymous"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        del self.fields["submission"]


class AnswerForm(_TextForm):
    sources = forms.CharField(
        label=_("Sources (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One web address a line, optionally followed by a title."),
    )

    def citations(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.cleaned_data.get("sources", "").splitlines():
            url, _space, title = line.strip().partition(" ")
            if url:
                pairs.append((url, title))
        return pairs


class EditPostForm(AnswerForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["submission"]


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to know who wrote it?"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit log; the author is told, with this reason."),
    )


class CommentForm(_TextForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["image"]
        self.fields["body"].widget.attrs["rows"] = 2


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    space: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Space"), queryset=None, required=False, empty_label=_("All spaces")
    )
    answered = forms.ChoiceField(
        label=_("Answers"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Answered")), ("no", _("Unanswered"))],
    )
    verified = forms.BooleanField(label=_("Verified by faculty"), required=False)
    since = forms.DateField(label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, spaces: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        space = self.fields["space"]
        assert isinstance(space, forms.ModelChoiceField)
        space.queryset = spaces  # type: ignore[assignment]

    def filters(self) -> SearchFilters:
        from datetime import datetime, time

        from django.utils import timezone

        data = self.cleaned_data
        since = data.get("since")
        return SearchFilters(
            space_ids=(data["space"].pk,) if data.get("space") else None,
            answered={"yes": True, "no": False}.get(data.get("answered") or ""),
            endorsed=True if data.get("verified") else None,
            since=timezone.make_aware(datetime.combine(since, time.min)) if since else None,
        )
