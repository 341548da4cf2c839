"""URLs for search (included from forums.urls)."""

urlpatterns: list = []
