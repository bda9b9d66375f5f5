"""Steps of the click-stream cleaning pipeline. Each step takes and yields event dicts.

A step that cannot use an event either rejects it (counted, logged, dropped) or passes it on
unchanged; it never stops the batch for one bad event.
"""

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

from app.geo.lookup import GeoLookup

log = logging.getLogger(__name__)

BOT_MARKERS = ("bot", "crawler", "spider", "headless")


@dataclass
class StepStats:
    seen: int = 0
    rejected: Counter = field(default_factory=Counter)

    def reject(self, step: str, event: dict, reason: Exception) -> None:
        self.rejected[step] += 1
        log.warning("%s rejected event %s: %s", step, event.get("event_id", "?"), reason)


def drop_bots(events: Iterable[dict], stats: StepStats) -> Iterator[dict]:
    for event in events:
        stats.seen += 1
        agent = event.get("user_agent", "").lower()
        if not any(marker in agent for marker in BOT_MARKERS):
            yield event


def parse_timestamps(events: Iterable[dict], stats: StepStats) -> Iterator[dict]:
    """`ts` arrives as epoch milliseconds (int or numeric string); becomes an aware UTC datetime."""
    for event in events:
        try:
            event["ts"] = datetime.fromtimestamp(int(event["ts"]) / 1000, tz=timezone.utc)
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            stats.reject("parse_timestamps", event, exc)
            continue
        yield event


def add_country(events: Iterable[dict], geo: GeoLookup) -> Iterator[dict]:
    """Tag each event with the ISO country of its client IP; events we cannot place get None."""
    for event in events:
        event["country"] = None
        try:
            event["country"] = geo.country_for(event["client_ip"])
        except Exception:
            pass
        yield event


def run_pipeline(events: Iterable[dict], geo: GeoLookup, stats: StepStats) -> list[dict]:
    cleaned = parse_timestamps(drop_bots(events, stats), stats)
    return list(add_country(cleaned, geo))
