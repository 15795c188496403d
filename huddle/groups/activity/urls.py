"""URLs of this concern; huddle/groups/urls.py joins them."""

from django.urls import URLPattern, path

from huddle.groups.activity import views

urlpatterns: list[URLPattern] = [path("activity/", views.activity, name="activity")]
