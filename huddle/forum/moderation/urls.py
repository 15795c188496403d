"""Moderation's URLs, included by ``huddle/forum/urls.py`` under the ``forum`` namespace."""

from django.urls import URLPattern, path

import huddle.lib.urls  # noqa: F401  (registers the <id:…> converter)
from huddle.forum.moderation import views

urlpatterns: list[URLPattern] = [
    path("threads/<id:thread_id>/flag/", views.flag, name="flag"),
    path("threads/<id:thread_id>/close/", views.thread_close, name="thread_close"),
    path("spaces/<slug:slug>/review/", views.review_queue, name="review_queue"),
    path("spaces/<slug:slug>/review/act/", views.review_act, name="review_act"),
    path("watched-words/", views.watched_words, name="watched_words"),
    path("watched-words/<id:word_id>/delete/", views.watched_word_delete, name="watched_word_delete"),
    path("rules/", views.forum_rules, name="forum_rules"),
]
