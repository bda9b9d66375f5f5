"""An HTTP/1.1 request and its response over a `Transport`, with h11 doing the protocol."""

from __future__ import annotations

from dataclasses import dataclass

import h11

from outbound.exceptions import RemoteProtocolError, ResponseTooLarge
from outbound.transport import Transport

MAX_BODY = 1 << 20
"""Receivers answer a webhook with a short acknowledgement; we keep at most 1 MiB of it."""

Headers = list[tuple[str, str]]


@dataclass(frozen=True)
class Response:
    status: int
    headers: Headers
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of a header, compared case-insensitively, or None."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None


class HTTPConnection:
    """A keep-alive client connection: one request at a time, each response read in full.

    After a response, `reusable` says whether the connection can carry another request: both
    sides finished their messages and the server did not ask to close. `start_next_cycle`
    then readies it for the next one. A connection whose request failed is in an unknown
    state and must be closed.
    """

    def __init__(self, transport: Transport, host: str) -> None:
        self._transport = transport
        self._host = host
        self._h11 = h11.Connection(h11.CLIENT)
        self.requests_completed = 0
        self.response_started = False

    @property
    def reused(self) -> bool:
        """True when an earlier request completed on this connection (it sat idle in between)."""
        return self.requests_completed > 0

    @property
    def reusable(self) -> bool:
        return self._h11.our_state is h11.DONE and self._h11.their_state is h11.DONE

    def request(self, method: str, target: str, headers: Headers, body: bytes = b"") -> Response:
        """Send the request and read the whole response (at most MAX_BODY bytes of body).

        `response_started` tells, after a failure, whether any byte of the response had
        arrived: if none had, the server may never have seen the request.
        """
        if self._h11.our_state is not h11.IDLE:
            raise RuntimeError("the connection is busy or closed: one request at a time")
        self.response_started = False
        self._send(method, target, headers, body)
        return self._receive_response()

    def start_next_cycle(self) -> None:
        """Make a `reusable` connection ready for its next request."""
        self._h11.start_next_cycle()
        self.requests_completed += 1

    def close(self) -> None:
        self._transport.close()

    def _send(self, method: str, target: str, headers: Headers, body: bytes) -> None:
        framing = [("Host", self._host), ("Content-Length", str(len(body)))]
        data = self._h11.send(h11.Request(method=method, target=target, headers=framing + headers))
        if body:
            data += self._h11.send(h11.Data(data=body))
        data += self._h11.send(h11.EndOfMessage())
        self._transport.send_all(data)

    def _next_event(self) -> h11.Event:
        while True:
            try:
                event = self._h11.next_event()
            except h11.RemoteProtocolError as exc:
                raise RemoteProtocolError(f"{self._transport.peer}: {exc}") from exc
            if event is h11.NEED_DATA:
                data = self._transport.receive()
                self.response_started = self.response_started or bool(data)
                self._h11.receive_data(data)
                continue
            return event

    def _receive_response(self) -> Response:
        event = self._next_event()
        while isinstance(event, h11.InformationalResponse):  # 100 Continue and the like
            event = self._next_event()
        if not isinstance(event, h11.Response):
            raise RemoteProtocolError(f"{self._transport.peer}: expected a response, got {event!r}")
        head = event
        body = bytearray()
        while True:
            event = self._next_event()
            if isinstance(event, h11.Data):
                body += event.data
                if len(body) > MAX_BODY:
                    raise ResponseTooLarge(
                        f"{self._transport.peer}: response body over {MAX_BODY} bytes"
                    )
            elif isinstance(event, h11.EndOfMessage):
                break
            else:
                raise RemoteProtocolError(
                    f"{self._transport.peer}: unexpected {type(event).__name__} in a response body"
                )
        headers = [(key.decode("latin-1"), value.decode("latin-1")) for key, value in head.headers]
        return Response(status=head.status_code, headers=headers, body=bytes(body))
