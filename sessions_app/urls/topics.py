"""URLs of plans, topics, drafts, versions, attachments, comments and the member's own pages."""

from django.urls import path

from sessions_app.views import attachments, comments, plans, topics, work

urlpatterns = [
    path("c/<slug:slug>/plans/", plans.plan_list, name="plan_list"),
    path("c/<slug:slug>/plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/approve/", plans.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/report/", plans.plan_report, name="plan_report"),
    path("plans/<int:pk>/topics/new/", plans.topic_create, name="topic_create"),
    path("topics/<int:pk>/", topics.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/edit/", topics.topic_edit, name="topic_edit"),
    path("topics/<int:pk>/draft/", topics.topic_draft, name="topic_draft"),
    path("topics/<int:pk>/preview/", topics.topic_preview, name="topic_preview"),
    path("topics/<int:pk>/versions/<int:number>/", topics.version_detail, name="version_detail"),
    path("topics/<int:pk>/diff/", topics.version_diff, name="version_diff"),
    path(
        "topics/<int:pk>/attachments/new/", attachments.attachment_create, name="attachment_create"
    ),
    path("topics/<int:pk>/comments/", comments.comment_create, name="comment_create"),
    path("topics/<int:pk>/do/<slug:action>/", topics.topic_action, name="topic_action"),
    path(
        "attachments/<int:pk>/download/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path("attachments/<int:pk>/remove/", attachments.attachment_remove, name="attachment_remove"),
    path("comments/<int:pk>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/answer/", comments.comment_answer, name="comment_answer"),
    path("my-work/", work.my_work, name="my_work"),
    path("preferences/notifications/", work.notification_settings, name="notification_settings"),
    path("calendar/<str:token>.ics", work.calendar_feed, name="calendar_feed"),
]
