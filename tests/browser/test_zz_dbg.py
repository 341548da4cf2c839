import pytest
from django.db import connections
from wagtail.models import Site

@pytest.mark.parametrize("i", [1, 2])
def test_x(i, live_server_url):
    print(i, Site.objects.count())

@pytest.mark.parametrize("i", [1, 2])
def test_y(i, live_server_url, page):
    print(i, Site.objects.count())
