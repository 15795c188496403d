"""Forms of the group page: a post on the board, a problem report, a coordinator's resolution."""

from django import forms
from django.utils.translation import gettext_lazy as _

from huddle.groups.page.services import DETAILS_LIMIT, LINK_LIMIT, POST_LIMIT, RESOLUTION_LIMIT


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Post"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=POST_LIMIT,
        help_text=_("Markdown works: **bold**, lists, [links](https://example.edu)."),
        error_messages={"required": _("Write something to post.")},
    )
    # Checked by the service (http or https only), so the message is the same for the form and the API.
    link = forms.CharField(
        label=_("Link (optional)"),
        max_length=LINK_LIMIT,
        required=False,
        widget=forms.URLInput,
        help_text=_("Notes, a question bank, a shared document."),
    )


class ReportForm(forms.Form):
    details = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=DETAILS_LIMIT,
        help_text=_("Only the coordinators read this. They are told there is a report, not what it says."),
        error_messages={"required": _("Say what happened.")},
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=RESOLUTION_LIMIT,
        error_messages={"required": _("Say what was done.")},
    )
