from django.urls import path

from sessions_app.views import jobs

urlpatterns = [
    path("jobs/<uuid:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/download/", jobs.job_download, name="job_download"),
]
