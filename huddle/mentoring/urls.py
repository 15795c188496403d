"""Mentoring URLs, by concern; names are unchanged (``mentoring:…``)."""

from django.urls import path

from huddle.mentoring import views
from huddle.mentoring.cycles import views as cycles
from huddle.mentoring.enrollment import views as enrollment
from huddle.mentoring.pairs import views as pairs
from huddle.mentoring.proposals import views as proposals
from huddle.mentoring.rematch import views as rematch
from huddle.mentoring.requests import views as requests

app_name = "mentoring"
urlpatterns = [
    path("", views.home, name="home"),
    # Cycles (coordinators), and the end-of-cycle survey.
    path("cycles/new/", cycles.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/edit/", cycles.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/status/", cycles.cycle_status, name="cycle_status"),
    path("cycles/<int:pk>/weights/", cycles.cycle_weights, name="cycle_weights"),
    path("cycles/<int:pk>/weights/preview/", cycles.weights_preview, name="weights_preview"),
    path("cycles/<int:pk>/export.csv", cycles.cycle_export, name="cycle_export"),
    path("cycles/<int:pk>/survey/", cycles.survey, name="survey"),
    # Matching runs and the proposal.
    path("cycles/<int:pk>/match/", proposals.matching_start, name="matching_start"),
    path("cycles/<int:pk>/progress/", proposals.matching_progress, name="matching_progress"),
    path("cycles/<int:pk>/proposal/", proposals.proposal, name="proposal"),
    path("cycles/<int:pk>/proposal/pairs/<int:pair_pk>/lock/", proposals.proposal_lock, name="proposal_lock"),
    path("cycles/<int:pk>/proposal/pairs/<int:pair_pk>/forbid/", proposals.proposal_forbid, name="proposal_forbid"),
    path("cycles/<int:pk>/proposal/<str:tier>/move/<int:mentee_pk>/", proposals.proposal_move, name="proposal_move"),
    path("cycles/<int:pk>/publish/", proposals.cycle_publish, name="cycle_publish"),
    # Rematching one mentee.
    path("cycles/<int:pk>/rematch/<int:request_pk>/", rematch.rematch, name="rematch"),
    # Enrollment.
    path("cycles/<int:pk>/enroll/<str:side>/", enrollment.enroll, name="enroll"),
    path("cycles/<int:pk>/withdraw/<str:side>/", enrollment.withdraw, name="withdraw"),
    # Self-select: choosing a mentor, and the mentor's answer.
    path("cycles/<int:pk>/choose/", requests.browse_mentors, name="browse_mentors"),
    path("cycles/<int:pk>/choose/<int:mentor_pk>/", requests.request_create, name="request_create"),
    path("requests/<int:request_pk>/<str:decision>/", requests.request_decide, name="request_decide"),
    # The life of a published pair.
    path("pairs/mine/", pairs.mentor_dashboard, name="mentor_dashboard"),
    path("pairs/<int:pk>/", pairs.pair_detail, name="pair_detail"),
    path("pairs/<int:pk>/meetings/", pairs.pair_meeting_log, name="pair_meeting_log"),
    path("pairs/<int:pk>/next-meeting/", pairs.pair_next_meeting, name="pair_next_meeting"),
    path("pairs/<int:pk>/next-meeting/cancel/", pairs.pair_meeting_cancel, name="pair_meeting_cancel"),
    path("pairs/<int:pk>/next-meeting.ics", pairs.pair_ics, name="pair_ics"),
    path("pairs/<int:pk>/goals/", pairs.pair_goal_create, name="pair_goal_create"),
    path("pairs/<int:pk>/goals/<int:goal_id>/milestones/", pairs.pair_milestone_create, name="pair_milestone_create"),
    path("pairs/<int:pk>/milestones/<int:milestone_id>/done/", pairs.pair_milestone_done, name="pair_milestone_done"),
    path("pairs/<int:pk>/check-in/", pairs.pair_check_in, name="pair_check_in"),
    path("pairs/<int:pk>/fit-check/", pairs.pair_fit_check, name="pair_fit_check"),
    path("pairs/<int:pk>/rematch/", pairs.pair_rematch, name="pair_rematch"),
    path("pairs/<int:pk>/end/", pairs.pair_end, name="pair_end"),
]
