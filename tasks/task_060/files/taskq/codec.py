"""Blob encoding for the spec and run tables.

Job specs and run payloads are written by this service (the API and the scheduler) and read
back by it (the scheduler and the workers), so the format is simply pickled Python values,
compressed: anything a job function takes (datetimes, Decimals, sets, our own dataclasses)
round-trips without a schema of its own. Neither table is reachable by tenants.
"""

import pickle
import zlib
from typing import Any

VERSION = b"\x01"


class CodecError(ValueError):
    """The blob was not written by `dumps`."""


def dumps(value: Any) -> bytes:
    return VERSION + zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def loads(blob: bytes) -> Any:
    if blob[:1] != VERSION:
        raise CodecError("unknown blob version")
    try:
        data = zlib.decompress(blob[1:])
    except zlib.error as exc:
        raise CodecError(f"corrupt blob: {exc}") from None
    return pickle.loads(data)
