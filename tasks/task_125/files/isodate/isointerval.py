"""
This module provides an ISO 8601:2004 time interval parser.

An interval is written as two of its start, end and duration separated by a
solidus ('/'): start/end, start/duration or duration/end. A recurring
interval puts 'Rn/' in front of one of these, where n is the number of
repetitions; 'R/' repeats without end.
"""

import re
from datetime import datetime

from isodate.duration import Duration
from isodate.isodates import date_isoformat, parse_date
from isodate.isodatetime import datetime_isoformat, parse_datetime
from isodate.isoduration import duration_isoformat, parse_duration
from isodate.isoerror import ISO8601Error
from isodate.isostrf import DATE_EXT_COMPLETE, TIME_EXT_COMPLETE, TZ_EXT

ISO8601_RECURRENCE_REGEX = re.compile(r"R(?P<count>[0-9]*)")


class Interval:
    """
    A time interval from a start date or datetime, of a given duration.

    The duration is a timedelta or a Duration. The interval contains the
    moments from its start, inclusive, to its end, exclusive.
    """

    def __init__(self, start, duration):
        self.start = start
        self.duration = duration

    @classmethod
    def between(cls, start, end):
        """The interval from start to end."""
        return cls(start, end - start)

    @classmethod
    def ending(cls, duration, end):
        """The interval of the given duration that ends at end."""
        return cls(end - duration, duration)

    @property
    def end(self):
        return self.start + self.duration

    def __contains__(self, moment):
        return self.start <= moment < self.end

    def __eq__(self, other):
        if not isinstance(other, Interval):
            return NotImplemented
        return (self.start, self.end) == (other.start, other.end)

    def __hash__(self):
        return hash((self.start, self.end))

    def __repr__(self):
        return "%s.%s(%r, %r)" % (
            self.__class__.__module__,
            self.__class__.__name__,
            self.start,
            self.duration,
        )


class RecurringInterval:
    """
    An interval repeated back to back, recurrences times (None: no end).

    Iterating yields the repetitions as Intervals. The k-th repetition starts
    at start + k * duration, computed from the start each time, so that a
    monthly interval from the 31st stays on the last day of shorter months
    and returns to the 31st. If the interval was given with its end
    (duration/end), the repetitions count backwards: the first one yielded
    ends at the given end and each next one is earlier. Iteration stops at
    the limits of the date range (years 1 to 9999).
    """

    def __init__(self, interval, recurrences=None, backwards=False):
        self.interval = interval
        self.recurrences = recurrences
        self.backwards = backwards

    def __iter__(self):
        interval, step = self.interval, self.interval.duration
        k = 0
        while self.recurrences is None or k < self.recurrences:
            try:
                if self.backwards:
                    end = interval.end
                    occurrence = Interval.between(end - step * (k + 1), end - step * k)
                else:
                    start = interval.start
                    occurrence = Interval.between(
                        start + step * k, start + step * (k + 1)
                    )
            except (OverflowError, ValueError):
                return
            yield occurrence
            k += 1

    def __repr__(self):
        return "%s.%s(%r, %r, backwards=%r)" % (
            self.__class__.__module__,
            self.__class__.__name__,
            self.interval,
            self.recurrences,
            self.backwards,
        )


def _is_duration(text):
    return text[:1] == "P" or text[:2] in ("+P", "-P")


def _parse_point(text):
    if "T" in text:
        return parse_datetime(text)
    return parse_date(text)


def _check_points(start, end):
    if isinstance(start, datetime) != isinstance(end, datetime):
        raise ISO8601Error("Interval mixes a date and a date-time")
    if isinstance(start, datetime) and (start.tzinfo is None) != (end.tzinfo is None):
        raise ISO8601Error("Interval mixes local time and time with a time zone")


def _check_interval(interval):
    if not isinstance(interval.start, datetime):
        duration = interval.duration
        tdelta = duration.tdelta if isinstance(duration, Duration) else duration
        if tdelta.seconds or tdelta.microseconds:
            raise ISO8601Error("Interval between dates has a duration with a time")
    if not interval.end > interval.start:
        raise ISO8601Error("Interval must end after its start")


def _parse_interval(first, second):
    try:
        if _is_duration(first):
            if _is_duration(second):
                raise ISO8601Error("Interval needs a start or an end")
            interval = Interval.ending(parse_duration(first), _parse_point(second))
            backwards = True
        else:
            start = _parse_point(first)
            if _is_duration(second):
                interval = Interval(start, parse_duration(second))
            else:
                end = _parse_point(second)
                _check_points(start, end)
                interval = Interval.between(start, end)
            backwards = False
        _check_interval(interval)
    except ISO8601Error:
        raise
    except (TypeError, ValueError, OverflowError) as exc:
        raise ISO8601Error("Unable to parse interval %s/%s: %s" % (first, second, exc))
    return interval, backwards


def parse_interval(intervalstring):
    """
    Parses an ISO 8601 time interval into an Interval object.

    The supported forms are start/end, start/duration and duration/end, where
    start and end are dates or date-times (both the same kind, with or
    without a time zone) and duration is anything parse_duration accepts.
    An interval must end after its start. Abbreviated end points
    (2007-12-14T13:30/15:30) are not supported.
    """
    if not isinstance(intervalstring, str):
        raise TypeError("Expecting a string %r" % intervalstring)
    parts = intervalstring.split("/")
    if len(parts) != 2:
        raise ISO8601Error("Unable to parse interval string %r" % intervalstring)
    return _parse_interval(*parts)[0]


def parse_recurring_interval(intervalstring):
    """
    Parses an ISO 8601 recurring interval (Rn/interval) into a
    RecurringInterval object; 'R/' (no count) repeats without end.
    """
    if not isinstance(intervalstring, str):
        raise TypeError("Expecting a string %r" % intervalstring)
    parts = intervalstring.split("/")
    match = ISO8601_RECURRENCE_REGEX.fullmatch(parts[0])
    if len(parts) != 3 or not match:
        raise ISO8601Error(
            "Unable to parse recurring interval string %r" % intervalstring
        )
    recurrences = int(match.group("count")) if match.group("count") else None
    interval, backwards = _parse_interval(parts[1], parts[2])
    return RecurringInterval(interval, recurrences, backwards)


def _point_isoformat(point):
    if not isinstance(point, datetime):
        return date_isoformat(point)
    time_format = TIME_EXT_COMPLETE + (".%f" if point.microsecond else "")
    return datetime_isoformat(point, DATE_EXT_COMPLETE + "T" + time_format + TZ_EXT)


def interval_isoformat(interval):
    """
    Format an Interval as start/end, or a RecurringInterval as
    Rn/start/duration (Rn/duration/end if it counts backwards).
    """
    if isinstance(interval, Interval):
        return "%s/%s" % (
            _point_isoformat(interval.start),
            _point_isoformat(interval.end),
        )
    count = "" if interval.recurrences is None else interval.recurrences
    duration = duration_isoformat(interval.interval.duration)
    if interval.backwards:
        return "R%s/%s/%s" % (count, duration, _point_isoformat(interval.interval.end))
    return "R%s/%s/%s" % (count, _point_isoformat(interval.interval.start), duration)
