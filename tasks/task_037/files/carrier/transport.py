"""How the carrier client talks HTTP. The client only sees `Transport`; tests pass a fake one."""

import http.client
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]  # header names are lower-case
    body: bytes


class TransportError(Exception):
    """The exchange failed before a complete response arrived."""


class ConnectError(TransportError):
    """No connection could be opened (refused, DNS, TLS handshake). No byte of the request was sent."""


class ResponseError(TransportError):
    """The request was, or may have been, sent but no complete response came back (a read timeout,
    a connection dropped mid-exchange). The carrier may have acted on it."""


class Transport(Protocol):
    def send(self, request: Request, timeout: float) -> Response: ...


class HttpsTransport:
    """One HTTPS connection per request; the response is read in full and the connection closed."""

    def __init__(self, host: str, port: int = 443, max_body: int = 4 * 1024 * 1024) -> None:
        self._host = host
        self._port = port
        self._max_body = max_body

    def send(self, request: Request, timeout: float) -> Response:
        conn = http.client.HTTPSConnection(self._host, self._port, timeout=timeout)
        try:
            try:
                conn.connect()
            except OSError as exc:
                raise ConnectError(f"{self._host}:{self._port}: {exc}") from exc
            try:
                conn.request(request.method, request.path, body=request.body, headers=dict(request.headers))
                raw = conn.getresponse()
                body = raw.read(self._max_body + 1)
            except (OSError, http.client.HTTPException) as exc:
                raise ResponseError(f"{self._host}:{self._port}: {exc}") from exc
            if len(body) > self._max_body:
                raise ResponseError(f"{self._host}:{self._port}: response larger than {self._max_body} bytes")
            headers = {name.lower(): value for name, value in raw.getheaders()}
            return Response(raw.status, headers, body)
        finally:
            conn.close()
