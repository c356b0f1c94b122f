from django.urls import path

from members import people_views, rating_views, transfer_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.cell_detail, name="cell_detail"),
    path("preferences/text-size/", views.set_text_size, name="set_text_size"),
]

# people part: cell lists under /c/<slug>/people/…, one person under /people/<pk>/…
urlpatterns += [
    path("c/<slug:slug>/people/", people_views.person_list, name="person_list"),
    path("c/<slug:slug>/people/directory/", people_views.person_directory, name="person_directory"),
    path("c/<slug:slug>/people/new/", people_views.person_create, name="person_create"),
    path(
        "c/<slug:slug>/people/statistics/",
        rating_views.people_statistics,
        name="people_statistics",
    ),
    path("c/<slug:slug>/people/ratings/", rating_views.people_ratings, name="people_ratings"),
    path("c/<slug:slug>/people/import/", transfer_views.people_import, name="people_import"),
    path(
        "c/<slug:slug>/people/import/preview/",
        transfer_views.people_import_preview,
        name="people_import_preview",
    ),
    path(
        "c/<slug:slug>/people/import/confirm/",
        transfer_views.people_import_confirm,
        name="people_import_confirm",
    ),
    path(
        "c/<slug:slug>/people/import/template.xlsx",
        transfer_views.people_import_template,
        name="people_import_template",
    ),
    path("c/<slug:slug>/people/export.xlsx", transfer_views.people_export, name="people_export"),
    path("people/<int:pk>/", people_views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people_views.person_edit, name="person_edit"),
    path("people/<int:pk>/deactivate/", people_views.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/reactivate/", people_views.person_reactivate, name="person_reactivate"),
    path("people/<int:pk>/login/", people_views.person_login, name="person_login"),
    path("people/<int:pk>/history/", people_views.person_history, name="person_history"),
    path("people/<int:pk>/contact/", people_views.person_contact, name="person_contact"),
    path("people/<int:pk>/my-data.json", people_views.person_data, name="person_data"),
    path("people/<int:pk>/erase/", people_views.person_anonymise, name="person_anonymise"),
]
