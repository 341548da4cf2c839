"""URLs for drafts (included from forums.urls)."""

urlpatterns: list = []
