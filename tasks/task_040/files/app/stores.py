"""Stores of the chain, as the back office sees them."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class UnknownTimezone(ValueError):
    """A store was configured with a timezone name the tz database does not know."""


@dataclass(frozen=True)
class Store:
    id: int
    name: str
    timezone: str  # an IANA name such as "Europe/Berlin"; receipts are printed in this zone

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise UnknownTimezone(f"store {self.id}: unknown timezone {self.timezone!r}") from exc

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
