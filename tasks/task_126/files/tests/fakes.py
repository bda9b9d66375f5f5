"""Scripted sockets, so tests exercise the real Transport and h11 without a network."""

from __future__ import annotations

from dataclasses import dataclass, field

from outbound.transport import Transport


def http_response(status: int = 200, body: bytes = b"ok", *, close: bool = False) -> bytes:
    """The bytes of an HTTP/1.1 response with a Content-Length body."""
    head = f"HTTP/1.1 {status} Status\r\nContent-Length: {len(body)}\r\n"
    if close:
        head += "Connection: close\r\n"
    return head.encode() + b"\r\n" + body


@dataclass
class ScriptedSocket:
    """Answers each recv() with the next item of its script: bytes, or an exception to raise.

    An exhausted script reads as the peer having closed the connection (b"").
    """

    script: list[bytes | BaseException]
    sent: bytearray = field(default_factory=bytearray)
    closed: bool = False
    timeouts: list[float | None] = field(default_factory=list)

    def settimeout(self, value: float | None) -> None:
        self.timeouts.append(value)

    def sendall(self, data: bytes) -> None:
        if self.closed:
            raise OSError("send on a closed socket")
        self.sent += data

    def recv(self, max_bytes: int) -> bytes:
        if not self.script:
            return b""
        item = self.script.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        self.closed = True


@dataclass
class FakeNetwork:
    """An `open_transport` replacement: each new connection gets the next socket script."""

    scripts: list[list[bytes | BaseException]]
    sockets: list[ScriptedSocket] = field(default_factory=list)
    opened: list[tuple[str, int, bool]] = field(default_factory=list)

    def open_transport(
        self,
        host: str,
        port: int,
        *,
        tls: bool,
        connect_timeout: float,
        read_timeout: float,
        write_timeout: float,
    ) -> Transport:
        self.opened.append((host, port, tls))
        sock = ScriptedSocket(list(self.scripts.pop(0)) if self.scripts else [])
        self.sockets.append(sock)
        return Transport(
            sock, f"{host}:{port}", read_timeout=read_timeout, write_timeout=write_timeout
        )
