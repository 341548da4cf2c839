"""The site's URLs plus two that fail on purpose, for tests of error responses."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from community.config.urls import handler400, handler500  # noqa: F401 - the site's own error pages
from community.config.urls import urlpatterns as site_urlpatterns


def _fail(request):
    raise RuntimeError("a deliberate failure for the test")


def _refuse(request):
    raise PermissionDenied


urlpatterns = [path("boom/", _fail), path("refused/", _refuse), *site_urlpatterns]
