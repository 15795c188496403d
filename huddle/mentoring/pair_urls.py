"""URLs of the pair space; names are prefixed ``pair_`` within ``mentoring:``."""

from django.urls import URLPattern, path

from huddle.mentoring import pair_views as views

urlpatterns: list[URLPattern] = [
    path("mine/", views.mentor_dashboard, name="mentor_dashboard"),
    path("<int:pk>/", views.pair_detail, name="pair_detail"),
    path("<int:pk>/meetings/", views.pair_meeting_log, name="pair_meeting_log"),
    path("<int:pk>/next-meeting/", views.pair_next_meeting, name="pair_next_meeting"),
    path("<int:pk>/next-meeting.ics", views.pair_ics, name="pair_ics"),
    path("<int:pk>/goals/", views.pair_goal_create, name="pair_goal_create"),
    path("<int:pk>/goals/<int:goal_id>/milestones/", views.pair_milestone_create, name="pair_milestone_create"),
    path("<int:pk>/milestones/<int:milestone_id>/done/", views.pair_milestone_done, name="pair_milestone_done"),
    path("<int:pk>/check-in/", views.pair_check_in, name="pair_check_in"),
    path("<int:pk>/fit-check/", views.pair_fit_check, name="pair_fit_check"),
    path("<int:pk>/rematch/", views.pair_rematch, name="pair_rematch"),
    path("<int:pk>/end/", views.pair_end, name="pair_end"),
]
