"""Deliver webhook events to subscriber endpoints.

`WebhookSender.deliver` makes one attempt and says what happened; the delivery queue decides
when to try again from `Outcome.retry`. Connections to a receiver are kept open between
deliveries (one pool per origin), since most of our traffic goes to a few busy receivers.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from outbound.connection import Response
from outbound.exceptions import OutboundError, Timeout
from outbound.pool import ConnectionPool
from outbound.transport import Transport, open_transport

DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Delivery:
    id: str
    url: str
    payload: bytes
    secret: bytes


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    retry: bool
    status: int | None
    detail: str


def signature(delivery: Delivery, timestamp: int) -> str:
    """The `Webhook-Signature` value: HMAC-SHA256 of "id.timestamp.payload" with the secret."""
    signed = f"{delivery.id}.{timestamp}.".encode() + delivery.payload
    digest = hmac.new(delivery.secret, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def outcome_for(response: Response) -> Outcome:
    """2xx is delivered; 410 means unsubscribe; 408, 429 and 5xx are retried; other 4xx are not."""
    status = response.status
    if 200 <= status < 300:
        return Outcome(True, False, status, "delivered")
    if status in (408, 429) or status >= 500:
        return Outcome(False, True, status, f"receiver answered {status}")
    return Outcome(False, False, status, f"receiver refused the event with {status}")


class WebhookSender:
    """Sends deliveries; one instance is shared by all delivery workers. Call close() at shutdown."""

    def __init__(
        self,
        *,
        user_agent: str,
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
        write_timeout: float = 10.0,
        connections_per_receiver: int = 4,
        pool_timeout: float = 5.0,
        idle_timeout: float = 15.0,
        open_transport: Callable[..., Transport] = open_transport,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._user_agent = user_agent
        self._timeouts = {
            "connect_timeout": connect_timeout,
            "read_timeout": read_timeout,
            "write_timeout": write_timeout,
        }
        self._pool_options = {
            "maxsize": connections_per_receiver,
            "pool_timeout": pool_timeout,
            "idle_timeout": idle_timeout,
        }
        self._open_transport = open_transport
        self._clock = clock
        self._pools: dict[tuple[str, str, int], ConnectionPool] = {}
        self._pools_lock = threading.Lock()
        self._last_sweep = time.monotonic()

    def deliver(self, delivery: Delivery) -> Outcome:
        self._close_expired_connections()
        url = urlsplit(delivery.url)
        if url.scheme not in DEFAULT_PORTS or not url.hostname:
            return Outcome(False, False, None, f"not an http(s) URL: {delivery.url!r}")
        try:
            port = url.port or DEFAULT_PORTS[url.scheme]
        except ValueError:  # a port that is not a number, or out of range
            return Outcome(False, False, None, f"bad port in {delivery.url!r}")
        target = (url.path or "/") + (f"?{url.query}" if url.query else "")
        timestamp = int(self._clock())
        headers = [
            ("Content-Type", "application/json"),
            ("User-Agent", self._user_agent),
            ("Webhook-Id", delivery.id),
            ("Webhook-Timestamp", str(timestamp)),
            ("Webhook-Signature", signature(delivery, timestamp)),
        ]
        pool = self._pool(url.scheme, url.hostname, port)
        try:
            # Receivers dedupe on Webhook-Id (the integration guide requires it), so a
            # delivery may be sent again when its keep-alive connection turns out closed.
            response = pool.request("POST", target, headers, delivery.payload, replayable=True)
        except Timeout as exc:
            # The receiver may have processed it: retry, and let its Webhook-Id dedupe.
            return Outcome(False, True, None, f"timed out: {exc}")
        except OutboundError as exc:
            return Outcome(False, True, None, f"failed: {exc}")
        return outcome_for(response)

    def close(self) -> None:
        """Close every receiver's connections; deliveries still running finish first."""
        with self._pools_lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()

    def _close_expired_connections(self) -> None:
        """Every idle_timeout, close idle connections in every pool, including receivers we
        have stopped sending to, whose connections would otherwise stay open indefinitely."""
        now = time.monotonic()
        with self._pools_lock:
            if now - self._last_sweep < self._pool_options["idle_timeout"]:
                return
            self._last_sweep = now
            pools = list(self._pools.values())
        for pool in pools:
            pool.close_expired()

    def _pool(self, scheme: str, hostname: str, port: int) -> ConnectionPool:
        key = (scheme, hostname, port)
        with self._pools_lock:
            pool = self._pools.get(key)
            if pool is None:
                connect = functools.partial(
                    self._open_transport, hostname, port, tls=scheme == "https", **self._timeouts
                )
                pool = ConnectionPool(
                    authority(hostname, port, scheme), connect, **self._pool_options
                )
                self._pools[key] = pool
            return pool


def authority(hostname: str, port: int, scheme: str) -> str:
    """The Host header for an origin: IPv6 literals in brackets, the port only if not the default."""
    host = f"[{hostname}]" if ":" in hostname else hostname
    return host if port == DEFAULT_PORTS[scheme] else f"{host}:{port}"
