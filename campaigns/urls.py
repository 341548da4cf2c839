from django.urls import path

from community.input import converters  # noqa: F401 - registers <id:...> and <short_slug:...>

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<short_slug:slug>/", views.campaign_detail, name="detail"),
    path("<short_slug:slug>/support/", views.campaign_support, name="support"),
    path("<short_slug:slug>/testimony/", views.testimony, name="testimony"),
    path("<short_slug:slug>/testimony/consent/", views.testimony_consent, name="testimony_consent"),
    path(
        "<short_slug:slug>/testimony/withdraw/", views.testimony_withdraw, name="testimony_withdraw"
    ),
    path("<short_slug:slug>/organise/", views.organise, name="organise"),
    path("<short_slug:slug>/organise/questions/", views.questions, name="questions"),
    path(
        "<short_slug:slug>/organise/questions/<id:question_id>/",
        views.question_edit,
        name="question_edit",
    ),
    path("<short_slug:slug>/organise/updates/new/", views.update_new, name="update_new"),
    path("<short_slug:slug>/organise/testimony/", views.review, name="review"),
    path(
        "<short_slug:slug>/organise/testimony/<id:testimony_id>/",
        views.review_one,
        name="review_one",
    ),
    path("<short_slug:slug>/organise/export/", views.export, name="export"),
    path("<short_slug:slug>/organise/dashboard/", views.dashboard, name="dashboard"),
]
