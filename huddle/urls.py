"""Huddle's URL map: one include per capability."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from huddle.api import api
from huddle.home import views as home_views

# The admin signs in through allauth too, so its lock-out and two-factor apply.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", home_views.healthz, name="healthz"),
    path("section/<slug:section>/", home_views.section, name="section"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("huddle.accounts.urls")),
    path("notifications/", include("huddle.notifications.urls")),
    path("audit/", include("huddle.audit.urls")),
    path("wellbeing/", include("huddle.wellbeing.urls")),
    path("mentoring/", include("huddle.mentoring.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
# Uploaded photos are never served from MEDIA_URL, not even in development:
# /people/<id>/photo/ serves them to the viewers the owner allows.

handler400 = "huddle.home.views.bad_request"
handler403 = "huddle.home.views.permission_denied"
handler404 = "huddle.home.views.page_not_found"
handler500 = "huddle.home.views.server_error"
