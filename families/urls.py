from django.urls import path

from . import record_views, views

app_name = "families"

urlpatterns = [
    path("inscription/", views.signup, name="signup"),
    path("inscription/envoyee/", views.signup_done, name="signup_done"),
    path("inscription/commune/", views.commune_notice, name="commune_notice"),
    path("famille/", views.home, name="home"),
    path("famille/dossier/", record_views.family_record, name="family_record"),
    path("famille/enfants/<int:pk>/", record_views.child_record, name="child_record"),
    path("famille/autorisations/", record_views.permissions, name="permissions"),
    path(
        "famille/autorisations/<int:pk>/",
        record_views.child_permissions,
        name="child_permissions",
    ),
    path(
        "famille/personnes-autorisees/ajouter/",
        record_views.person_add,
        name="person_add",
    ),
    path(
        "famille/personnes-autorisees/<int:pk>/modifier/",
        record_views.person_edit,
        name="person_edit",
    ),
    path(
        "famille/personnes-autorisees/<int:pk>/supprimer/",
        record_views.person_remove,
        name="person_remove",
    ),
    path("gestion/", views.staff_dashboard, name="staff_dashboard"),
    path("gestion/familles/", views.staff_family_list, name="staff_family_list"),
    path(
        "gestion/familles/<int:pk>/",
        views.staff_family_detail,
        name="staff_family_detail",
    ),
    path(
        "gestion/familles/<int:pk>/valider/",
        views.staff_family_validate,
        name="staff_family_validate",
    ),
    path(
        "gestion/familles/<int:pk>/refuser/",
        views.staff_family_reject,
        name="staff_family_reject",
    ),
    path(
        "gestion/familles/<int:pk>/remettre-en-attente/",
        views.staff_family_reopen,
        name="staff_family_reopen",
    ),
    path(
        "gestion/familles/<int:pk>/renvoyer-lien/",
        views.staff_family_resend_link,
        name="staff_family_resend_link",
    ),
    path(
        "gestion/familles/<int:pk>/mot-de-passe-temporaire/",
        views.staff_family_temporary_password,
        name="staff_family_temporary_password",
    ),
    path(
        "gestion/modifications/",
        record_views.staff_change_requests,
        name="staff_change_requests",
    ),
    path(
        "gestion/modifications/<int:pk>/accepter/",
        record_views.staff_change_approve,
        name="staff_change_approve",
    ),
    path(
        "gestion/modifications/<int:pk>/refuser/",
        record_views.staff_change_reject,
        name="staff_change_reject",
    ),
]
