from django.urls import path

from sessions_app.views import meetings, minutes

urlpatterns = [
    path("c/<slug:slug>/meetings/", meetings.meeting_list, name="meeting_list"),
    path("c/<slug:slug>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("c/<slug:slug>/follow-ups/", meetings.follow_up_list, name="follow_up_list"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/held/", meetings.meeting_held, name="meeting_held"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path(
        "meetings/<int:pk>/attendance/all-present/",
        meetings.attendance_all_present,
        name="attendance_all_present",
    ),
    path(
        "meetings/<int:pk>/attendance/<int:attendance_pk>/",
        meetings.attendance_mark,
        name="attendance_mark",
    ),
    path("meetings/<int:pk>/guests/add/", meetings.guest_add, name="guest_add"),
    path(
        "meetings/<int:pk>/guests/<int:guest_pk>/delete/",
        meetings.guest_delete,
        name="guest_delete",
    ),
    path(
        "meetings/<int:pk>/follow-ups/<int:follow_up_pk>/done/",
        meetings.follow_up_done,
        name="follow_up_done",
    ),
    path("minutes/<int:pk>/", minutes.minutes_detail, name="minutes_detail"),
    path("minutes/<int:pk>/edit/", minutes.minutes_edit, name="minutes_edit"),
    path("minutes/<int:pk>/read-back/", minutes.minutes_read_back, name="minutes_read_back"),
    path("minutes/<int:pk>/approve/", minutes.minutes_approve, name="minutes_approve"),
    path("minutes/<int:pk>/amend/", minutes.minutes_amend, name="minutes_amend"),
    path("minutes/<int:pk>/speeches/add/", minutes.speech_add, name="speech_add"),
    path(
        "minutes/<int:pk>/speeches/<int:speech_pk>/edit/",
        minutes.speech_edit,
        name="speech_edit",
    ),
    path(
        "minutes/<int:pk>/speeches/<int:speech_pk>/delete/",
        minutes.speech_delete,
        name="speech_delete",
    ),
    path(
        "minutes/<int:pk>/speeches/<int:speech_pk>/move/",
        minutes.speech_move,
        name="speech_move",
    ),
    path("minutes/<int:pk>/votes/add/", minutes.vote_add, name="vote_add"),
    path("minutes/<int:pk>/votes/<int:vote_pk>/edit/", minutes.vote_edit, name="vote_edit"),
    path("minutes/<int:pk>/votes/<int:vote_pk>/delete/", minutes.vote_delete, name="vote_delete"),
    path("minutes/<int:pk>/follow-ups/add/", minutes.follow_up_add, name="follow_up_add"),
    path(
        "minutes/<int:pk>/follow-ups/<int:follow_up_pk>/delete/",
        minutes.follow_up_delete,
        name="follow_up_delete",
    ),
]
