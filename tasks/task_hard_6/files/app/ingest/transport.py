"""Reading partner feed bodies off the wire.

Partners serve their feeds with or without `Content-Encoding: gzip`. `iter_body` hides the
difference: it yields the decoded body as a sequence of byte chunks. Chunk boundaries carry no
meaning: they fall wherever a socket read or the decompressor happened to stop.
"""

import zlib
from collections.abc import Iterator
from typing import BinaryIO

READ_SIZE = 64 * 1024


class TransportError(IOError):
    pass


def iter_body(raw: BinaryIO, content_encoding: str | None = None, read_size: int = READ_SIZE) -> Iterator[bytes]:
    """Yield the body of `raw` in chunks, gunzipping it if `content_encoding` says so."""
    encoding = (content_encoding or "identity").strip().lower()
    if encoding not in ("identity", "gzip"):
        raise TransportError(f"unsupported Content-Encoding {content_encoding!r}")
    inflater = zlib.decompressobj(wbits=31) if encoding == "gzip" else None
    while True:
        block = raw.read(read_size)
        if not block:
            break
        if inflater is None:
            yield block
            continue
        try:
            data = inflater.decompress(block)
        except zlib.error as exc:
            raise TransportError(f"corrupt gzip body: {exc}") from exc
        if data:
            yield data
    if inflater is not None:
        tail = inflater.flush()
        if tail:
            yield tail
        if not inflater.eof:
            raise TransportError("gzip body ended early")
