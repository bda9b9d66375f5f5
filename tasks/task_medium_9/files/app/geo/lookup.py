"""Country lookup for client IP addresses, backed by the vendor's CIDR table (CSV)."""

import csv
import ipaddress
from bisect import bisect_right


class GeoDatabaseError(RuntimeError):
    """The CIDR table is missing, unreadable or empty."""


class AddressNotFound(LookupError):
    """The address is valid but in no known network (private ranges, fresh allocations)."""


class GeoLookup:
    def __init__(self, rows: list[tuple[str, str]]):
        """`rows` are (cidr, iso_country) pairs, IPv4 only."""
        if not rows:
            raise GeoDatabaseError("the CIDR table is empty")
        networks = sorted((ipaddress.ip_network(cidr), country) for cidr, country in rows)
        self._starts = [int(network.network_address) for network, _ in networks]
        self._networks = networks

    @classmethod
    def from_csv(cls, path: str) -> "GeoLookup":
        try:
            with open(path, newline="", encoding="utf-8") as handle:
                return cls([(row["network"], row["country"]) for row in csv.DictReader(handle)])
        except (OSError, KeyError) as exc:
            raise GeoDatabaseError(f"cannot load {path}: {exc}") from exc

    def country_for(self, ip: str) -> str:
        """ISO country code of `ip`. Raises ValueError for a malformed address, AddressNotFound if unknown."""
        address = ipaddress.IPv4Address(ip)
        index = bisect_right(self._starts, int(address)) - 1
        if index >= 0:
            network, country = self._networks[index]
            if address in network:
                return country
        raise AddressNotFound(ip)
