"""Root URLs. Every sign-in goes through allauth; Wagtail serves whatever is left."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from community.input import converters  # noqa: F401 - registers <id:...> and <short_slug:...>
from community.live import views as views_live
from community.site import views
from community.uploads import serving as media
from moderation import endpoints as moderation_endpoints

# The database being unreachable is a kind 503, never a bare error (community.site.views).
handler500 = "community.site.views.server_error"
# A body too big or damaged to read: the same kind page, with the quick exit staff chose.
handler400 = "community.site.views.bad_request"


def not_offered(request: HttpRequest) -> HttpResponse:
    """A URL a library offers that this site does not: a plain 404."""
    raise Http404("Nothing has that address.")


urlpatterns = [
    # Wagtail's own password login would skip MFA and allauth's rate limits: send it to allauth.
    path("admin/login/", views.admin_login_redirect, name="wagtailadmin_login"),
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password", query_string=False),
    ),
    # Wagtail's "test the error page" view raises on purpose: no URL of ours answers a 500.
    path("admin/failwhale/", not_offered),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("healthz/", views.health, name="health"),
    # Asked by tabs waiting to reconnect their live socket; served beside `/ws/` (Daphne).
    path("ws/health/", views_live.live_health, name="live_health"),
    path("api/screen/", moderation_endpoints.screen_text, name="screen_text"),
    path(
        "report/<id:content_type_id>/<id:object_id>/",
        moderation_endpoints.report_content,
        name="report_content",
    ),
    path("sitemap.xml", sitemap),
    # Documents only through Wagtail's view, as sandboxed downloads (community/uploads/serving.py).
    path("documents/", include(media.document_urlpatterns)),
    path("forums/", include("forums.urls")),
    path("stories/", include("stories.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("", include("community.urls")),
]

if settings.DEBUG:
    # Media in development, sandboxed and never documents; production's proxy does the same.
    urlpatterns += media.media_urlpatterns()

urlpatterns.append(path("", include(wagtail_urls)))
