"""Mentoring URLs, by concern; names are unchanged (``mentoring:…``)."""

from django.urls import path

import huddle.lib.urls  # noqa: F401  (registers <id:…>)
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
    path("cycles/<id:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("cycles/<id:pk>/edit/", cycles.cycle_edit, name="cycle_edit"),
    path("cycles/<id:pk>/status/", cycles.cycle_status, name="cycle_status"),
    path("cycles/<id:pk>/weights/", cycles.cycle_weights, name="cycle_weights"),
    path("cycles/<id:pk>/weights/preview/", cycles.weights_preview, name="weights_preview"),
    path("cycles/<id:pk>/export.csv", cycles.cycle_export, name="cycle_export"),
    path("cycles/<id:pk>/survey/", cycles.survey, name="survey"),
    # Matching runs and the proposal.
    path("cycles/<id:pk>/match/", proposals.matching_start, name="matching_start"),
    path("cycles/<id:pk>/progress/", proposals.matching_progress, name="matching_progress"),
    path("cycles/<id:pk>/proposal/", proposals.proposal, name="proposal"),
    path("cycles/<id:pk>/proposal/pairs/<id:pair_pk>/lock/", proposals.proposal_lock, name="proposal_lock"),
    path("cycles/<id:pk>/proposal/pairs/<id:pair_pk>/forbid/", proposals.proposal_forbid, name="proposal_forbid"),
    path("cycles/<id:pk>/proposal/<str:tier>/move/<id:mentee_pk>/", proposals.proposal_move, name="proposal_move"),
    path("cycles/<id:pk>/publish/", proposals.cycle_publish, name="cycle_publish"),
    # Rematching one mentee.
    path("cycles/<id:pk>/rematch/<id:request_pk>/", rematch.rematch, name="rematch"),
    # Enrollment.
    path("cycles/<id:pk>/enroll/<str:side>/", enrollment.enroll, name="enroll"),
    path("cycles/<id:pk>/withdraw/<str:side>/", enrollment.withdraw, name="withdraw"),
    # Self-select: choosing a mentor, and the mentor's answer.
    path("cycles/<id:pk>/choose/", requests.browse_mentors, name="browse_mentors"),
    path("cycles/<id:pk>/choose/<id:mentor_pk>/", requests.request_create, name="request_create"),
    path("requests/<id:request_pk>/<str:decision>/", requests.request_decide, name="request_decide"),
    # The life of a published pair.
    path("pairs/mine/", pairs.mentor_dashboard, name="mentor_dashboard"),
    path("pairs/<id:pk>/", pairs.pair_detail, name="pair_detail"),
    path("pairs/<id:pk>/meetings/", pairs.pair_meeting_log, name="pair_meeting_log"),
    path("pairs/<id:pk>/next-meeting/", pairs.pair_next_meeting, name="pair_next_meeting"),
    path("pairs/<id:pk>/next-meeting/cancel/", pairs.pair_meeting_cancel, name="pair_meeting_cancel"),
    path("pairs/<id:pk>/next-meeting.ics", pairs.pair_ics, name="pair_ics"),
    path("pairs/<id:pk>/goals/", pairs.pair_goal_create, name="pair_goal_create"),
    path("pairs/<id:pk>/goals/<id:goal_id>/milestones/", pairs.pair_milestone_create, name="pair_milestone_create"),
    path("pairs/<id:pk>/milestones/<id:milestone_id>/done/", pairs.pair_milestone_done, name="pair_milestone_done"),
    path("pairs/<id:pk>/check-in/", pairs.pair_check_in, name="pair_check_in"),
    path("pairs/<id:pk>/fit-check/", pairs.pair_fit_check, name="pair_fit_check"),
    path("pairs/<id:pk>/rematch/", pairs.pair_rematch, name="pair_rematch"),
    path("pairs/<id:pk>/end/", pairs.pair_end, name="pair_end"),
]
