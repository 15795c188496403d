"""URLs of a group's sessions; huddle/groups/urls.py joins them."""

from django.urls import URLPattern, path

from huddle.groups.sessions import views

urlpatterns: list[URLPattern] = [
    path("<id:group_id>/sessions/new/", views.session_new, name="session_new"),
    path("sessions/<id:session_id>/", views.session_detail, name="session"),
    path("sessions/<id:session_id>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<id:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<id:session_id>/rsvp/", views.rsvp, name="rsvp"),
    path("sessions/<id:session_id>/attendance/", views.attendance, name="attendance"),
]
