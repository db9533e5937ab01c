from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("gestion/structures/", views.staff_structures, name="staff_structures"),
    path(
        "gestion/structures/<int:pk>/",
        views.staff_structure_day,
        name="staff_structure_day",
    ),
    path(
        "gestion/preinscriptions/",
        views.staff_pre_registrations,
        name="staff_pre_registrations",
    ),
    path(
        "gestion/preinscriptions/<int:pk>/accepter/",
        views.staff_pre_registration_accept,
        name="staff_pre_registration_accept",
    ),
    path(
        "gestion/preinscriptions/<int:pk>/refuser/",
        views.staff_pre_registration_refuse,
        name="staff_pre_registration_refuse",
    ),
    path(
        "gestion/absences/<int:pk>/excuser/",
        views.staff_absence_excuse,
        name="staff_absence_excuse",
    ),
]
