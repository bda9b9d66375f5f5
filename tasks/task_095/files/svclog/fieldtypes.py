"""Field types for the log line formats in svclog.reader.

Each converter is passed to parse through ``extra_types``; the pattern given to
``with_pattern`` is the regular expression parse matches the field with.
"""

from typing import Optional, Tuple

from parse import with_pattern

LEVEL_ALIASES = {"WARNING": "WARN", "FATAL": "CRITICAL"}


@with_pattern(r"DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL")
def level(text: str) -> str:
    """A log level, upper-cased; WARNING and FATAL become WARN and CRITICAL."""
    text = text.upper()
    return LEVEL_ALIASES.get(text, text)


@with_pattern(r"[\w.]+")
def logger_name(text: str) -> str:
    """A dotted logger name such as ``orders.db``."""
    return text


@with_pattern(r"\d+(?:\.\d+)?(?:us|ms|s)")
def duration_ms(text: str) -> float:
    """A duration as the proxy writes it (850us, 12.5ms, 2s), in milliseconds."""
    text = text.lower()
    if text.endswith("us"):
        return float(text[:-2]) / 1000
    if text.endswith("ms"):
        return float(text[:-2])
    return float(text[:-1]) * 1000


@with_pattern(
    r"(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::(\d{1,5}))?",
    regex_group_count=2,
)
def client(text: str) -> Tuple[str, Optional[int]]:
    """A client address, ``host`` or ``host:port``, IPv6 hosts in brackets.

    Returns ``(host, port)``, with port None when the proxy did not log one.
    """
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest[1:]
    else:
        host, _, port = text.partition(":")
    return host, int(port) if port else None
