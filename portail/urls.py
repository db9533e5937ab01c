from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from . import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("reglement/", views.rules, name="rules"),
    path("compte/", include("accounts.urls")),
    path("", include("families.urls")),
    path("", include("bookings.urls")),
    path("", include("documents.urls")),
    path("langue/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
