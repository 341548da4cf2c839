"""URLs for circles (included from forums.urls, before the board slugs)."""

from django.urls import path

from community.input import converters  # noqa: F401 - registers <id:...> and <short_slug:...>

from . import views_circles as views

urlpatterns = [
    path("circles/", views.circle_list, name="circles"),
    path("circles/<short_slug:slug>/request/", views.circle_request, name="circle_request"),
    path("circles/<short_slug:slug>/accept/", views.circle_accept, name="circle_accept"),
    path("circles/<short_slug:slug>/decline/", views.circle_decline, name="circle_decline"),
    path("circles/<short_slug:slug>/leave/", views.circle_leave, name="circle_leave"),
    path("circles/<short_slug:slug>/members/", views.circle_members, name="circle_members"),
    path(
        "circles/<short_slug:slug>/members/<id:membership_id>/approve/",
        views.circle_approve,
        name="circle_approve",
    ),
    path(
        "circles/<short_slug:slug>/members/<id:membership_id>/refuse/",
        views.circle_refuse,
        name="circle_refuse",
    ),
    path(
        "circles/<short_slug:slug>/members/<id:membership_id>/remove/",
        views.circle_remove,
        name="circle_remove",
    ),
]
