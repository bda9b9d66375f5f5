"""The TCP listener devices stream their telemetry to.

A device connects and sends HELLO with its id and token, then any number of SAMPLES frames, each
answered with an ACK that carries the number of samples stored so far, and finally BYE.
"""

from __future__ import annotations

import logging
import socket
import socketserver
from collections.abc import Iterator
from typing import Protocol

from app.telemetry import frames
from app.telemetry.decoder import FrameDecoder
from app.telemetry.frames import Frame, ProtocolError, Sample

log = logging.getLogger(__name__)

IDLE_TIMEOUT_S = 60.0
RECV_SIZE = 64 * 1024


class Sink(Protocol):
    def check_token(self, device_id: str, token: str) -> bool: ...

    def add_samples(self, device_id: str, samples: list[Sample]) -> None: ...


def _frames(sock: socket.socket) -> Iterator[Frame]:
    """The frames the device sends, as they arrive; ends when it closes the connection."""
    decoder = FrameDecoder()
    while chunk := sock.recv(RECV_SIZE):
        decoder.feed(chunk)
        yield from decoder.frames()
    decoder.close()


def _hello(frame: Frame, sink: Sink) -> str:
    if frame.kind != frames.HELLO:
        raise ProtocolError(f"expected a hello frame, got {frame.kind!r}")
    device_id, token = frames.parse_hello(frame.payload)
    if not sink.check_token(device_id, token):
        raise ProtocolError(f"bad token for device {device_id}")
    return device_id


def serve_connection(sock: socket.socket, sink: Sink, peer: str = "?") -> int:
    """Handle one device connection; returns the number of samples stored."""
    sock.settimeout(IDLE_TIMEOUT_S)
    device_id = None
    stored = 0
    try:
        for frame in _frames(sock):
            if device_id is None:
                device_id = _hello(frame, sink)
            elif frame.kind == frames.SAMPLES:
                samples = frames.parse_samples(frame.payload)
                sink.add_samples(device_id, samples)
                stored += len(samples)
                sock.sendall(frames.encode_ack(stored))
            elif frame.kind == frames.BYE:
                break
            else:
                raise ProtocolError(f"unexpected {frame.kind!r} frame from {device_id}")
    except ProtocolError as exc:
        log.warning("dropping telemetry connection from %s: %s", peer, exc)
    except TimeoutError:
        log.info("telemetry connection from %s idle for %ss, closing it", peer, IDLE_TIMEOUT_S)
    return stored


class TelemetryHandler(socketserver.BaseRequestHandler):
    server: TelemetryServer

    def handle(self) -> None:
        host, port = self.client_address[:2]
        serve_connection(self.request, self.server.sink, f"{host}:{port}")


class TelemetryServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sink: Sink):
        super().__init__(address, TelemetryHandler)
        self.sink = sink
