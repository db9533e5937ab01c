from django.urls import include, path

from .views import floor_book, static_copy

urlpatterns = [
    path("bench/floor/", floor_book),
    path("bench/static/", static_copy),
    path("", include("portail.urls")),
]
