from django.urls import path

from huddle.listening import views
from huddle.listening.conversations import views as conversations
from huddle.listening.safety import views as safety
from huddle.listening.volunteers import views as volunteers

app_name = "listening"
urlpatterns = [
    path("", views.listening_home, name="home"),
    path("request/", conversations.request_create, name="request"),
    path("c/<id:conversation_id>/", conversations.conversation_detail, name="conversation"),
    path("c/<id:conversation_id>/messages/", conversations.conversation_messages, name="messages"),
    path("c/<id:conversation_id>/send/", conversations.message_send, name="send"),
    path("c/<id:conversation_id>/check/", conversations.contact_check, name="contact_check"),
    path("c/<id:conversation_id>/cancel/", conversations.request_cancel, name="cancel"),
    path("c/<id:conversation_id>/accept/", conversations.request_accept, name="accept"),
    path("c/<id:conversation_id>/end/", conversations.conversation_end, name="end"),
    path("c/<id:conversation_id>/handoff/", conversations.handoff_propose, name="handoff"),
    path("c/<id:conversation_id>/consent/", conversations.handoff_answer, name="consent"),
    path("c/<id:conversation_id>/join/", conversations.handoff_join, name="join"),
    path("c/<id:conversation_id>/leave/", conversations.listener_leave, name="leave"),
    path("c/<id:conversation_id>/report/", safety.report, name="report"),
    path("c/<id:conversation_id>/block/", safety.block, name="block"),
    path("volunteer/", volunteers.volunteer, name="volunteer"),
    path("protocol/", volunteers.protocol, name="protocol"),
    path("debrief/", volunteers.debrief, name="debrief"),
    path("staff/", safety.staff, name="staff"),
    path("staff/reports/<id:report_id>/close/", safety.report_close, name="report_close"),
    path("staff/debriefs/<id:debrief_id>/done/", safety.debrief_done, name="debrief_done"),
    path("staff/settings/", safety.settings_page, name="settings"),
]
