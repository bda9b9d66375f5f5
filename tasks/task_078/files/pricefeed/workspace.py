"""Scratch files for feed runs.

A run streams the normalised feed into a scratch file in the system's temp directory, and publishes
it only once the whole feed has been read and checked.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from typing import TextIO

FEED_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


class Scratch:
    """The scratch file of one feed's run on one day; removed on exit unless `keep` is set."""

    def __init__(self, feed: str, day: date, keep: bool = False) -> None:
        if not FEED_NAME.fullmatch(feed):
            raise ValueError(f"invalid feed name: {feed!r}")
        self.feed = feed
        self.day = day
        self.keep = keep
        self.path: str | None = None

    def __enter__(self) -> Scratch:
        return self

    def open(self) -> TextIO:
        """Create the scratch file and open it for writing CSV text."""
        name = f"pricefeed-{self.feed}-{self.day:%Y%m%d}.csv"
        self.path = os.path.join(tempfile.gettempdir(), name)
        return open(self.path, "w", newline="", encoding="utf-8")

    def __exit__(self, *exc_info) -> None:
        if self.path is not None and not self.keep:
            try:
                os.remove(self.path)
            except FileNotFoundError:
                pass
