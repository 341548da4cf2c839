from django.urls import path

from community.input import converters  # noqa: F401 - registers <id:...>

from . import views

urlpatterns = [
    path("", views.desk, name="desk"),
    path("<id:pk>/", views.item_detail, name="item"),
    path("audit/", views.audit_trail, name="audit"),
    path("members/<id:member_id>/sanction/", views.sanction_member, name="sanction"),
    path("members/<id:member_id>/reveal-email/", views.reveal_email, name="reveal_email"),
]
