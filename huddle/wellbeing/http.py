"""Where the well-being pages point a student who may want to talk."""

from django.urls import NoReverseMatch

from huddle.lib import registry


def listening_url() -> str:
    """The peer listeners' page if that capability is installed; found through the registry, not an import."""
    try:
        return registry.nav.get("listening").url()
    except (LookupError, NoReverseMatch):
        return ""
