from django.urls import path

from . import views

app_name = "families"

urlpatterns = [
    path("inscription/", views.signup, name="signup"),
    path("inscription/envoyee/", views.signup_done, name="signup_done"),
    path("inscription/commune/", views.commune_notice, name="commune_notice"),
    path("famille/", views.home, name="home"),
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
]
