from django.urls import include, path

from . import views, views_moderation

app_name = "forums"

urlpatterns = [
    path("", views.forum_index, name="index"),
    # Each part of the forums keeps its own URL module; these come before the board slugs.
    path("", include("forums.urls_circles")),
    path("", include("forums.urls_activity")),
    path("", include("forums.urls_drafts")),
    path("", include("forums.urls_search")),
    path("post/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path(
        "thread/<int:thread_id>/moderate/",
        views_moderation.thread_moderate,
        name="thread_moderate",
    ),
    path("post/<int:post_id>/remove/", views.post_remove, name="post_remove"),
    path("<slug:slug>/", views.board, name="board"),
    path("<slug:slug>/new/", views.thread_new, name="thread_new"),
    path("<slug:slug>/<int:thread_id>/", views.thread, name="thread"),
]
