"""TCP and TLS connections with per-operation timeouts.

Socket errors are translated here, once, into the exceptions of `outbound.exceptions`, so
the rest of the package never sees `OSError` or `socket.timeout`.
"""

from __future__ import annotations

import socket
import ssl
from typing import Protocol

from outbound.exceptions import (
    ConnectError,
    ConnectionLost,
    ConnectTimeout,
    ReadTimeout,
    WriteTimeout,
)


class _Socket(Protocol):
    def settimeout(self, value: float | None) -> None: ...
    def sendall(self, data: bytes) -> None: ...
    def recv(self, max_bytes: int) -> bytes: ...
    def close(self) -> None: ...


class Transport:
    """A connected socket that applies the write timeout to sends and the read timeout to receives."""

    def __init__(
        self, sock: _Socket, peer: str, *, read_timeout: float, write_timeout: float
    ) -> None:
        self._sock = sock
        self.peer = peer
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout

    def send_all(self, data: bytes) -> None:
        self._sock.settimeout(self._write_timeout)
        try:
            self._sock.sendall(data)
        except TimeoutError as exc:  # socket.timeout is TimeoutError since Python 3.10
            raise WriteTimeout(
                f"{self.peer}: could not send the request within {self._write_timeout} s"
            ) from exc
        except OSError as exc:
            raise ConnectionLost(f"{self.peer}: connection lost while sending: {exc}") from exc

    def receive(self, max_bytes: int = 65536) -> bytes:
        """Up to max_bytes from the peer; b"" once the peer has closed its side."""
        self._sock.settimeout(self._read_timeout)
        try:
            return self._sock.recv(max_bytes)
        except TimeoutError as exc:
            raise ReadTimeout(
                f"{self.peer}: no response data within {self._read_timeout} s"
            ) from exc
        except OSError as exc:
            raise ConnectionLost(f"{self.peer}: connection lost while receiving: {exc}") from exc

    def close(self) -> None:
        try:
            self._sock.close()
        except OSError:
            pass  # already gone; there is nothing left to release


def open_transport(
    host: str,
    port: int,
    *,
    tls: bool,
    connect_timeout: float,
    read_timeout: float,
    write_timeout: float,
    ssl_context: ssl.SSLContext | None = None,
) -> Transport:
    """Connect to host:port (with TLS if asked), or raise ConnectError / ConnectTimeout."""
    peer = f"{host}:{port}"
    try:
        sock = socket.create_connection((host, port), timeout=connect_timeout)
    except TimeoutError as exc:
        raise ConnectTimeout(f"{peer}: no connection within {connect_timeout} s") from exc
    except OSError as exc:
        raise ConnectError(f"{peer}: cannot connect: {exc}") from exc
    if tls:
        context = ssl_context or ssl.create_default_context()
        try:
            sock = context.wrap_socket(sock, server_hostname=host)
        except TimeoutError as exc:
            sock.close()
            raise ConnectTimeout(f"{peer}: TLS handshake took over {connect_timeout} s") from exc
        except OSError as exc:  # ssl.SSLError included
            sock.close()
            raise ConnectError(f"{peer}: TLS handshake failed: {exc}") from exc
    return Transport(sock, peer, read_timeout=read_timeout, write_timeout=write_timeout)
