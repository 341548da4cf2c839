"""Settings entry point: DJANGO_ENV picks the profile (dev by default, production, test)."""

import os

_ENV = os.environ.get("DJANGO_ENV", "dev").strip().lower()

if _ENV == "production":
    from .production import *  # noqa: F403
elif _ENV == "test":
    from .test import *  # noqa: F403
elif _ENV in ("dev", "development", ""):
    from .dev import *  # noqa: F403
else:
    raise RuntimeError(f"DJANGO_ENV must be dev, production or test, not {_ENV!r}.")
