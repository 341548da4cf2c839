"""URLs for activity (included from forums.urls, inside the "forums" namespace)."""

from django.urls import path

from community.input import converters  # noqa: F401 - registers <id:...>

from . import views_activity as views

urlpatterns = [
    path("post/<id:post_id>/", views.post_link, name="post_link"),
    path("post/<id:post_id>/react/", views.react, name="react"),
    path("thread/<id:thread_id>/subscribe/", views.thread_subscribe, name="thread_subscribe"),
    path(
        "thread/<id:thread_id>/unsubscribe/",
        views.thread_unsubscribe,
        name="thread_unsubscribe",
    ),
    path("thread/<id:thread_id>/mute/", views.thread_mute, name="thread_mute"),
    path("thread/<id:thread_id>/unmute/", views.thread_unmute, name="thread_unmute"),
    path("preferences/", views.activity_settings, name="activity_settings"),
]
