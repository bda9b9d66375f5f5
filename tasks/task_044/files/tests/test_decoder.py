import unittest

from app.telemetry import frames
from app.telemetry.decoder import FrameDecoder, TruncatedStream
from app.telemetry.frames import Frame, ProtocolError

SAMPLES = [(1_700_000_000 + i, i % 7, i / 4) for i in range(300)]
STREAM = [
    Frame(frames.HELLO, b"boiler-17\0s3cret"),
    Frame(frames.SAMPLES, frames.encode_samples(SAMPLES)),
    Frame(frames.SAMPLES, b""),
    Frame(frames.BYE, b""),
]
WIRE = b"".join(frames.encode_frame(frame.kind, frame.payload) for frame in STREAM)


def decode(data: bytes, chunk_size: int, decoder: FrameDecoder | None = None) -> list[Frame]:
    decoder = decoder or FrameDecoder()
    out = []
    for start in range(0, len(data), chunk_size):
        decoder.feed(data[start : start + chunk_size])
        out.extend(decoder.frames())
    decoder.close()
    return out


class FrameDecoderTest(unittest.TestCase):
    def test_any_chunking_gives_the_same_frames(self):
        for chunk_size in (1, 2, 3, 5, 6, 14, 1000, len(WIRE)):
            with self.subTest(chunk_size=chunk_size):
                self.assertEqual(decode(WIRE, chunk_size), STREAM)

    def test_samples_round_trip(self):
        (_, samples_frame, _, _) = decode(WIRE, 64)
        self.assertEqual(frames.parse_samples(samples_frame.payload), SAMPLES)

    def test_largest_frame_is_accepted(self):
        payload = b"x" * (4096 - frames.LENGTH_SIZE)
        wire = frames.encode_frame(frames.SAMPLES, payload)
        self.assertEqual(decode(wire, 1000, FrameDecoder(max_length=4096)), [Frame(frames.SAMPLES, payload)])

    def test_oversized_frame_is_rejected_from_its_header(self):
        decoder = FrameDecoder(max_length=4096)
        decoder.feed(frames.HEADER.pack(frames.SAMPLES, 4097))
        with self.assertRaises(ProtocolError):
            decoder.next_frame()

    def test_length_shorter_than_itself_is_rejected(self):
        for length in range(4):
            decoder = FrameDecoder()
            decoder.feed(frames.HEADER.pack(frames.BYE, length))
            with self.subTest(length=length), self.assertRaises(ProtocolError):
                decoder.next_frame()

    def test_unknown_kind_is_rejected(self):
        decoder = FrameDecoder()
        decoder.feed(b"X\0\0\0\4")
        with self.assertRaises(ProtocolError):
            decoder.next_frame()

    def test_frames_before_an_error_are_returned_first(self):
        decoder = FrameDecoder()
        decoder.feed(frames.encode_frame(frames.BYE) + b"X\0\0\0\4")
        self.assertEqual(decoder.next_frame(), Frame(frames.BYE, b""))
        with self.assertRaises(ProtocolError):
            decoder.next_frame()

    def test_stream_ending_inside_a_frame(self):
        for cut in (1, 4, 5, len(WIRE) - 1):
            with self.subTest(cut=cut), self.assertRaises(TruncatedStream):
                decode(WIRE[:cut], 7)


if __name__ == "__main__":
    unittest.main()
