"""CSV of hourly consumption per meter, for the customer portal's usage chart."""

import csv
from collections.abc import Iterable
from typing import TextIO

from app.meters.readings import read_readings
from app.meters.rollup import hourly_usage, intervals

HEADER = ("hour", "kwh", "estimated")


def hourly_rows(export_lines: Iterable[str]) -> Iterable[tuple[str, str, str]]:
    """One row per hour with consumption, reading the export in a single pass."""
    for usage in hourly_usage(intervals(read_readings(export_lines))):
        yield usage.hour.isoformat(), f"{usage.used_wh / 1000:.3f}", "1" if usage.estimated else "0"


def write_hourly_csv(export_path: str, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(HEADER)
    rows = 0
    with open(export_path, newline="", encoding="utf-8") as export:
        for row in hourly_rows(export):
            writer.writerow(row)
            rows += 1
    return rows
