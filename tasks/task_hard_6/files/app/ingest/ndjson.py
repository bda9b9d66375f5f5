"""Newline-delimited JSON (one object per line), the format of the partner product feeds."""

import json
from collections.abc import Iterable, Iterator

MAX_LINE_CHARS = 1_000_000


class FeedError(ValueError):
    pass


def _parse_line(line: str, line_no: int) -> dict | None:
    line = line.strip()
    if not line:
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise FeedError(f"line {line_no}: invalid JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise FeedError(f"line {line_no}: expected an object, got {type(record).__name__}")
    return record


def iter_records(chunks: Iterable[bytes], max_line_chars: int = MAX_LINE_CHARS) -> Iterator[dict]:
    """Parse UTF-8 NDJSON arriving as byte chunks, yielding one record at a time.

    Only the current partial line is kept in memory; if it grows past `max_line_chars` (a body
    without newlines, or a corrupt one) the import stops instead of buffering without bound.
    Invalid UTF-8 is replaced (U+FFFD) rather than failing the import; blank lines are skipped.
    """
    pending = ""
    line_no = 0
    for chunk in chunks:
        pending += chunk.decode("utf-8", errors="replace")
        *lines, pending = pending.split("\n")
        if len(pending) > max_line_chars:
            raise FeedError(f"line {line_no + len(lines) + 1} is longer than {max_line_chars} characters")
        for line in lines:
            line_no += 1
            record = _parse_line(line, line_no)
            if record is not None:
                yield record
    record = _parse_line(pending, line_no + 1)
    if record is not None:
        yield record
