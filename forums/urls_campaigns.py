from django.urls import path

from . import views_campaigns as views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<slug:slug>/", views.campaign_detail, name="detail"),
    path("<slug:slug>/support/", views.campaign_support, name="support"),
    path("<slug:slug>/testimony/", views.testimony, name="testimony"),
    path("<slug:slug>/testimony/consent/", views.testimony_consent, name="testimony_consent"),
    path("<slug:slug>/testimony/withdraw/", views.testimony_withdraw, name="testimony_withdraw"),
    path("<slug:slug>/organise/", views.organise, name="organise"),
    path("<slug:slug>/organise/questions/", views.questions, name="questions"),
    path(
        "<slug:slug>/organise/questions/<int:question_id>/",
        views.question_edit,
        name="question_edit",
    ),
    path("<slug:slug>/organise/updates/new/", views.update_new, name="update_new"),
    path("<slug:slug>/organise/testimony/", views.review, name="review"),
    path("<slug:slug>/organise/testimony/<int:testimony_id>/", views.review_one, name="review_one"),
    path("<slug:slug>/organise/export/", views.export, name="export"),
    path("<slug:slug>/organise/dashboard/", views.dashboard, name="dashboard"),
]
