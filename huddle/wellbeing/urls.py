from django.urls import path

from huddle.wellbeing import views

app_name = "wellbeing"
urlpatterns = [path("crisis/", views.crisis, name="crisis")]
