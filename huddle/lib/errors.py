"""The one user-facing error that services raise."""

from django.utils.functional import Promise


class HuddleError(Exception):
    """A rule or input was refused; ``message`` is shown to the person as is.

    ``field`` names the form field (or CSV row) at fault when there is one,
    so a view can attach the message to it.
    """

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


def require(allowed: bool, message: str | Promise) -> None:
    """Refuse with ``message`` unless ``allowed``: the first line of most services."""
    if not allowed:
        raise HuddleError(message)
