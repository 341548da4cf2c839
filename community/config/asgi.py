"""ASGI: pages through Django, and one websocket endpoint, `/ws/`, for live updates.

`make run` serves both from one Daphne process (`manage.py serve`). Production serves pages
through gunicorn (wsgi.py) and only `/ws/` (and `/ws/health/`, which tabs ask before
reconnecting) through Daphne, sharing Redis. Daphne is always started with
`community.live.consumers.DAPHNE_OPTIONS`, which stop oversized frames before they are read.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.config.settings")

# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from community.live.consumers import LiveConsumer  # noqa: E402
from community.live.socket_guards import CleanClose, MembersOnly, SameOriginOnly, SocketCap  # noqa: E402

websocket_urlpatterns = [path("ws/", LiveConsumer.as_asgi())]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Outermost first (community/live/socket_guards.py): an outage closes the socket cleanly; a
        # page of another site (another scheme, host or port) must not open a socket with a
        # member's cookies; visitors get none; a member gets a few at most.
        "websocket": CleanClose(
            SameOriginOnly(
                AuthMiddlewareStack(MembersOnly(SocketCap(URLRouter(websocket_urlpatterns))))
            )
        ),
    }
)
