from django.urls import path

import huddle.lib.urls  # noqa: F401  (registers the <id:…> converter)
from huddle.tutoring.bookings import views as bookings
from huddle.tutoring.find import views as find
from huddle.tutoring.records import views as records
from huddle.tutoring.reports import views as reports
from huddle.tutoring.schedule import views as schedule
from huddle.tutoring.tutors import views as tutors

app_name = "tutoring"
urlpatterns = [
    # Students: find and book.
    path("", find.tutoring_home, name="home"),
    path("find/", find.week, name="find"),
    path("sessions/<id:session_id>/book/", bookings.book, name="book"),
    path("bookings/", bookings.my_bookings, name="bookings"),
    path("bookings/<id:booking_id>/", bookings.booking_detail, name="booking"),
    path("bookings/<id:booking_id>/cancel/", bookings.booking_cancel, name="booking_cancel"),
    path("bookings/<id:booking_id>/move/", bookings.booking_move, name="booking_move"),
    path("bookings/<id:booking_id>/rate/", records.rate, name="rate"),
    # Tutors: apply, publish, run sessions.
    path("apply/", tutors.apply, name="apply"),
    path("tutor/", tutors.tutor_home, name="tutor_home"),
    path("tutor/pause/", tutors.pause, name="pause"),
    path("tutor/subjects/<id:subject_id>/withdraw/", tutors.subject_withdraw, name="subject_withdraw"),
    path("tutor/windows/", schedule.windows, name="windows"),
    path("tutor/windows/<id:window_id>/remove/", schedule.window_remove, name="window_remove"),
    path("tutor/sessions/new/", schedule.session_new, name="session_new"),
    path("tutor/blocked/", schedule.blocked_dates, name="blocked"),
    path("tutor/blocked/<id:blocked_id>/remove/", schedule.blocked_remove, name="blocked_remove"),
    path("sessions/<id:session_id>/", records.session_detail, name="session"),
    path("sessions/<id:session_id>/cancel/", schedule.session_cancel, name="session_cancel"),
    path("sessions/<id:session_id>/places/", schedule.session_places, name="session_places"),
    path("sessions/<id:session_id>/complete/", records.session_complete, name="session_complete"),
    # Coordinators.
    path("manage/tutors/", tutors.applications, name="applications"),
    path("manage/tutors/<id:subject_id>/decide/", tutors.decide, name="decide"),
    path("manage/rules/", reports.rules_edit, name="rules"),
    path("manage/reports/", reports.reports, name="reports"),
    path("manage/reports/hours.csv", reports.hours_csv, name="hours_csv"),
]
