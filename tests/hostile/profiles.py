"""The Hypothesis profiles of the property tests (tests/hostile/test_properties.py).

"hostile-ci" (the default): few enough examples per sink to keep the whole run near a minute on
SQLite, derandomised so a failure found in CI is found again on any machine. "hostile-dev"
(`HOSTILE_PROFILE=hostile-dev`) explores more, at random. Applied by the tests themselves,
never loaded globally: other Hypothesis tests in the suite keep their own settings.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile(
    "hostile-ci",
    max_examples=30,
    deadline=None,
    derandomize=True,
    print_blob=True,
    database=None,
    suppress_health_check=_QUIET,
)
settings.register_profile(
    "hostile-dev", max_examples=200, deadline=None, print_blob=True, suppress_health_check=_QUIET
)

HOSTILE = settings.get_profile(os.environ.get("HOSTILE_PROFILE", "hostile-ci"))
