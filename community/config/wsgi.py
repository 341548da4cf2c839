"""WSGI, for gunicorn serving pages in production (Daphne serves only `/ws/` there)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.config.settings")

application = get_wsgi_application()
