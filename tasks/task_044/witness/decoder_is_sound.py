# Clean PR: the incremental frame decoder is correct. The length field counts its own four bytes
# but not the kind byte (frames.py), so a frame is 1 + length bytes and its payload length - 4;
# an oversized length is rejected from the header alone, so with callers that drain after every
# feed the buffer stays under one frame plus one chunk; the memoryviews are released before the
# buffer is resized; and the listener and the replay behave as before for every chunking.
import logging
import random
import socket
import tempfile
import threading
from pathlib import Path

from app.telemetry import frames, listener, replay
from app.telemetry.decoder import FrameDecoder, TruncatedStream
from app.telemetry.frames import MAX_FRAME_LENGTH, Frame, ProtocolError

rng = random.Random(44)


def samples(n, base=1_700_000_000):
    return [(base + i, i % 9, i * 0.5) for i in range(n)]


def wire(stream):
    return b"".join(frames.encode_frame(f.kind, f.payload) for f in stream)


def decode(data, chunks, decoder=None):
    decoder = decoder or FrameDecoder()
    out, start = [], 0
    for size in chunks:
        decoder.feed(data[start : start + size])
        start += size
        out.extend(decoder.frames())
    assert start >= len(data)
    decoder.close()
    return out


def sizes(total, pick):
    left = total
    while left > 0:
        n = min(pick(), left)
        yield n
        left -= n


# 1. Framing: empty payloads (length 4), odd sizes, the largest frame; every chunking.
stream = [
    Frame(frames.HELLO, b"boiler-17\0tok"),
    Frame(frames.BYE, b""),
    Frame(frames.SAMPLES, frames.encode_samples(samples(1))),
    Frame(frames.SAMPLES, b"\x00"),
    Frame(frames.ACK, frames.ACK_COUNT.pack(7)),
    Frame(frames.SAMPLES, b""),
]
data = wire(stream)
assert len(frames.encode_frame(frames.BYE)) == 5 and frames.HEADER.size == 5
for cut in range(len(data) + 1):
    assert decode(data, [cut, len(data) - cut]) == stream, f"split at {cut}"
for a in range(1, len(data)):
    for b in range(a, len(data)):
        assert decode(data, [a, b - a, len(data) - b]) == stream, (a, b)
for size in (1, 2, 3, 4, 5, 6, 7, 13):
    assert decode(data, sizes(len(data), lambda: size)) == stream, size

biggest = Frame(frames.SAMPLES, bytes(rng.randrange(256) for _ in range(MAX_FRAME_LENGTH - 4)))
big_stream = [stream[0], biggest, stream[1], biggest, stream[2]]
big = wire(big_stream)
assert frames.HEADER.unpack_from(big, len(wire([stream[0]])))[1] == MAX_FRAME_LENGTH
for pick in (lambda: listener.RECV_SIZE, lambda: rng.randrange(1, 200_000), lambda: 1 << 20, lambda: len(big)):
    assert decode(big, sizes(len(big), pick)) == big_stream

# 2. Lengths outside 4..MAX are rejected from the 5-byte header, before any payload is buffered.
for length in (0, 1, 2, 3, MAX_FRAME_LENGTH + 1, 2**32 - 1):
    decoder = FrameDecoder()
    decoder.feed(frames.HEADER.pack(frames.SAMPLES, length))
    try:
        decoder.next_frame()
    except ProtocolError:
        pass
    else:
        raise AssertionError(f"length {length} accepted")
decoder = FrameDecoder()
decoder.feed(frames.HEADER.pack(frames.SAMPLES, 4)[:4])
assert decoder.next_frame() is None and decoder.buffered == 4
for bad in (b"X\0\0\0\4", b"h\0\0\0\4", b"\0\0\0\0\4"):
    decoder = FrameDecoder()
    decoder.feed(bad)
    try:
        decoder.next_frame()
    except ProtocolError:
        pass
    else:
        raise AssertionError(f"kind {bad[:1]!r} accepted")

# 3. Memory: draining after each feed keeps the buffer under one frame plus the last chunk.
for pick in (lambda: listener.RECV_SIZE, lambda: replay.READ_SIZE, lambda: rng.randrange(1, 70_000)):
    decoder, start, peak, got = FrameDecoder(), 0, 0, []
    for size in sizes(len(big), pick):
        decoder.feed(big[start : start + size])
        start += size
        peak = max(peak, len(decoder._buf))
        assert len(decoder._buf) <= MAX_FRAME_LENGTH + size, (len(decoder._buf), size)
        got.extend(decoder.frames())
    decoder.close()
    assert got == big_stream and peak < 2 * MAX_FRAME_LENGTH
many = wire([Frame(frames.BYE, b"")] * 50_000)
decoder = FrameDecoder()
decoder.feed(many)
assert sum(1 for _ in decoder.frames()) == 50_000 and decoder.buffered == 0
decoder.feed(b"")
assert len(decoder._buf) == 0, "consumed frames are dropped on the next feed"
assert decoder.consumed == len(many)

# 4. Feeding while frames() is suspended mid-way (the buffer is resized under the generator):
#    no BufferError from a lingering memoryview export, and nothing lost or repeated.
decoder = FrameDecoder()
decoder.feed(data[:40])
frames_iter = decoder.frames()
got = [next(frames_iter)]
for i in range(40, len(data), 3):
    decoder.feed(data[i : i + 3])
    got.extend(frames_iter)
    frames_iter = decoder.frames()
