"""URLs for activity (included from forums.urls)."""

urlpatterns: list = []
