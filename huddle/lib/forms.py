"""Form helpers every app shares: service errors on their field, one-time submissions."""

import uuid
from collections.abc import Callable
from typing import Any

from django import forms

from huddle.lib.errors import HuddleError


def add_service_error(form: forms.Form, error: HuddleError) -> None:
    """Attach a service refusal to its field (or to the form when it names none)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def attempt(form: forms.Form, action: Callable[[], Any]) -> bool:
    """Run a service call for a valid form; a refusal becomes an error on the field it names."""
    try:
        action()
    except HuddleError as error:
        add_service_error(form, error)
        return False
    return True


class SubmissionField(forms.UUIDField):
    """A hidden one-time token, fresh each time the form is drawn.

    The service stores it on the row it creates under a unique constraint, so
    a double click, a resent POST or two tabs create one row, not several.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)
