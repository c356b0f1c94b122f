from django.urls import path

from members import views

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.cell_detail, name="cell_detail"),
    path("preferences/text-size/", views.set_text_size, name="set_text_size"),
]
