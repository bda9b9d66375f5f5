"""Importing a partner's product feed into the catalogue staging table."""

from collections.abc import Callable
from typing import BinaryIO

from app.ingest.ndjson import iter_records
from app.ingest.transport import iter_body

BATCH_SIZE = 500

Sink = Callable[[list[dict]], None]


def import_feed(raw: BinaryIO, headers: dict[str, str], sink: Sink) -> int:
    """Stream the feed body in `raw` into `sink` in batches; return the number of records."""
    chunks = iter_body(raw, headers.get("Content-Encoding"))
    batch: list[dict] = []
    count = 0
    for record in iter_records(chunks):
        batch.append(record)
        count += 1
        if len(batch) == BATCH_SIZE:
            sink(batch)
            batch = []
    if batch:
        sink(batch)
    return count
