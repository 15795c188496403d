"""URLs of the groups home and Find a group."""

from django.urls import URLPattern, path

from huddle.groups.find import views

urlpatterns: list[URLPattern] = [
    path("", views.groups_home, name="home"),
    path("find/", views.groups_find, name="find"),
]
