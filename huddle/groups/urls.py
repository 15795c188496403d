"""Study groups' URLs: each concern keeps its own list; the order puts fixed paths before ``<id>/``."""

from django.urls import URLPattern

import huddle.lib.urls  # noqa: F401  (registers the <id:…> converter)
from huddle.groups.activity import urls as activity
from huddle.groups.find import urls as find
from huddle.groups.membership import urls as membership
from huddle.groups.page import urls as page
from huddle.groups.pools import urls as pools
from huddle.groups.sessions import urls as sessions
from huddle.groups.setup import urls as setup

app_name = "groups"
urlpatterns: list[URLPattern] = [
    *find.urlpatterns,
    *setup.urlpatterns,
    *membership.urlpatterns,
    *sessions.urlpatterns,
    *pools.urlpatterns,
    *activity.urlpatterns,
    *page.urlpatterns,
]
