"""Readable times, sizes and lists of names for notification texts, on top of humanize."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import humanize

#: From this age on, the date itself says more than "9 days ago".
RELATIVE_UNTIL = timedelta(days=7)
#: People named before the rest are counted: "alice, bob and 3 others".
NAMED = 2


def relative(when: datetime, now: datetime) -> str:
    """How long before `now` the aware datetime `when` was: "now", "5 minutes ago", "2 days ago".

    A week or more before `now` gives the date instead ("Apr 25", or "Dec 30, 2023" in another
    year). An event stamped a little after `now` (the servers' clocks drift apart by a second or
    two) reads "now".
    """
    age = now - when
    if age >= RELATIVE_UNTIL:
        return when.strftime("%b %d") if when.year == now.year else when.strftime("%b %d, %Y")
    return humanize.naturaltime(max(age, timedelta(0)))


def filesize(size: int) -> str:
    """The size as the file browser shows it, in decimal units: "1 Byte", "999 Bytes", "2.4 MB"."""
    if size < 0:
        raise ValueError("a file size is not negative")
    return humanize.naturalsize(size)


def people(names: Iterable[str]) -> str:
    """ "alice", "alice and bob", "alice, bob and carol", then "alice, bob and 2 others".

    Each person is named once, in the order they first appear. Three people are all named:
    "alice, bob and 1 other" would be no shorter.
    """
    unique = list(dict.fromkeys(names))
    if not unique:
        raise ValueError("no names")
    if len(unique) <= NAMED + 1:
        *head, last = unique
        return f"{', '.join(head)} and {last}" if head else last
    return f"{', '.join(unique[:NAMED])} and {humanize.intcomma(len(unique) - NAMED)} others"
