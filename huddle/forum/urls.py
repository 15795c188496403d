from django.urls import include, path

from huddle.forum.moderation.urls import urlpatterns as moderation_urls
from huddle.forum.spaces import views as spaces
from huddle.forum.threads import views

app_name = "forum"
urlpatterns = [
    path("", views.forum_home, name="home"),
    path("search/", views.search_page, name="search"),
    path("similar/", views.similar, name="similar"),
    path("attachments/<str:key>/", views.attachment, name="attachment"),
    path("spaces/", spaces.spaces_manage, name="spaces_manage"),
    path("spaces/<slug:slug>/", views.space_detail, name="space"),
    path("spaces/<slug:slug>/ask/", views.thread_ask, name="ask"),
    path("spaces/<slug:slug>/follow/", views.space_follow, name="space_follow"),
    path("spaces/<slug:slug>/staff/", spaces.space_staff, name="space_staff"),
    path("spaces/<slug:slug>/archive/", spaces.space_archive, name="space_archive"),
    path("spaces/<slug:slug>/export.csv", spaces.space_export, name="space_export"),
    path("threads/<id:thread_id>/", views.thread_detail, name="thread"),
    path("threads/<id:thread_id>/answer/", views.answer_create, name="answer"),
    path("threads/<id:thread_id>/comment/", views.comment_create, name="comment"),
    path("threads/<id:thread_id>/edit/", views.thread_edit, name="thread_edit"),
    path("threads/<id:thread_id>/posts/<id:post_id>/edit/", views.post_edit, name="post_edit"),
    path("threads/<id:thread_id>/accept/", views.answer_accept, name="accept"),
    path("threads/<id:thread_id>/vote/", views.post_vote, name="vote"),
    path("threads/<id:thread_id>/me-too/", views.thread_me_too, name="me_too"),
    path("threads/<id:thread_id>/follow/", views.thread_follow, name="follow"),
    path("threads/<id:thread_id>/verify/", views.answer_verify, name="verify"),
    path("threads/<id:thread_id>/review/", views.answer_review, name="review"),
    path("threads/<id:thread_id>/history/", views.history, name="history"),
    path("threads/<id:thread_id>/reveal/", views.reveal, name="reveal"),
    path("", include(moderation_urls)),
]
