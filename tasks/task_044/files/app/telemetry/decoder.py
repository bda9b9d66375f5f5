"""Incremental decoding of a telemetry frame stream (the format is in app.telemetry.frames).

FrameDecoder does no I/O. Feed it the bytes as they arrive, in chunks of any size, and take the
complete frames out with `frames()`; call `close()` when the stream ends. The TCP listener and the
capture-file replay both read through it.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.telemetry.frames import HEADER, KINDS, LENGTH_SIZE, MAX_FRAME_LENGTH, Frame, ProtocolError


class TruncatedStream(ProtocolError):
    """The stream ended part-way through a frame."""


class FrameDecoder:
    """Splits a byte stream into frames.

    Drain `frames()` after every `feed()`: then the buffer holds at most one partial frame plus the
    last chunk fed, because a frame whose header declares more than `max_length` is rejected as
    soon as its header is in, before any of its payload is buffered.
    """

    def __init__(self, max_length: int = MAX_FRAME_LENGTH) -> None:
        self._buf = bytearray()
        self._pos = 0  # where the first frame not yet returned starts in _buf
        self._max_length = max_length
        self.consumed = 0  # stream offset of that frame, for error messages

    @property
    def buffered(self) -> int:
        """Bytes fed but not yet returned as part of a frame."""
        return len(self._buf) - self._pos

    def feed(self, data: bytes) -> None:
        if self._pos:
            # Forget the frames already returned: once per feed, not once per frame.
            del self._buf[: self._pos]
            self._pos = 0
        self._buf += data

    def next_frame(self) -> Frame | None:
        """The next complete frame, or None until more bytes have been fed."""
        start = self._pos
        if len(self._buf) - start < HEADER.size:
            return None
        kind, length = HEADER.unpack_from(self._buf, start)
        if kind not in KINDS:
            raise ProtocolError(f"unknown frame kind {kind!r} at offset {self.consumed}")
        if not LENGTH_SIZE <= length <= self._max_length:
            raise ProtocolError(f"frame at offset {self.consumed} declares length {length}")
        # The length counts its own four bytes and the payload, but not the kind byte.
        end = start + 1 + length
        if len(self._buf) < end:
            return None
        with memoryview(self._buf) as view, view[start + HEADER.size : end] as payload:
            frame = Frame(kind, bytes(payload))
        self._pos = end
        self.consumed += 1 + length
        return frame

    def frames(self) -> Iterator[Frame]:
        """Every complete frame buffered so far, in order."""
        while (frame := self.next_frame()) is not None:
            yield frame

    def close(self) -> None:
        """Mark the end of the stream; raises TruncatedStream if it ended inside a frame."""
        if self.buffered:
            raise TruncatedStream(f"stream ended {self.buffered} bytes into the frame at offset {self.consumed}")
