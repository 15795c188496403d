from django.urls import path

from huddle.wellbeing.checkins import views as checkins
from huddle.wellbeing.crisis import views as crisis
from huddle.wellbeing.reports import views as reports
from huddle.wellbeing.stories import views as stories
from huddle.wellbeing.views import home

app_name = "wellbeing"
urlpatterns = [
    path("", home, name="home"),
    path("crisis/", crisis.crisis, name="crisis"),
    path("crisis/manage/", crisis.crisis_manage, name="crisis_manage"),
    path("crisis/manage/<id:resource_id>/", crisis.crisis_edit, name="crisis_edit"),
    path("crisis/manage/<id:resource_id>/delete/", crisis.crisis_delete, name="crisis_delete"),
    path("check-in/", checkins.checkin, name="checkin"),
    path("check-in/trend/", checkins.trend, name="trend"),
    path("check-in/reminder/", checkins.reminder, name="reminder"),
    path("check-in/erase/", checkins.erase, name="erase"),
    path("totals/", reports.aggregates, name="aggregates"),
    path("stories/", stories.stories, name="stories"),
    path("stories/new/", stories.story_new, name="story_new"),
    path("stories/mine/", stories.my_stories, name="my_stories"),
    path("stories/review/", stories.story_queue, name="story_queue"),
    path("stories/review/<id:story_id>/", stories.story_review, name="story_review"),
    path("stories/<id:story_id>/", stories.story, name="story"),
    path("stories/<id:story_id>/react/", stories.story_react, name="story_react"),
]
