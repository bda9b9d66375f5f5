"""Outbound HTTP for webhook deliveries: h11 over plain sockets, with the timeouts we need."""

from outbound.connection import HTTPConnection, Response
from outbound.exceptions import (
    ConnectError,
    ConnectionLost,
    ConnectTimeout,
    OutboundError,
    PoolClosed,
    PoolTimeout,
    ReadTimeout,
    RemoteProtocolError,
    ResponseTooLarge,
    Timeout,
    TransportError,
    WriteTimeout,
)
from outbound.pool import ConnectionPool
from outbound.transport import Transport, open_transport

__all__ = [
    "ConnectError",
    "ConnectTimeout",
    "ConnectionLost",
    "ConnectionPool",
    "HTTPConnection",
    "OutboundError",
    "PoolClosed",
    "PoolTimeout",
    "ReadTimeout",
    "RemoteProtocolError",
    "Response",
    "ResponseTooLarge",
    "Timeout",
    "Transport",
    "TransportError",
    "WriteTimeout",
    "open_transport",
]
