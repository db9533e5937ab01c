from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("famille/documents/", views.family_documents, name="family_documents"),
    path("famille/documents/envoyer/", views.upload, name="upload"),
    path(
        "famille/documents/<int:pk>/telecharger/",
        views.family_download,
        name="family_download",
    ),
    path(
        "famille/activites-souhaitees/",
        views.wanted_activities,
        name="wanted_activities",
    ),
    path("gestion/documents/", views.staff_queue, name="staff_queue"),
    path("gestion/documents/<int:pk>/", views.staff_document, name="staff_document"),
    path(
        "gestion/documents/<int:pk>/valider/",
        views.staff_validate,
        name="staff_validate",
    ),
    path(
        "gestion/documents/<int:pk>/refuser/",
        views.staff_reject,
        name="staff_reject",
    ),
    path(
        "gestion/documents/<int:pk>/telecharger/",
        views.staff_download,
        name="staff_download",
    ),
]
