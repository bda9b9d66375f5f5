"""Turning cumulative meter readings into consumption per interval and per hour."""

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.meters.readings import Reading

REPORTING_PERIOD = timedelta(minutes=15)
# A gap of two periods or more means at least one reading is missing (tolerates clock jitter).
MISSING_READING_GAP = 2 * REPORTING_PERIOD


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime
    used_wh: int
    estimated: bool  # one or more readings were missing inside this interval
    reset: bool  # the counter went back to zero during this interval


@dataclass(frozen=True)
class HourlyUsage:
    hour: datetime
    used_wh: int
    intervals: int
    estimated: bool


def intervals(readings: Iterable[Reading]) -> Iterator[Interval]:
    """Consumption between each pair of consecutive readings of one meter, in time order."""
    earlier, later = itertools.tee(readings)
    next(later, None)
    for previous, current in zip(earlier, later):
        reset = current.value < previous.value
        # After a restart the counter starts again from 0, so it has counted exactly current.value.
        used = current.value if reset else current.value - previous.value
        yield Interval(
            start=previous.at,
            end=current.at,
            used_wh=used,
            estimated=current.at - previous.at >= MISSING_READING_GAP,
            reset=reset,
        )


def _hour_of(interval: Interval) -> datetime:
    return interval.start.replace(minute=0, second=0, microsecond=0)


def hourly_usage(intervals_in_order: Iterable[Interval]) -> Iterator[HourlyUsage]:
    """Sum consumption per clock hour (UTC). An interval counts towards the hour it starts in,
    as in billing; intervals must arrive in time order, which `intervals` guarantees."""
    for hour, group in itertools.groupby(intervals_in_order, key=_hour_of):
        used = count = 0
        estimated = False
        for interval in group:
            used += interval.used_wh
            count += 1
            estimated = estimated or interval.estimated
        yield HourlyUsage(hour, used, count, estimated)
