# iter_body's chunks end wherever a read stops, so a multi-byte UTF-8 character can straddle two
# chunks. Non-ASCII product titles must come through intact whatever the chunk boundaries are.
import io
import json

from app.ingest.feed import import_feed
from app.ingest.transport import READ_SIZE

records = [
    {"sku": "P-1", "title": "Zoë's Ångström café"},
    {"sku": "P-2", "title": "東京タワー 模型"},
    {"sku": "P-3", "title": "Grüße aus Köln 🎄"},
]
body = b"".join(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n" for record in records)


def imported(data: bytes, read_size: int) -> list[dict]:
    out = []

    class Raw(io.BytesIO):  # a socket-like body that returns at most `read_size` bytes per read
        def read(self, size=-1):
            return super().read(min(size, read_size) if size and size > 0 else read_size)

    import_feed(Raw(data), {}, out.extend)
    return out


got = imported(body, 7)
assert got == records, f"titles corrupted at chunk boundaries: {[r['title'] for r in got]}"

# The same happens at the transport's real read size: a 3-byte character across the 64 KiB mark.
head = b'{"sku": "PAD", "title": "'
tail = b'"}\n{"sku": "P-4", "title": "'
big = head + b"x" * (READ_SIZE - 1 - len(head) - len(tail)) + tail + "東京".encode() + b'"}\n'
assert big.index("東".encode()) == READ_SIZE - 1, big.index("東".encode())
got = imported(big, READ_SIZE)
assert got[1] == {"sku": "P-4", "title": "東京"}, f"title corrupted at the 64 KiB boundary: {got[1]!r}"
