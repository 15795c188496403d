from django.urls import include, path

from huddle.mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("", views.home, name="home"),
    path("cycles/new/", views.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/edit/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/status/", views.cycle_status, name="cycle_status"),
    path("cycles/<int:pk>/weights/", views.cycle_weights, name="cycle_weights"),
    path("cycles/<int:pk>/weights/preview/", views.weights_preview, name="weights_preview"),
    path("cycles/<int:pk>/match/", views.matching_start, name="matching_start"),
    path("cycles/<int:pk>/progress/", views.matching_progress, name="matching_progress"),
    path("cycles/<int:pk>/proposal/", views.proposal, name="proposal"),
    path("cycles/<int:pk>/proposal/pairs/<int:pair_pk>/lock/", views.proposal_lock, name="proposal_lock"),
    path("cycles/<int:pk>/proposal/pairs/<int:pair_pk>/forbid/", views.proposal_forbid, name="proposal_forbid"),
    path("cycles/<int:pk>/proposal/<str:tier>/move/<int:mentee_pk>/", views.proposal_move, name="proposal_move"),
    path("cycles/<int:pk>/publish/", views.cycle_publish, name="cycle_publish"),
    path("cycles/<int:pk>/export.csv", views.cycle_export, name="cycle_export"),
    path("cycles/<int:pk>/rematch/<int:request_pk>/", views.rematch, name="rematch"),
    path("cycles/<int:pk>/enroll/<str:side>/", views.enroll, name="enroll"),
    path("cycles/<int:pk>/withdraw/<str:side>/", views.withdraw, name="withdraw"),
    path("cycles/<int:pk>/choose/", views.browse_mentors, name="browse_mentors"),
    path("cycles/<int:pk>/choose/<int:mentor_pk>/", views.request_create, name="request_create"),
    path("requests/<int:request_pk>/<str:decision>/", views.request_decide, name="request_decide"),
    path("cycles/<int:pk>/survey/", views.survey, name="survey"),
    # The life of a published pair (pair space, meetings, check-ins).
    path("pairs/", include("huddle.mentoring.pair_urls")),
]
