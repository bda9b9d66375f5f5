"""Sender patterns for routing rules: `billing@example.com`, `*@example.com`, `*@*.example.com`.

A `*` stands for a whole local part, or for exactly one label of the domain: `*@*.example.com`
matches `ann@eu.example.com` but neither `ann@example.com` nor `ann@a.eu.example.com`. Patterns are
stored, and addresses compared, in lower case.
"""

import re

MAX_ADDRESS = 254  # RFC 5321: the longest address a mail server accepts

_ATOM = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = rf"(?:\*|{_ATOM}(?:\.{_ATOM})*)"
_LABEL = r"(?:\*|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)"
_PATTERN_RE = re.compile(rf"{_LOCAL}@{_LABEL}(?:\.{_LABEL})+")


class PatternError(ValueError):
    pass


def parse_pattern(text: str) -> str:
    """The pattern in its stored form, or PatternError saying what is wrong with it."""
    pattern = text.strip().lower()
    if not pattern:
        raise PatternError("the sender pattern is empty")
    if len(pattern) > MAX_ADDRESS:
        raise PatternError(f"a sender pattern is at most {MAX_ADDRESS} characters")
    if not _PATTERN_RE.fullmatch(pattern):
        raise PatternError(f"{pattern!r} is not an address, `*@domain` or `*@*.domain`")
    local, _, domain = pattern.partition("@")
    if "*" in local and local != "*":
        raise PatternError("`*` stands for the whole local part: write `*@domain`")
    if domain.split(".")[-1] == "*":
        raise PatternError("the last label of the domain cannot be `*`")
    return pattern


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A regex for `fullmatch` against a lower-case address. `pattern` is one parse_pattern returned.

    Each `*` becomes a character class that cannot contain the separator after it (`@` or `.`).
    """
    local, _, domain = pattern.partition("@")
    local_re = "[^@]+" if local == "*" else re.escape(local)
    labels = ["[^.@]+" if label == "*" else re.escape(label) for label in domain.split(".")]
    return re.compile(local_re + "@" + r"\.".join(labels))
