"""One-line texts for the notification bell and the e-mail digest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from notify import humanfmt
from notify.models import Event

_TEMPLATES = {
    "upload": "{actor} uploaded {subject}",
    "comment": "{actor} commented on {subject}",
    "share": "{actor} shared {subject} with you",
    "mention": "{actor} mentioned you in {subject}",
}


def render(event: Event, now: datetime) -> str:
    """The bell's text for one event, e.g. "alice uploaded q3.pdf (2.4 MB) · 5 minutes ago"."""
    return render_group([event], now)


def render_group(events: Sequence[Event], now: datetime) -> str:
    """One line for events of one kind on one subject, oldest first: everyone who took part, the
    size of the newest upload and the time of the newest event.
    """
    if not events:
        raise ValueError("no events")
    latest = events[-1]
    actors = humanfmt.people(event.actor for event in events)
    text = _TEMPLATES[latest.kind].format(actor=actors, subject=latest.subject)
    if latest.size is not None:
        text += f" ({humanfmt.filesize(latest.size)})"
    return f"{text} · {humanfmt.relative(latest.at, now)}"
