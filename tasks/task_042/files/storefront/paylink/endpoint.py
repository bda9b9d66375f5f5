"""The WSGI endpoint Paylink posts webhook deliveries to (`POST /hooks/paylink`)."""

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from storefront.paylink import signature
from storefront.paylink.replay import ReplayGuard

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024

Event = dict[str, Any]
Handler = Callable[[Event], None]


class Reject(Exception):
    """Ends a request early with an error status."""

    def __init__(self, status: str, message: str, headers: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or []


class PaylinkEndpoint:
    """Verifies each delivery and hands its event to the handler registered for the event type.

    Event types without a handler are acknowledged and ignored: Paylink sends every type the
    account is subscribed to, and stops retrying once it sees a 2xx. A delivery that was already
    received gets a 409 and is not handled again.

    `secrets` holds every secret currently configured for the endpoint (two while one is being
    rotated); a delivery signed with any of them is accepted.
    """

    def __init__(
        self,
        secrets: Sequence[bytes],
        handlers: Mapping[str, Handler],
        replay_guard: ReplayGuard,
        *,
        tolerance: float = signature.DEFAULT_TOLERANCE_S,
        clock: Callable[[], float] = time.time,
    ):
        if isinstance(secrets, (bytes, bytearray, str)):
            raise TypeError("secrets must be a sequence of secrets, not a single one")
        self._secrets = tuple(secrets)
        if not self._secrets or not all(isinstance(secret, bytes) and secret for secret in self._secrets):
            raise ValueError("configure at least one Paylink webhook secret, and no empty ones")
        if not 0 < tolerance <= 3600:
            raise ValueError("tolerance must be between 0 and 3600 seconds")
        self._handlers = dict(handlers)
        self._replay_guard = replay_guard
        self._tolerance = tolerance
        self._clock = clock

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        headers: list[tuple[str, str]] = []
        try:
            status, payload = self._handle(environ)
        except Reject as exc:
            status, payload, headers = exc.status, {"error": exc.message}, exc.headers
        body = json.dumps(payload).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body))), *headers]
        start_response(status, headers)
        return [body]

    def _handle(self, environ: dict[str, Any]) -> tuple[str, dict[str, str]]:
        if environ.get("REQUEST_METHOD") != "POST":
            raise Reject("405 Method Not Allowed", "use POST", [("Allow", "POST")])
        body = _read_body(environ)
        header, now = environ.get("HTTP_PAYLINK_SIGNATURE"), self._clock()
        try:
            delivery = signature.verify(self._secrets, body, header, now=now, tolerance=self._tolerance)
        except signature.SignatureError as exc:
            log.warning("rejected a Paylink delivery: %s", exc)
            raise Reject("401 Unauthorized", "bad signature") from None
        event = _parse_event(body)
        # Paylink signs every attempt afresh, so only a copy of this very request has this key.
        expires_at = delivery.timestamp + self._tolerance
        if not self._replay_guard.claim(delivery.key, expires_at=expires_at, now=now):
            log.warning("rejected a second copy of a Paylink delivery of event %s", event["id"])
            raise Reject("409 Conflict", "delivery already received")
        handler = self._handlers.get(event["type"])
        if handler is None:
            return "200 OK", {"status": "ignored"}
        try:
            handler(event)
        except Exception:
            log.exception("the %s handler failed on event %s", event["type"], event["id"])
            raise Reject("500 Internal Server Error", "handler failed") from None
        return "200 OK", {"status": "processed"}


def _read_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or "0")
    except ValueError:
        raise Reject("400 Bad Request", "bad Content-Length") from None
    if length < 0:
        raise Reject("400 Bad Request", "bad Content-Length")
    if length > MAX_BODY_BYTES:
        raise Reject("413 Content Too Large", f"body over {MAX_BODY_BYTES} bytes")
    body = environ["wsgi.input"].read(length)
    if len(body) != length:
        raise Reject("400 Bad Request", "body shorter than Content-Length")
    return body


def _parse_event(body: bytes) -> Event:
    try:
        event = json.loads(body)
    except ValueError:
        raise Reject("400 Bad Request", "body is not JSON") from None
    if not isinstance(event, dict) or not isinstance(event.get("id"), str) or not isinstance(event.get("type"), str):
        raise Reject("400 Bad Request", "an event needs a string id and type")
    return event
