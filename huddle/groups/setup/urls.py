"""URLs of creating, editing, sharing and archiving a group; huddle/groups/urls.py joins them."""

from django.urls import URLPattern, path

from huddle.groups.setup import views

urlpatterns: list[URLPattern] = [
    path("new/", views.group_new, name="new"),
    path("<id:group_id>/edit/", views.group_edit, name="edit"),
    path("<id:group_id>/invite/", views.invite, name="invite"),
    path("<id:group_id>/archive/", views.archive, name="archive"),
]
