"""A progress bar on stderr: redrawn in place on a terminal, one line per finished rollout otherwise.

Stdout stays clean for the results table. In a log file or CI (not a TTY) a redrawn bar would be noise,
so each completion is printed as its own line instead.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 28


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, clock=time.monotonic):
        self.total = total
        self.done = 0
        self.errors = 0
        self._stream = stream if stream is not None else sys.stderr
        self._clock = clock
        self._started = clock()
        self._tty = bool(getattr(self._stream, "isatty", lambda: False)())
        if self._tty:
            self._draw("")

    def _line(self, last: str) -> str:
        filled = BAR_WIDTH * self.done // self.total if self.total else BAR_WIDTH
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        elapsed = self._clock() - self._started
        errors = f"  {self.errors} error(s)" if self.errors else ""
        return f"[{bar}] {self.done}/{self.total}  {elapsed:5.1f}s{errors}  {last}"

    def _draw(self, last: str) -> None:
        self._stream.write("\r\x1b[2K" + self._line(last))
        self._stream.flush()

    def advance(self, label: str, score: float | None, error: str | None = None) -> None:
        """Count one finished rollout, labelled e.g. `task_easy_1#0`, with its score or error."""
        self.done += 1
        self.errors += error is not None
        outcome = f"error: {error}" if error else ("score -" if score is None else f"score {score:.3f}")
        if self._tty:
            self._draw(f"{label} {outcome}"[:60])
        else:
            self._stream.write(self._line(f"{label} {outcome}") + "\n")
            self._stream.flush()

    def close(self) -> None:
        if self._tty:
            self._stream.write("\n")
            self._stream.flush()
