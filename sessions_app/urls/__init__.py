"""URLs of the workflow, one module per part. Cell lists live under /c/<slug>/…,
single objects under their own prefix (/topics/<pk>/, /meetings/<pk>/ …)."""

from django.urls import include, path

app_name = "sessions_app"
urlpatterns = [
    path("", include("sessions_app.urls.topics")),
    path("", include("sessions_app.urls.meetings")),
    path("", include("sessions_app.urls.pledges")),
    path("", include("sessions_app.urls.documents")),
    path("", include("sessions_app.urls.jobs")),
    path("", include("sessions_app.urls.dashboards")),
]
