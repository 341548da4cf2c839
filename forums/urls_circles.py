"""URLs for circles (included from forums.urls)."""

urlpatterns: list = []
