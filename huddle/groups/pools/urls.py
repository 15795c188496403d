"""URLs of this concern; huddle/groups/urls.py joins them."""

from django.urls import URLPattern, path

from huddle.groups.pools import views

urlpatterns: list[URLPattern] = [
    path("pools/", views.pools, name="pools"),
    path("pools/new/", views.pool_new, name="pool_new"),
    path("pools/<id:pool_id>/", views.pool, name="pool"),
    path("pools/<id:pool_id>/edit/", views.pool_edit, name="pool_edit"),
    path("pools/<id:pool_id>/opt-in/", views.opt_in, name="opt_in"),
    path("pools/<id:pool_id>/opt-out/", views.opt_out, name="opt_out"),
    path("pools/<id:pool_id>/close/", views.pool_close, name="pool_close"),
    path("pools/<id:pool_id>/run/", views.pool_run, name="pool_run"),
    path("pools/<id:pool_id>/progress/", views.pool_progress, name="pool_progress"),
    path("pools/<id:pool_id>/proposal/", views.pool_proposal, name="pool_proposal"),
    path("pools/<id:pool_id>/move/", views.pool_move, name="pool_move"),
    path("pools/<id:pool_id>/lock/", views.pool_lock, name="pool_lock"),
    path("pools/<id:pool_id>/publish/", views.pool_publish, name="pool_publish"),
]
