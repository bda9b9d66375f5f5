"""The telemetry wire format, shared by the TCP listener and the capture files.

A stream is a sequence of frames:

    kind     1 byte    b"H" hello, b"S" samples, b"A" ack, b"B" bye
    length   4 bytes   big-endian, unsigned; counts these four length bytes and the payload,
                       but not the kind byte in front of them (as in the PostgreSQL protocol)
    payload  length - 4 bytes

so a frame takes 1 + length bytes, and a frame with an empty payload has length 4.

Payloads:
    hello    the device id and its token, ASCII, separated by one NUL byte
    samples  zero or more 14-byte records: unix time (u32), sensor number (u16), value (f64)
    ack      the number of samples stored so far on this connection (u64)
    bye      empty
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass

HEADER = struct.Struct(">cI")  # kind, length: 5 bytes, no padding
LENGTH_SIZE = 4
MAX_FRAME_LENGTH = 1 << 20  # the largest length a frame may declare (so payloads up to 1 MiB - 4)

HELLO, SAMPLES, ACK, BYE = b"H", b"S", b"A", b"B"
KINDS = frozenset({HELLO, SAMPLES, ACK, BYE})

SAMPLE = struct.Struct(">IHd")
ACK_COUNT = struct.Struct(">Q")

Sample = tuple[int, int, float]

_DEVICE_ID = re.compile(r"[a-z0-9][a-z0-9-]{2,63}")


class ProtocolError(ValueError):
    """The peer (or a capture file) broke the frame format or the conversation."""


@dataclass(frozen=True)
class Frame:
    kind: bytes
    payload: bytes


def encode_frame(kind: bytes, payload: bytes = b"") -> bytes:
    if kind not in KINDS:
        raise ValueError(f"unknown frame kind {kind!r}")
    length = LENGTH_SIZE + len(payload)
    if length > MAX_FRAME_LENGTH:
        raise ValueError(f"a payload of {len(payload)} bytes does not fit in one frame")
    return HEADER.pack(kind, length) + payload


def encode_samples(samples: Iterable[Sample]) -> bytes:
    return b"".join(SAMPLE.pack(*sample) for sample in samples)


def encode_ack(count: int) -> bytes:
    return encode_frame(ACK, ACK_COUNT.pack(count))


def parse_hello(payload: bytes) -> tuple[str, str]:
    """The device id and token of a hello payload."""
    raw_id, separator, raw_token = payload.partition(b"\0")
    try:
        device_id, token = raw_id.decode("ascii"), raw_token.decode("ascii")
    except UnicodeDecodeError:
        raise ProtocolError("hello is not ASCII") from None
    if not separator or not token or not _DEVICE_ID.fullmatch(device_id):
        raise ProtocolError("malformed hello")
    return device_id, token


def parse_samples(payload: bytes) -> list[Sample]:
    if len(payload) % SAMPLE.size:
        raise ProtocolError(f"a samples payload of {len(payload)} bytes is not a whole number of records")
    return list(SAMPLE.iter_unpack(payload))
