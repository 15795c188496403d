from django.urls import include, path

from huddle.mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("", views.home, name="home"),
    # The life of a published pair (pair space, meetings, check-ins).
    path("pairs/", include("huddle.mentoring.pair_urls")),
]
