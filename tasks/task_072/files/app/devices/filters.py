"""Filters for the fleet table: name pattern, status, site, tag and "seen within".

The console's filter bar sends them as query-string parameters:

    ?name=kiosk-lobby-*&status=offline,maintenance&site=hq&tag=printer&seen_within=2h
"""
import re
from dataclasses import dataclass
from datetime import timedelta

STATUSES = frozenset({"online", "offline", "maintenance"})
MAX_PATTERN_LENGTH = 64
_DURATION = re.compile(r"(\d{1,4})([mhd])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


class FilterError(ValueError):
    """A filter parameter the console should show back to the operator."""


@dataclass(frozen=True)
class DeviceFilter:
    name: re.Pattern = None
    statuses: frozenset = frozenset()
    site: str = None
    tag: str = None
    seen_within: timedelta = None

    def matches(self, device, now):
        if self.name is not None and not self.name.match(device.name):
            return False
        if self.statuses and device.status not in self.statuses:
            return False
        if self.site is not None and device.site.lower() != self.site:
            return False
        if self.tag is not None and self.tag not in device.tags:
            return False
        if self.seen_within is not None and now - device.last_seen > self.seen_within:
            return False
        return True


def compile_name_pattern(text):
    """Compile a name pattern as typed in the filter bar.

    `*` stands for any run of characters and `?` for exactly one; everything
    else matches itself, ignoring case. The pattern must match the whole name.
    """
    if len(text) > MAX_PATTERN_LENGTH:
        raise FilterError(f"name pattern is longer than {MAX_PATTERN_LENGTH} characters")
    regex = text.replace("*", ".*").replace("?", ".")
    return re.compile(regex + r"\Z", re.IGNORECASE)


def parse_statuses(text):
    statuses = frozenset(s.strip().lower() for s in text.split(",") if s.strip())
    unknown = statuses - STATUSES
    if unknown:
        raise FilterError("unknown status: " + ", ".join(sorted(unknown)))
    return statuses


def parse_duration(text):
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None:
        raise FilterError("seen_within must look like 30m, 2h or 7d")
    amount, unit = match.groups()
    return timedelta(**{_UNITS[unit]: int(amount)})


def parse_filter(query):
    """Build a DeviceFilter from the query string; empty parameters are ignored."""
    name = query.get("name", "").strip()
    status = query.get("status", "").strip()
    site = query.get("site", "").strip()
    tag = query.get("tag", "").strip()
    seen = query.get("seen_within", "").strip()
    return DeviceFilter(
        name=compile_name_pattern(name) if name else None,
        statuses=parse_statuses(status) if status else frozenset(),
        site=site.lower() or None,
        tag=tag or None,
        seen_within=parse_duration(seen) if seen else None,
    )
