from django.urls import path
from django.views.generic import TemplateView

from community.input import converters  # noqa: F401 - registers <id:...>
from community.privacy import views as views_privacy
from community.site import views

app_name = "community"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("need-help-now/", views.help_fallback, name="help"),
    # Browsers ask for it on every new tab; answering saves a 404 page render each time.
    path("favicon.ico", views.favicon),
    path("notifications/", views.notifications, name="notifications"),
    path("api/drafts/<str:slot>/", views.draft, name="draft"),
    path(
        "house-rules/",
        TemplateView.as_view(template_name="community/house_rules.html"),
        name="house_rules",
    ),
    path(
        "cover-your-tracks/",
        TemplateView.as_view(template_name="community/cover_tracks.html"),
        name="cover_tracks",
    ),
    path(
        "house-rules/easy-read/",
        TemplateView.as_view(template_name="community/house_rules_easy.html"),
        name="house_rules_easy",
    ),
    path("account/data/", views_privacy.data_page, name="data"),
    path("account/data/export/", views_privacy.export_start, name="data_export"),
    path(
        "account/data/export/<id:export_id>/",
        views_privacy.export_download,
        name="data_download",
    ),
    path("account/data/erase/", views_privacy.erasure_start, name="data_erasure"),
    path("account/data/erase/undo/", views_privacy.erasure_undo, name="data_erasure_undo"),
    path("account/data/erase/now/", views_privacy.erasure_now, name="data_erasure_now"),
]
