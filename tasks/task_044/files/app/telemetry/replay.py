"""Re-ingesting capture files after an outage of the time-series store.

While the store is unreachable, the gateway appends the SAMPLES frames it receives to a capture
file per device, `<device id>.tlm`, in the wire format of app.telemetry.frames. Once the store is
back, the recovery job calls `replay_dir` on the capture directory. Writes to the store are upserts
keyed by device, sensor and time, so replaying a file twice stores nothing twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from app.telemetry import frames
from app.telemetry.decoder import FrameDecoder
from app.telemetry.frames import ProtocolError, Sample

READ_SIZE = 256 * 1024


class SampleSink(Protocol):
    def add_samples(self, device_id: str, samples: list[Sample]) -> None: ...


def replay_file(path: Path, sink: SampleSink) -> int:
    """Store the samples captured in `path`; returns how many there were.

    The file is read in chunks, so memory use does not grow with its size. Samples are stored batch
    by batch as they are read: if the file turns out to be truncated or corrupt, ProtocolError is
    raised after the batches in front of the damage have been stored.
    """
    device_id = path.stem
    decoder = FrameDecoder()
    stored = 0
    try:
        with path.open("rb") as capture:
            while chunk := capture.read(READ_SIZE):
                decoder.feed(chunk)
                for frame in decoder.frames():
                    if frame.kind != frames.SAMPLES:
                        raise ProtocolError(f"unexpected {frame.kind!r} frame ending at offset {decoder.consumed}")
                    samples = frames.parse_samples(frame.payload)
                    sink.add_samples(device_id, samples)
                    stored += len(samples)
        decoder.close()
    except ProtocolError as exc:
        raise ProtocolError(f"{path.name}: {exc}") from exc
    return stored


def replay_dir(directory: Path, sink: SampleSink) -> dict[str, int]:
    """Replay every capture file in `directory`; returns the samples stored per file."""
    return {path.name: replay_file(path, sink) for path in sorted(directory.glob("*.tlm"))}
