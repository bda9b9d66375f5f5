import threading

import pytest

from outbound.exceptions import (
    ConnectError,
    PoolClosed,
    PoolTimeout,
    RemoteProtocolError,
)
from outbound.pool import ConnectionPool
from outbound.transport import Transport
from tests.fakes import ScriptedSocket, http_response


class Origin:
    """A `connect` for the pool: each new connection gets the next scripted socket."""

    def __init__(self, *scripts: list) -> None:
        self.scripts = list(scripts)
        self.sockets: list[ScriptedSocket] = []

    def __call__(self) -> Transport:
        sock = ScriptedSocket(list(self.scripts.pop(0)))
        self.sockets.append(sock)
        return Transport(sock, "receiver:443", read_timeout=1.0, write_timeout=1.0)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def requests_on(sock: ScriptedSocket) -> list[bytes]:
    return [
        line
        for line in bytes(sock.sent).split(b"\r\n")
        if line.startswith((b"GET ", b"POST ", b"PUT "))
    ]


def test_one_connection_carries_consecutive_requests():
    origin = Origin([http_response(200, b"one"), http_response(200, b"two")])
    pool = ConnectionPool("receiver", origin)
    assert pool.request("GET", "/a", []).body == b"one"
    assert pool.request("POST", "/b", [], b"{}").body == b"two"
    assert len(origin.sockets) == 1
    assert requests_on(origin.sockets[0]) == [b"GET /a HTTP/1.1", b"POST /b HTTP/1.1"]
    assert not origin.sockets[0].closed


def test_a_connection_the_server_closes_is_not_reused():
    origin = Origin([http_response(200, close=True)], [http_response(201)])
    pool = ConnectionPool("receiver", origin)
    assert pool.request("GET", "/", []).status == 200
    assert origin.sockets[0].closed
    assert pool.request("GET", "/", []).status == 201
    assert len(origin.sockets) == 2


def test_an_idle_connection_past_the_idle_timeout_is_replaced():
    clock = Clock()
    origin = Origin([http_response(200)], [http_response(200)])
    pool = ConnectionPool("receiver", origin, idle_timeout=15.0, clock=clock)
    pool.request("GET", "/", [])
    clock.now += 15.0
    pool.request("GET", "/", [])
    assert len(origin.sockets) == 2
    assert origin.sockets[0].closed and not origin.sockets[1].closed


def test_a_stale_connection_is_replaced_for_an_idempotent_request():
    # The server closed the kept-alive connection while it was idle: EOF before any response.
    origin = Origin([http_response(200), b""], [http_response(200, b"again")])
    pool = ConnectionPool("receiver", origin)
    pool.request("GET", "/", [])
    assert pool.request("PUT", "/item", [], b"{}").body == b"again"
    assert origin.sockets[0].closed
    assert requests_on(origin.sockets[1]) == [b"PUT /item HTTP/1.1"]


def test_a_post_is_not_sent_twice_unless_the_caller_says_it_may_be():
    origin = Origin([http_response(200), b""], [http_response(200)])
    pool = ConnectionPool("receiver", origin)
    pool.request("GET", "/", [])
    with pytest.raises(RemoteProtocolError):
        pool.request("POST", "/orders", [], b"{}")
    assert len(origin.sockets) == 1

    origin = Origin([http_response(200), b""], [http_response(202)])
    pool = ConnectionPool("receiver", origin)
    pool.request("GET", "/", [])
    assert pool.request("POST", "/hooks", [], b"{}", replayable=True).status == 202


def test_a_failure_after_the_response_started_is_not_retried():
    origin = Origin([http_response(200), b"HTTP/1.1 200 OK\r\nContent-Le"], [http_response(200)])
    pool = ConnectionPool("receiver", origin)
    pool.request("GET", "/", [])
    with pytest.raises(RemoteProtocolError):
        pool.request("GET", "/", [])
    assert len(origin.sockets) == 1 and origin.sockets[0].closed


def test_a_request_on_a_new_connection_is_not_retried():
    origin = Origin([b""], [http_response(200)])
    pool = ConnectionPool("receiver", origin)
    with pytest.raises(RemoteProtocolError):
        pool.request("GET", "/", [])
    assert len(origin.sockets) == 1


def test_a_failed_connect_gives_its_place_back():
    attempts = []

    def refuse() -> Transport:
        attempts.append(1)
        raise ConnectError("receiver:443: cannot connect: refused")

    pool = ConnectionPool("receiver", refuse, maxsize=1, pool_timeout=0.05)
    for _ in range(3):
        with pytest.raises(ConnectError):
            pool.request("GET", "/", [])
    assert len(attempts) == 3


def test_requests_wait_for_a_busy_connection_then_time_out():
    answer = threading.Event()
    entered = threading.Event()

    class SlowSocket(ScriptedSocket):
        def recv(self, max_bytes: int) -> bytes:
            entered.set()
            assert answer.wait(5.0)
            return super().recv(max_bytes)

    sock = SlowSocket([http_response(200, b"slow"), http_response(200, b"next")])
    pool = ConnectionPool(
        "receiver",
        lambda: Transport(sock, "receiver:443", read_timeout=1.0, write_timeout=1.0),
        maxsize=1,
        pool_timeout=0.05,
    )
    results = []
    worker = threading.Thread(target=lambda: results.append(pool.request("GET", "/", []).body))
    worker.start()
    assert entered.wait(5.0)
    with pytest.raises(PoolTimeout):
        pool.request("GET", "/", [])
    answer.set()
    worker.join(5.0)
    assert results == [b"slow"]
    assert pool.request("GET", "/", []).body == b"next"


def test_close_closes_idle_connections_and_refuses_new_requests():
    origin = Origin([http_response(200)])
    pool = ConnectionPool("receiver", origin)
    pool.request("GET", "/", [])
    pool.close()
    assert origin.sockets[0].closed
    with pytest.raises(PoolClosed):
        pool.request("GET", "/", [])


def test_maxsize_must_be_positive():
    with pytest.raises(ValueError, match="maxsize"):
        ConnectionPool("receiver", Origin(), maxsize=0)


def test_close_expired_closes_only_connections_idle_too_long():
    clock = Clock()
    origin = Origin([http_response(200)], [http_response(200)])
    pool = ConnectionPool("receiver", origin, idle_timeout=15.0, clock=clock)
    pool.request("GET", "/", [])
    clock.now += 10.0
    pool.close_expired()
    assert not origin.sockets[0].closed
    clock.now += 5.0
    pool.close_expired()
    assert origin.sockets[0].closed
    pool.request("GET", "/", [])
    assert len(origin.sockets) == 2
