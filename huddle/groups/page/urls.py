"""URLs of the group page, its board and problem reports; huddle/groups/urls.py joins them last."""

from django.urls import URLPattern, path

from huddle.groups.page import views

urlpatterns: list[URLPattern] = [
    path("<id:group_id>/board/", views.post, name="post"),
    path("posts/<id:post_id>/remove/", views.post_remove, name="post_remove"),
    path("<id:group_id>/report/", views.report, name="report"),
    path("problems/", views.problems, name="problems"),
    path("problems/<id:report_id>/resolve/", views.problem_resolve, name="problem_resolve"),
    # Last: "<id>/" would otherwise be tried before the fixed paths of other concerns.
    path("<id:group_id>/", views.group_page, name="group"),
]
