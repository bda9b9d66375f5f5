"""Smart-meter readings as exported by the head-end system, one CSV file per meter.

Each row is `meter_id,timestamp,value`: `timestamp` is ISO 8601 with an offset, `value` the
meter's cumulative energy counter in Wh. Meters report every 15 minutes on the quarter hour,
but readings can be missing (radio outages). Counters never wrap; they go back to 0 when the
device restarts or is replaced, and count up again from there.
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone


class BadReading(ValueError):
    pass


@dataclass(frozen=True)
class Reading:
    meter_id: str
    at: datetime  # aware, UTC
    value: int  # cumulative Wh


def read_readings(lines: Iterable[str]) -> Iterator[Reading]:
    """Parse an export, lazily. Rows must be in strictly increasing time order (the head-end
    exports them that way); anything else raises BadReading, so consumers may rely on the order."""
    previous: datetime | None = None
    for row_no, row in enumerate(csv.reader(lines), start=1):
        if not row or row[0].startswith("#"):
            continue
        try:
            meter_id, stamp, value = row
            at = datetime.fromisoformat(stamp)
            if at.tzinfo is None:
                raise ValueError("timestamp without offset")
            reading = Reading(meter_id, at.astimezone(timezone.utc), int(value))
        except ValueError as exc:
            raise BadReading(f"row {row_no}: {exc}") from None
        if reading.value < 0:
            raise BadReading(f"row {row_no}: negative counter")
        if previous is not None and reading.at <= previous:
            raise BadReading(f"row {row_no}: {reading.at.isoformat()} is not after {previous.isoformat()}")
        previous = reading.at
        yield reading
