"""URLs for search (included from forums.urls)."""

from django.urls import path

from . import views_search

urlpatterns = [
    path("search/", views_search.search_page, name="search"),
]
