"""Validation of the tenant ids and file keys ("reports/2024/Q1 summary.pdf") sent by clients."""

from __future__ import annotations

import re
import unicodedata

TENANT_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
MAX_SEGMENT_BYTES = 255  # NAME_MAX of the filesystems we deploy on
MAX_KEY_BYTES = 1024
MAX_DEPTH = 16
_NOT_FALLBACK_SAFE = re.compile(r"[^A-Za-z0-9 ._()-]")


class InvalidName(ValueError):
    """A tenant id or file key sent by a client is not acceptable."""


def check_tenant(tenant: str) -> str:
    if not isinstance(tenant, str) or not TENANT_RE.fullmatch(tenant):
        raise InvalidName(f"invalid tenant: {tenant!r}")
    return tenant


def _check_segment(segment: str, key: str) -> None:
    if not segment or segment.startswith("."):
        raise InvalidName(f"empty or dot-prefixed segment in key {key!r}")
    if "\\" in segment or any(unicodedata.category(ch).startswith("C") for ch in segment):
        raise InvalidName(f"backslash or non-printable character in key {key!r}")
    if len(segment.encode()) > MAX_SEGMENT_BYTES:
        raise InvalidName(f"segment over {MAX_SEGMENT_BYTES} bytes in key {key!r}")


def parse_key(key: str) -> tuple[str, ...]:
    """Split a file key into its segments (folders, then the file name).

    Each segment is non-empty, does not start with a dot (so no '.', '..' or hidden names), and
    has no backslash and no character of Unicode category C: control (NUL, newline ...), format,
    surrogate, private-use or unassigned.
    """
    if not isinstance(key, str):
        raise InvalidName(f"invalid key: {key!r}")
    segments = tuple(key.split("/"))
    if len(segments) > MAX_DEPTH:
        raise InvalidName(f"key nested deeper than {MAX_DEPTH} levels")
    for segment in segments:
        _check_segment(segment, key)
    if len(key.encode()) > MAX_KEY_BYTES:
        raise InvalidName(f"key over {MAX_KEY_BYTES} bytes")
    return segments


def parse_folder(folder: str) -> tuple[str, ...]:
    """A folder, written like a key ("reports/2024"); "" is the tenant's top level."""
    return parse_key(folder) if folder else ()


def ascii_fallback(name: str) -> str:
    """`name` for clients that only read a plain ASCII file name: every character other than
    letters, digits, space and ._()- becomes '_'."""
    return _NOT_FALLBACK_SAFE.sub("_", name)