decoder.close()
assert got == stream, got
decoder = FrameDecoder()
decoder.feed(data)
first = decoder.next_frame()
decoder.feed(data)  # resizes the bytearray right after a payload was sliced out of it
assert [first, *decoder.frames()] == stream + stream

# 5. Truncation is reported at the end of the stream, after the frames before it.
for cut in (1, 4, 5, 6, len(data) - 1):
    decoder = FrameDecoder()
    decoder.feed(data[:cut])
    list(decoder.frames())
    try:
        decoder.close()
    except TruncatedStream as exc:
        assert isinstance(exc, ProtocolError)
    else:
        raise AssertionError(f"truncation at {cut} not reported")


# 6. The listener, end to end over a socket pair, with random write sizes.
class Sink:
    def __init__(self):
        self.samples = []

    def check_token(self, device_id, token):
        return (device_id, token) == ("boiler-17", "tok")

    def add_samples(self, device_id, batch):
        self.samples.extend((device_id, *s) for s in batch)


def run_device(payload, write_sizes):
    sink = Sink()
    server, client = socket.socketpair()
    acks = bytearray()

    def device():
        start = 0
        try:
            for size in sizes(len(payload), write_sizes):
                client.sendall(payload[start : start + size])
                start += size
            client.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the listener hung up on a bad conversation
        try:
            while part := client.recv(4096):
                acks.extend(part)
        except ConnectionResetError:
            pass

    thread = threading.Thread(target=device)
    thread.start()
    with server:
        stored = listener.serve_connection(server, sink, "test")
    thread.join()
    client.close()
    return stored, sink, [f.payload for f in decode(bytes(acks), [len(acks)])]


batches = [samples(n, 1_700_000_000 + 1000 * i) for i, n in enumerate((3, 0, 5000, 1, 70_000 // 14))]
conversation = wire(
    [Frame(frames.HELLO, b"boiler-17\0tok")]
    + [Frame(frames.SAMPLES, frames.encode_samples(b)) for b in batches]
    + [Frame(frames.BYE, b""), Frame(frames.SAMPLES, frames.encode_samples(samples(2)))]
)
expected = [("boiler-17", *s) for b in batches for s in b]
running = [sum(map(len, batches[: i + 1])) for i in range(len(batches))]
for write_sizes in (lambda: 1 << 20, lambda: rng.randrange(1, 9000), lambda: 7):
    stored, sink, acks = run_device(conversation, write_sizes)
    assert stored == len(expected) and sink.samples == expected, (stored, len(sink.samples))
    assert acks == [frames.ACK_COUNT.pack(n) for n in running], "one ack per batch, with the running count"

logging.disable(logging.NOTSET)
records = []
handler = logging.Handler()
handler.emit = records.append
logging.getLogger("app.telemetry.listener").addHandler(handler)
truncated = conversation[: len(wire([Frame(frames.HELLO, b"boiler-17\0tok")])) + 30]
stored, sink, acks = run_device(truncated, lambda: 5)
assert stored == 0 and sink.samples == [] and acks == []
assert records and "ended" in records[-1].getMessage(), [r.getMessage() for r in records]
stored, sink, _ = run_device(wire([Frame(frames.HELLO, b"boiler-17\0nope")]) + conversation, lambda: 100)
assert stored == 0 and sink.samples == [] and "bad token" in records[-1].getMessage()
stored, sink, _ = run_device(wire([Frame(frames.HELLO, b"boiler-17\0tok")]) + frames.HEADER.pack(frames.SAMPLES, 2**31), lambda: 3)
assert stored == 0 and "declares length" in records[-1].getMessage()

# 7. Replay reads files in chunks and finds frames across chunk boundaries; damage is reported.
with tempfile.TemporaryDirectory() as tmp:
    directory = Path(tmp)
    capture_batches = [samples(n, 1_600_000_000 + 100_000 * i) for i, n in enumerate((1, 0, 20_000, 37_449, 2))]
    capture = wire([Frame(frames.SAMPLES, frames.encode_samples(b)) for b in capture_batches])
    assert len(capture) > 2 * replay.READ_SIZE
    (directory / "pump-3.tlm").write_bytes(capture)
    (directory / "empty-1.tlm").write_bytes(b"")
    sink = Sink()
    assert replay.replay_dir(directory, sink) == {"empty-1.tlm": 0, "pump-3.tlm": sum(map(len, capture_batches))}
    assert sink.samples == [("pump-3", *s) for b in capture_batches for s in b]

    (directory / "torn-9.tlm").write_bytes(capture[:-3])
    sink = Sink()
    try:
        replay.replay_file(directory / "torn-9.tlm", sink)
    except ProtocolError as exc:
        assert "torn-9.tlm" in str(exc)
    else:
        raise AssertionError("a truncated capture replayed without error")
    assert sink.samples == [("torn-9", *s) for b in capture_batches[:-1] for s in b]

    (directory / "odd-2.tlm").write_bytes(wire([Frame(frames.SAMPLES, b"\0" * 15)]))
    try:
        replay.replay_file(directory / "odd-2.tlm", Sink())
    except ProtocolError:
        pass
    else:
        raise AssertionError("a partial sample record was accepted")
