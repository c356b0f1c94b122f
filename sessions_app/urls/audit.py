from django.urls import path

from sessions_app.views import audit

urlpatterns = [
    path("c/<slug:slug>/history/", audit.cell_history, name="cell_history"),
]
