"""URLs of joining, asking, leaving and deciding on members; huddle/groups/urls.py joins them."""

from django.urls import URLPattern, path

from huddle.groups.membership import views

urlpatterns: list[URLPattern] = [
    path("<id:group_id>/join/", views.join, name="join"),
    path("<id:group_id>/request/", views.request_to_join, name="request"),
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("<id:group_id>/leave/", views.leave, name="leave"),
    path("requests/<id:membership_id>/withdraw/", views.withdraw, name="withdraw"),
    path("members/<id:membership_id>/approve/", views.approve, name="approve"),
    path("members/<id:membership_id>/decline/", views.decline, name="decline"),
    path("members/<id:membership_id>/remove/", views.remove, name="remove"),
    path("members/<id:membership_id>/hand-over/", views.hand_over, name="hand_over"),
    path("members/<id:membership_id>/organiser/", views.make_organiser, name="make_organiser"),
]
