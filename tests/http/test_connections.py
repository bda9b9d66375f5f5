"""Slow and numerous connections cannot take the server down: header timeout, connection cap, quiet logs."""

from __future__ import annotations

import logging
import socket
import time

import httpx2

from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.http.app import build_app
from coding_env_mcp.http.connections import AcceptErrorFilter
from coding_env_mcp.http.settings import HttpSettings
from coding_env_mcp.sandbox import default_sandbox

from ..live_server import serve_in_thread


def _open(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def test_a_connection_that_never_finishes_its_request_head_is_closed(registry: TaskRegistry):
    settings = HttpSettings(header_timeout_s=0.5)
    env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    with serve_in_thread(build_app(env, settings), settings) as url:
        slow = _open(url)
        slow.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the blank line never comes
        started = time.monotonic()
        assert slow.recv(1024) == b""  # closed by the server
        assert 0.3 < time.monotonic() - started < 5
        slow.close()
        kept_alive = _open(url)  # a normal request, then idle under keep-alive: closed the same way
        kept_alive.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        received = b""
        while chunk := kept_alive.recv(4096):  # the response, then the close once the next head is late
            received += chunk
        assert b"200 OK" in received and received.endswith(b"}")
        kept_alive.close()
        assert httpx2.get(f"{url}/health", timeout=5).status_code == 200


def test_past_the_connection_cap_new_requests_are_refused_at_once(registry: TaskRegistry):
    settings = HttpSettings(max_connections=4, header_timeout_s=30)
    env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    with serve_in_thread(build_app(env, settings), settings) as url:
        idle = [_open(url) for _ in range(4)]
        time.sleep(0.2)
        refused = httpx2.get(f"{url}/health", timeout=5)
        assert refused.status_code == 503
        for sock in idle:
            sock.close()
        deadline = time.monotonic() + 5
        while httpx2.get(f"{url}/health", timeout=5).status_code != 200:
            assert time.monotonic() < deadline, "the server did not recover once the idle connections closed"
            time.sleep(0.05)


def test_accept_errors_are_logged_once_per_interval_with_a_count():
    now = [0.0]
    accept_filter = AcceptErrorFilter(interval_s=10, clock=lambda: now[0])

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("asyncio", logging.ERROR, __file__, 1, message, None, None)

    assert accept_filter.filter(record("socket.accept() out of system resource"))
    held = [accept_filter.filter(record("socket.accept() out of system resource")) for _ in range(500)]
    assert not any(held)
    assert accept_filter.filter(record("something else entirely"))  # other errors pass untouched
    now[0] = 11
    later = record("socket.accept() out of system resource")
    assert accept_filter.filter(later) and "(500 more like it in the last 10s)" in later.getMessage()
