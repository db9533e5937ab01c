from django.urls import path

from .views import absences, booking, catalogue, planning, staff

app_name = "bookings"

urlpatterns = [
    # Family pages.
    path("famille/activites/", catalogue.catalogue, name="catalogue"),
    path("famille/activites/inscrire/", catalogue.enrol, name="enrol"),
    path("famille/reserver/", booking.book_start, name="book_start"),
    path(
        "famille/reserver/<int:child_pk>/<int:activity_pk>/",
        booking.book_days,
        name="book_days",
    ),
    path(
        "famille/reserver/<int:child_pk>/<int:activity_pk>/recapitulatif/",
        booking.book_days_summary,
        name="book_days_summary",
    ),
    path(
        "famille/reserver/confirmer/",
        booking.book_days_confirm,
        name="book_days_confirm",
    ),
    path(
        "famille/reserver/<int:child_pk>/<int:activity_pk>/toute-l-activite/",
        booking.book_whole,
        name="book_whole",
    ),
    path(
        "famille/reserver/toute-l-activite/confirmer/",
        booking.book_whole_confirm,
        name="book_whole_confirm",
    ),
    path("famille/reserver/resultat/", booking.book_result, name="book_result"),
    path("famille/planning/", planning.planning, name="planning"),
    path("famille/reservations/<int:pk>/annuler/", planning.cancel, name="cancel"),
    path(
        "famille/liste-attente/rejoindre/",
        planning.join_waiting_list,
        name="join_waiting_list",
    ),
    path(
        "famille/liste-attente/<int:pk>/quitter/",
        planning.leave_waiting_list,
        name="leave_waiting_list",
    ),
    path("famille/absences/", absences.report_absence, name="report_absence"),
    # Staff pages.
    path("gestion/structures/", staff.staff_structures, name="staff_structures"),
    path(
        "gestion/structures/<int:pk>/",
        staff.staff_structure_day,
        name="staff_structure_day",
    ),
    path(
        "gestion/preinscriptions/",
        staff.staff_pre_registrations,
        name="staff_pre_registrations",
    ),
    path(
        "gestion/preinscriptions/<int:pk>/accepter/",
        staff.staff_pre_registration_accept,
        name="staff_pre_registration_accept",
    ),
    path(
        "gestion/preinscriptions/<int:pk>/refuser/",
        staff.staff_pre_registration_refuse,
        name="staff_pre_registration_refuse",
    ),
    path(
        "gestion/absences/<int:pk>/excuser/",
        staff.staff_absence_excuse,
        name="staff_absence_excuse",
    ),
    path("gestion/reserver/", staff.staff_book, name="staff_book"),
]
