"""A real uvicorn server on 127.0.0.1 (a random free port) in a background thread, for the HTTP tests.

The socket is bound before the server starts, so there is no window in which another process could take
the port. Stopping sets uvicorn's exit flag, which runs the app's lifespan shutdown like SIGTERM does.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from coding_env_mcp.http.app import uvicorn_config
from coding_env_mcp.http.settings import HttpSettings

START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 15.0


@contextmanager
def serve_in_thread(app: Any, settings: HttpSettings | None = None) -> Iterator[str]:
    """Serve `app` until the block ends, as `serve` would (its connection guards included); yields its base
    URL, e.g. http://127.0.0.1:40123."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn_config(app, settings or HttpSettings(), access_log=False, timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name=f"uvicorn-{port}")
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the test server on port {port} did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(STOP_TIMEOUT_S)
        sock.close()
        if thread.is_alive():
            raise RuntimeError(f"the test server on port {port} did not stop within {STOP_TIMEOUT_S:g}s")
