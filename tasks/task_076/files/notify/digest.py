"""The e-mail digest: what happened since the last digest, grouped, newest first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import humanize

from notify.models import Event
from notify.render import render_group

#: Lines in one digest; the notifications that do not fit are counted in one more line.
MAX_LINES = 20


def group(events: Iterable[Event]) -> list[list[Event]]:
    """Events of the same kind on the same subject, each group oldest first, the newest group first."""
    groups: dict[tuple[str, str], list[Event]] = {}
    for event in sorted(events, key=lambda event: event.at):
        groups.setdefault((event.kind, event.subject), []).append(event)
    return sorted(groups.values(), key=lambda events: events[-1].at, reverse=True)


def build_digest(events: Iterable[Event], since: datetime, now: datetime) -> list[str]:
    """The digest's lines for the events in [since, now).

    The scheduler passes the previous digest's `now` as `since`, so an event stamped exactly at a
    run's time is in the next digest and no event is sent twice or skipped.
    """
    if since > now:
        raise ValueError("since is after now")
    groups = group(event for event in events if since <= event.at < now)
    lines = [render_group(events, now) for events in groups[:MAX_LINES]]
    hidden = sum(len(events) for events in groups[MAX_LINES:])
    if hidden:
        noun = "notification" if hidden == 1 else "notifications"
        lines.append(f"and {humanize.intcomma(hidden)} more {noun}")
    return lines
