"""Reading log files (plain, rotated and gzipped, or stdin) as whole records."""

import contextlib
import gzip
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import BinaryIO

from logscan.parse import Record, parse_line


def _open(path: str) -> contextlib.AbstractContextManager[BinaryIO]:
    if path == "-":
        return contextlib.nullcontext(sys.stdin.buffer)  # stdin stays open: it is not ours to close
    if path.endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def read_lines(paths: Iterable[str], on_error: Callable[[str, Exception], None]) -> Iterator[str]:
    """The lines of the files in turn (`-` is stdin), without their line endings.

    A file that cannot be opened or read to the end is passed to `on_error`, and reading goes on
    with the next one. Bytes that are not UTF-8 (a binary payload someone logged) become U+FFFD
    rather than ending the scan halfway through a file.
    """
    for path in paths:
        try:
            with _open(path) as log:
                for raw in log:
                    yield raw.decode("utf-8", errors="replace").rstrip("\r\n")
        except (OSError, EOFError, zlib.error) as exc:  # EOFError, zlib.error: a truncated or corrupt .gz
            on_error(path, exc)


def records(lines: Iterable[str]) -> Iterator[Record]:
    """Whole records: a line that does not start a record (a traceback) is added to the one before.

    Lines before the first record have no level to filter on and are skipped.
    """
    head: Record | None = None
    tail: list[str] = []
    for line in lines:
        record = parse_line(line)
        if record is None:
            if head is not None:
                tail.append(line)
            continue
        if head is not None:
            yield _joined(head, tail)
        head, tail = record, []
    if head is not None:
        yield _joined(head, tail)


def _joined(head: Record, tail: list[str]) -> Record:
    return replace(head, text="\n".join([head.text, *tail])) if tail else head
