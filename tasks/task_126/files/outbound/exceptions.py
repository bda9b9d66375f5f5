"""Errors raised by outbound requests.

Two families, because callers must react to them differently:

- `TransportError`: the connection could not be made or broke, or the peer did not speak
  HTTP/1.1. Nothing usable came back on that connection.
- `Timeout`: we stopped waiting. The peer may still be working on the request (or may
  already have acted on it), so a caller must not assume it was not processed.

Both derive from `OutboundError`, which is what a caller that only wants "it failed"
catches. `PoolTimeout` and `PoolClosed` are neither: the request never left, because no
connection was free or the pool had been closed.
"""


class OutboundError(Exception):
    """Base class for everything this package raises."""


class TransportError(OutboundError):
    """The connection failed, broke, or carried something that is not HTTP/1.1."""


class ConnectError(TransportError):
    """The TCP connection or the TLS handshake failed."""


class ConnectionLost(TransportError):
    """The connection was reset or closed while sending or receiving."""


class RemoteProtocolError(TransportError):
    """The peer sent something h11 could not parse, or closed before its response was complete."""


class Timeout(OutboundError):
    """Base class for timeouts: the outcome of the request is unknown."""


class ConnectTimeout(Timeout):
    """The TCP connection or the TLS handshake took longer than the connect timeout."""


class WriteTimeout(Timeout):
    """Sending the request took longer than the write timeout."""


class ReadTimeout(Timeout):
    """The peer sent nothing for longer than the read timeout."""


class ResponseTooLarge(OutboundError):
    """The response body was longer than we are willing to hold in memory."""


class PoolTimeout(OutboundError):
    """Every connection the pool may open to the origin stayed busy for the pool timeout."""


class PoolClosed(OutboundError):
    """The pool was closed (the sender is shutting down) before the request could be sent."""
