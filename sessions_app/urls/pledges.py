"""Pages of the pledge model: cell lists under /c/<slug>/pledges/, objects by their key."""

from django.urls import path

from sessions_app.views import pledges as views

urlpatterns = [
    path("c/<slug:slug>/pledges/", views.pledge_home, name="pledge_home"),
    path("c/<slug:slug>/pledges/register/", views.pledge_register, name="pledge_register"),
    path(
        "c/<slug:slug>/pledges/rounds/new/", views.pledge_round_create, name="pledge_round_create"
    ),
    path("c/<slug:slug>/pledges/areas/", views.pledge_areas, name="pledge_areas"),
    path("c/<slug:slug>/pledges/scale/", views.pledge_scale, name="pledge_scale"),
    path("pledge-rounds/<int:pk>/", views.pledge_round_detail, name="pledge_round_detail"),
    path("pledge-rounds/<int:pk>/edit/", views.pledge_round_edit, name="pledge_round_edit"),
    path("pledge-rounds/<int:pk>/register/", views.pledge_create, name="pledge_create"),
    path(
        "pledge-rounds/<int:pk>/register-for/",
        views.pledge_create_on_behalf,
        name="pledge_create_on_behalf",
    ),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge_detail"),
    path("pledges/<int:pk>/edit/", views.pledge_edit, name="pledge_edit"),
    path("pledges/<int:pk>/progress/", views.pledge_progress, name="pledge_progress"),
    path("pledges/<int:pk>/evaluate/", views.pledge_evaluate, name="pledge_evaluate"),
    path("pledges/<int:pk>/role/", views.pledge_role, name="pledge_role"),
]
