"""Root URLs. Every sign-in goes through allauth; Wagtail serves whatever is left."""

from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from community import views
from moderation import endpoints as moderation_endpoints

# The database being unreachable is a kind 503, never a bare error (community.views).
handler500 = "community.views.server_error"

urlpatterns = [
    # Wagtail's own password login would skip MFA and allauth's rate limits: send it to allauth.
    path("admin/login/", views.admin_login_redirect, name="wagtailadmin_login"),
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password", query_string=False),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("healthz/", views.health, name="health"),
    path("api/screen/", moderation_endpoints.screen_text, name="screen_text"),
    path(
        "report/<int:content_type_id>/<str:object_id>/",
        moderation_endpoints.report_content,
        name="report_content",
    ),
    path("sitemap.xml", sitemap),
    path("forums/", include("forums.urls")),
    path("stories/", include("stories.urls")),
    path("campaigns/", include("forums.urls_campaigns")),
    path("", include("community.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
