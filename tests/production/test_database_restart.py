"""Reads ride out a lost database connection (config/middleware.py); writes never repeat.
The real thing, a PostgreSQL restart under load, is bench/fault_test.py."""

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from config.middleware import RetryReadsWhenDatabaseReconnectsMiddleware as Retry

calls = []


def flaky(request, failures: int):
    """Fails as a lost connection does, `failures` times, then answers."""
    calls.append(request.method)
    if len(calls) <= failures:
        raise OperationalError("server closed the connection unexpectedly")
    return HttpResponse("read")


urlpatterns = [path("flaky/<int:failures>/", flaky)]


@pytest.fixture
def lost_connection(monkeypatch):
    """Every OperationalError is a lost connection, and the waits are skipped."""
    calls.clear()
    monkeypatch.setattr(Retry, "DELAYS", (0, 0, 0, 0, 0))
    monkeypatch.setattr(Retry, "is_lost_connection", staticmethod(lambda error: True))
    monkeypatch.setattr("config.middleware.connection.close", lambda: None)
    return Client(raise_request_exception=False)


@pytest.mark.urls(__name__)
def test_a_read_is_retried_until_the_database_answers(lost_connection):
    response = lost_connection.get("/flaky/3/")

    assert (response.status_code, response.content) == (200, b"read")
    assert calls == ["GET"] * 4


@pytest.mark.urls(__name__)
def test_a_read_gives_up_after_the_last_wait(lost_connection):
    response = lost_connection.get("/flaky/99/")

    assert response.status_code == 500
    assert len(calls) == 1 + len(Retry.DELAYS)


@pytest.mark.urls(__name__)
def test_a_write_is_never_repeated(lost_connection, db):  # a write's view runs in a transaction
    response = lost_connection.post("/flaky/1/")

    assert response.status_code == 500
    assert calls == ["POST"]


@pytest.mark.urls(__name__)
def test_other_database_errors_are_not_retried(monkeypatch):
    calls.clear()
    monkeypatch.setattr(Retry, "is_lost_connection", staticmethod(lambda error: False))

    response = Client(raise_request_exception=False).get("/flaky/1/")

    assert response.status_code == 500
    assert calls == ["GET"]


def test_a_working_connection_is_not_taken_for_a_lost_one(db):
    assert not Retry.is_lost_connection(OperationalError("canceling statement due to timeout"))
    assert not Retry.is_lost_connection(ValueError())
