"""Documents: a cell's printable documents and register; issued documents by number."""

from django.urls import path

from sessions_app.views import documents as views

urlpatterns = [
    path("c/<slug:slug>/documents/", views.document_index, name="document_index"),
    path("c/<slug:slug>/documents/register/", views.document_register, name="document_register"),
    path("c/<slug:slug>/documents/minutes-zip/", views.minutes_zip, name="minutes_zip"),
    path("c/<slug:slug>/documents/<slug:kind>/", views.document_preview, name="document_preview"),
    path("c/<slug:slug>/documents/<slug:kind>/pdf/", views.document_pdf, name="document_pdf"),
    path("c/<slug:slug>/documents/<slug:kind>/issue/", views.document_issue, name="document_issue"),
    path(
        "c/<slug:slug>/documents/<slug:kind>/narrative/",
        views.document_narrative,
        name="document_narrative",
    ),
    path("o/<slug:slug>/documents/", views.committee_register, name="committee_register"),
    path(
        "o/<slug:slug>/documents/<slug:kind>/",
        views.committee_document_preview,
        name="committee_document_preview",
    ),
    path(
        "o/<slug:slug>/documents/<slug:kind>/pdf/",
        views.committee_document_pdf,
        name="committee_document_pdf",
    ),
    path("documents/<int:pk>/", views.issued_document, name="issued_document"),
    path("documents/<int:pk>/pdf/", views.issued_document_pdf, name="issued_document_pdf"),
]
