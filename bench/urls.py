from django.urls import include, path

from .views import floor_book

urlpatterns = [
    path("bench/floor/", floor_book),
    path("", include("portail.urls")),
]
