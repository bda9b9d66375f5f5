"""The service's log line format.

    2024-05-01T10:00:00.123Z INFO billing.worker: charged invoice 118

A line that does not start like this continues the record before it (a traceback, say).
"""

import re
from dataclasses import dataclass

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LEVEL_RANK = {name: rank for rank, name in enumerate(LEVELS)}

_LINE_RE = re.compile(
    r"(?P<ts>\d{4}-\d{2}-\d{2}T[0-9:.]+Z) (?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) "
    r"(?P<logger>[\w.]+): (?P<message>.*)"
)


@dataclass(frozen=True)
class Record:
    ts: str
    level: str
    logger: str
    message: str
    text: str  # the record as written, without the final newline


def parse_line(line: str) -> Record | None:
    """The record `line` starts, or None if the line continues the previous record."""
    line = line.rstrip("\r\n")
    match = _LINE_RE.fullmatch(line)
    if match is None:
        return None
    return Record(match["ts"], match["level"], match["logger"], match["message"], line)
