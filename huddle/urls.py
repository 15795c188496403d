"""Huddle's URL map: the home app, sign-in, and each app's URLs from its contributions."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from huddle.api import api
from huddle.lib import registry

# The admin signs in through allauth too, so its lock-out and two-factor apply.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("huddle.home.urls")),
    path("accounts/", include("allauth.urls")),
    *[path(mount.prefix, include(mount.module)) for mount in registry.url_mounts.items()],
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
# Uploaded photos are never served from MEDIA_URL, not even in development:
# /people/<id>/photo/ serves them to the viewers the owner allows.

handler400 = "huddle.home.views.bad_request"
handler403 = "huddle.home.views.permission_denied"
handler404 = "huddle.home.views.page_not_found"
handler500 = "huddle.home.views.server_error"
