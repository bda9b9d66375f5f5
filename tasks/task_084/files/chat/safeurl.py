"""Which URLs the server may fetch on a user's behalf: public http(s) addresses only."""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class BlockedURL(ValueError):
    """The URL is not one the server fetches."""


def resolve(host: str) -> list[str]:
    """Every address host resolves to."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise BlockedURL(f"cannot resolve {host!r}") from exc
    return sorted({info[4][0] for info in infos})


def check_public_url(url: str, resolve=resolve) -> None:
    """Raise BlockedURL unless url is http(s) and its host resolves to public addresses only."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BlockedURL("only http and https links can be previewed")
    try:
        host, _port = parts.hostname, parts.port
    except ValueError as exc:
        raise BlockedURL("malformed port") from exc
    if not host:
        raise BlockedURL("the link has no host")
    addresses = resolve(host)
    if not addresses:
        raise BlockedURL(f"{host!r} has no addresses")
    for address in addresses:
        ip = ipaddress.ip_address(address)
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if not ip.is_global or ip.is_multicast:
            raise BlockedURL(f"{host!r} is not a public address")
