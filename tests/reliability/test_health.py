"""/healthz/ tells the proxy and the uptime check whether the database and Redis answer."""

from __future__ import annotations

import json

import pytest

from tests.conftest import needs_redis

from .servers import Browserless, free_port, unreachable_database_url

pytestmark = pytest.mark.django_db(transaction=True)


def test_health_answers_503_when_the_database_is_unreachable(workers, tmp_path):
    worker = workers(DATABASE_URL=unreachable_database_url(tmp_path), REDIS_URL="")
    status, body = Browserless(session="").request(worker.url, "/healthz/")
    assert status == 503
    assert json.loads(body) == {"status": "degraded", "database": "unavailable"}


def test_health_answers_ok_from_a_worker_on_a_working_database(workers):
    worker = workers()
    status, body = Browserless(session="").request(worker.url, "/healthz/")
    assert status == 200
    assert json.loads(body)["database"] == "ok"


def test_health_answers_503_when_redis_is_unreachable(client, settings):
    gone = f"redis://127.0.0.1:{free_port()}/0"
    settings.REDIS_URL = gone
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": gone}
    }
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "unavailable"}


@needs_redis
def test_health_reports_redis_when_it_answers(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_health_leaves_redis_out_when_the_site_runs_without_it(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz/")
    assert response.json() == {"status": "ok", "database": "ok"}
