"""Read ``requirements.lock``: one ``name==version`` pin per line."""

from __future__ import annotations

import dataclasses
import re

from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

# pip's rule: "#" starts a comment at the start of a line or after whitespace.
_COMMENT = re.compile(r"(^|\s+)#.*$")


class LockfileError(ValueError):
    """A line of the lock file is not a pin."""


@dataclasses.dataclass(frozen=True)
class Pin:
    """One project pinned by the lock file."""

    name: NormalizedName
    version: Version
    line: int


def read_pins(text: str) -> dict[NormalizedName, Pin]:
    """Map each pinned project's normalized name to its pin.

    Blank lines, comments and option lines (``--hash=...``, ``--index-url ...``) are skipped.
    A project pinned twice, or pinned to something that is not a PEP 440 version, is an error.
    """
    pins: dict[NormalizedName, Pin] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _COMMENT.sub("", raw).strip()
        if not line or line.startswith("-"):
            continue
        name, sep, version = line.split()[0].partition("==")
        if not sep or not name or not version:
            raise LockfileError(f"line {number}: expected name==version, got {line!r}")
        try:
            parsed = Version(version)
        except InvalidVersion as exc:
            raise LockfileError(f"line {number}: {exc}") from None
        key = canonicalize_name(name)
        if key in pins:
            raise LockfileError(f"line {number}: {key} is already pinned on line {pins[key].line}")
        pins[key] = Pin(key, parsed, number)
    return pins
