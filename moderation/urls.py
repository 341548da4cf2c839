from django.urls import path

from . import views

urlpatterns = [
    path("", views.desk, name="desk"),
    path("<int:pk>/", views.item_detail, name="item"),
    path("audit/", views.audit_trail, name="audit"),
    path("members/<int:member_id>/sanction/", views.sanction_member, name="sanction"),
    path("members/<int:member_id>/reveal-email/", views.reveal_email, name="reveal_email"),
]
