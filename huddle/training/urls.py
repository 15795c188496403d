from django.urls import path

import huddle.lib.urls  # noqa: F401  (registers the <id:…> converter)
from huddle.training.certificates import views as certificates
from huddle.training.modules import views as modules
from huddle.training.quizzes import views as quizzes
from huddle.training.requirements import views as requirements
from huddle.training.workshops import views as workshops

app_name = "training"
urlpatterns = [
    path("", modules.training_home, name="home"),
    path("modules/<slug:slug>/", modules.module_detail, name="module"),
    path("modules/<slug:slug>/quiz/", quizzes.quiz_take, name="quiz"),
    path("attempts/<id:attempt_id>/", quizzes.attempt_result, name="attempt"),
    path("certificates/<id:completion_id>/", certificates.certificate, name="certificate"),
    path("verify/", certificates.certificate_verify, name="verify"),
    path("manage/", modules.modules_manage, name="modules_manage"),
    path("manage/modules/<slug:slug>/edit/", modules.module_edit, name="module_edit"),
    path("manage/modules/<slug:slug>/quiz/", modules.module_quiz, name="module_quiz"),
    path("manage/modules/<slug:slug>/publish/", modules.module_publish, name="module_publish"),
    path("manage/requirements/", requirements.requirements_edit, name="requirements"),
    path("manage/report/", certificates.report, name="report"),
    path("sign-offs/", requirements.sign_offs, name="sign_offs"),
    path("sign-offs/<id:sign_off_id>/revoke/", requirements.sign_off_revoke, name="sign_off_revoke"),
    path("workshops/", workshops.workshops, name="workshops"),
    path("workshops/new/", workshops.workshop_new, name="workshop_new"),
    path("workshops/<id:workshop_id>/", workshops.workshop_detail, name="workshop"),
    path("workshops/<id:workshop_id>/edit/", workshops.workshop_edit, name="workshop_edit"),
    path("workshops/<id:workshop_id>/rsvp/", workshops.rsvp, name="rsvp"),
    path("workshops/<id:workshop_id>/cancel-rsvp/", workshops.rsvp_cancel, name="rsvp_cancel"),
    path("workshops/<id:workshop_id>/attendance/", workshops.attendance, name="attendance"),
    path("workshops/<id:workshop_id>/cancel/", workshops.workshop_cancel, name="workshop_cancel"),
]
