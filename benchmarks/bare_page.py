"""The baseline for `forum_thread.py`: Django answering with the thread page's bytes and
doing nothing else. Served by the same gunicorn command, settings and workers:

    gunicorn benchmarks.bare_page:application

Django's WSGI handler under the benchmark's production settings, with no middleware and one
URL whose view returns the bytes in the file BENCH_BARE_BODY (the thread page as the member
got it). What the thread page costs above this is the page's own work.
"""

from __future__ import annotations

import os
from pathlib import Path

import django
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse
from django.urls import re_path

BODY = Path(os.environ["BENCH_BARE_BODY"]).read_bytes()


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", page)]

# Set up first: allauth checks at start-up that its middleware is configured.
django.setup(set_prefix=False)
settings.MIDDLEWARE = []
settings.ROOT_URLCONF = __name__
application = WSGIHandler()
