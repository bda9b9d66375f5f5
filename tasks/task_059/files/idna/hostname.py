"""Hostnames as applications meet them: in URLs, Host headers, certificates and allow-lists.

``encode`` and ``decode`` convert domain names between U-labels and A-labels. The functions
here add what comparing hostnames needs on top: case and width folding (UTS #46), the
optional root dot, IP address literals, and the ``*`` wildcard of certificate names
(RFC 6125).
"""

import ipaddress
from typing import Optional, Union

from .core import IDNAError, decode, encode

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]


def _ip_address(host: str) -> Optional[IPAddress]:
    """The IP address `host` spells, if any: IPv4 dotted quad, or IPv6 with or without brackets."""
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def hostname_to_ascii(host: str) -> str:
    """Return the ASCII form of `host` used to compare and store hostnames.

    Names are mapped with UTS #46 (so upper case and full-width characters fold), checked
    against IDNA 2008 with the STD3 rules (letters, digits and hyphens only) and returned as
    lower-case A-labels without the trailing root dot: ``Bücher.Example.`` and
    ``xn--bcher-kva.example`` give the same result. IP address literals are returned in their
    canonical form, IPv6 without brackets.

    Raises IDNAError if `host` is not a valid hostname.
    """
    address = _ip_address(host)
    if address is not None:
        return str(address)
    name = encode(host, uts46=True, std3_rules=True).decode("ascii")
    if name.endswith("."):
        name = name[:-1]
    return name


def hostname_to_unicode(host: str) -> str:
    """Return `host` for display: its ``hostname_to_ascii`` form with U-labels decoded.

    Raises IDNAError if `host` is not a valid hostname.
    """
    name = hostname_to_ascii(host)
    if _ip_address(name) is not None:
        return name
    return decode(name)


def hostname_matches(pattern: str, host: str) -> bool:
    """Whether `host` is one of the hosts that `pattern` names.

    `pattern` is a hostname, an IP address, or a wildcard name such as ``*.example.com``
    whose ``*`` stands for exactly one label (RFC 6125, section 6.4.3): it matches
    ``www.example.com`` but neither ``example.com`` nor ``a.b.example.com``, and never an IP
    address. Both sides are compared in their ``hostname_to_ascii`` form, so case, width,
    U-labels versus A-labels and a trailing dot make no difference.

    A `host` that is not a valid hostname matches nothing. An invalid `pattern` raises
    IDNAError; so do partial wildcards (``w*.example.com``) and a wildcard followed by a
    single label (``*.com``). Like ``ssl.match_hostname`` did, this does not consult the
    public suffix list.
    """
    wildcard = pattern.startswith("*.")
    name = hostname_to_ascii(pattern[2:] if wildcard else pattern)
    if wildcard and "." not in name:
        raise IDNAError("A wildcard must be followed by at least two labels: {}".format(repr(pattern)))
    try:
        host = hostname_to_ascii(host)
    except IDNAError:
        return False
    if not wildcard:
        return host == name
    if _ip_address(host) is not None:
        return False
    # The wildcard is the host's first label; everything after it must be `name`.
    return host.endswith("." + name) and "." not in host[: -len(name) - 1]
