from django.urls import path

from sessions_app.views import dashboards

urlpatterns = [
    path("grid/", dashboards.cells_grid_pick, name="cells_grid_pick"),
    path("o/<slug:slug>/grid/", dashboards.cells_grid_view, name="cells_grid"),
]
