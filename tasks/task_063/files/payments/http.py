"""HTTP plumbing for the payment provider's API: auth, JSON bodies, idempotency keys, transport errors.

The provider deduplicates POSTs by their Idempotency-Key header for 24 hours: a POST that repeats a
key gets the first request's response back and is not acted on again."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Protocol

API_VERSION = "2024-06-01"


class TransportError(Exception):
    """The request failed below HTTP."""


class ConnectFailed(TransportError):
    """No connection could be made: the request was never sent."""


class ResponseTimeout(TransportError):
    """The request was sent but no response arrived in time: the provider may have acted on it."""


@dataclass(frozen=True)
class Response:
    status: int
    body: dict
    headers: dict = field(default_factory=dict)  # names lower-cased by the transport


class Transport(Protocol):
    def send(self, method: str, path: str, headers: dict, body: bytes | None, timeout: float) -> Response:
        ...


class ApiSession:
    """Requests to the provider over a Transport, with the account's API key."""

    def __init__(self, transport: Transport, api_key: str, timeout: float = 10.0):
        self._transport = transport
        self._api_key = api_key
        self._timeout = timeout

    def _headers(self) -> dict:
        return {"Authorization": f"Bearer {self._api_key}", "Api-Version": API_VERSION, "Accept": "application/json"}

    def get(self, path: str) -> Response:
        return self._transport.send("GET", path, self._headers(), None, self._timeout)

    def post(self, path: str, body: dict, idempotency_key: str | None = None) -> Response:
        """POST `body` as JSON. Every POST carries an Idempotency-Key: `idempotency_key`, or a new
        random key when none is given."""
        headers = self._headers() | {
            "Content-Type": "application/json",
            "Idempotency-Key": idempotency_key or uuid.uuid4().hex,
        }
        return self._transport.send("POST", path, headers, json.dumps(body).encode("utf-8"), self._timeout)
