"""ASGI: pages through Django, and one websocket endpoint, `/ws/`, for live updates.

`make run` serves both from one Daphne process. Production serves pages through gunicorn
(wsgi.py) and only `/ws/` through Daphne, sharing Redis.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.config.settings")

# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from community.consumers import LiveConsumer  # noqa: E402

websocket_urlpatterns = [path("ws/", LiveConsumer.as_asgi())]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # A page on another site must not open a socket with a member's cookies.
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
