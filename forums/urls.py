from django.urls import include, path

from community.input import converters  # noqa: F401 - registers <id:...> and <short_slug:...>

from . import views, views_moderation

app_name = "forums"

urlpatterns = [
    path("", views.forum_index, name="index"),
    # Each part of the forums keeps its own URL module; these come before the board slugs.
    path("", include("forums.urls_circles")),
    path("", include("forums.urls_activity")),
    path("", include("forums.urls_drafts")),
    path("", include("forums.urls_search")),
    path("post/<id:post_id>/edit/", views.post_edit, name="post_edit"),
    path(
        "thread/<id:thread_id>/moderate/",
        views_moderation.thread_moderate,
        name="thread_moderate",
    ),
    path("post/<id:post_id>/remove/", views.post_remove, name="post_remove"),
    path("<short_slug:slug>/", views.board, name="board"),
    path("<short_slug:slug>/new/", views.thread_new, name="thread_new"),
    path("<short_slug:slug>/<id:thread_id>/", views.thread, name="thread"),
]
