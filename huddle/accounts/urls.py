from django.urls import path

import huddle.lib.urls  # noqa: F401  (registers <id:…>)
from huddle.accounts.views import language, people, profile, roster

app_name = "accounts"
urlpatterns = [
    path("me/", profile.profile_edit, name="profile_edit"),
    path("language/", language.language_set, name="language"),
    path("me/availability/", profile.availability_edit, name="availability"),
    path("me/time-zone/", profile.time_zone_detect, name="time_zone_detect"),
    path("", people.directory, name="directory"),
    path("<id:user_id>/", profile.profile_detail, name="profile"),
    path("<id:user_id>/photo/", profile.profile_photo, name="photo"),
    path("<id:user_id>/roles/", people.roles_edit, name="roles"),
    path("topics/", people.topics, name="topics"),
    path("roster/", roster.roster_import, name="roster_import"),
    path("roster/<id:import_id>/", roster.roster_preview, name="roster_preview"),
    path("roster/<id:import_id>/commit/", roster.roster_commit, name="roster_commit"),
]
