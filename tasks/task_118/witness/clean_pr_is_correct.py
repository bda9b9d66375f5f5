# The PR's suspicious spots are correct: client file names are safe in Content-Disposition, the size
# limit is exact at its boundary, WebP and spoofed types are sniffed right, and only people who can see
# a ticket can fetch its files.
import os
import tempfile
import time
from pathlib import Path

from desk import store, uploads
from desk.app import make_app
from tests.client import Client

tmp = tempfile.mkdtemp()
upload_dir = os.path.join(tmp, "uploads")
app = make_app(os.path.join(tmp, "desk.db"), upload_dir)
db = store.connect(os.path.join(tmp, "desk.db"))
with db:
    db.execute("INSERT INTO users (id, name, is_agent) VALUES (1, 'ann', 0), (2, 'bob', 0), (3, 'eve', 1)")
    for uid in (1, 2, 3):
        db.execute("INSERT INTO sessions VALUES (?, ?, ?)", (f"s{uid}", uid, int(time.time()) + 3600))
ann, bob, agent = Client(app, "s1"), Client(app, "s2"), Client(app, "s3")
ticket = ann.post_form("/tickets", {"subject": "Scanner jams"})[2]["id"]
url = f"/tickets/{ticket}/attachments"

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 30

# 1. Hostile file names: quotes, CR/LF, header text, traversal, non-ASCII. The Content-Disposition
#    header stays one well-formed header and no file lands outside upload_dir.
hostile = [
    'a"; filename="evil.html',
    "x\r\nSet-Cookie: desk_session=stolen",
    "../../../etc/passwd",
    "..\\..\\win.ini",
    "..",
    "r\u00e9sum\u00e9 \u201cfinal\u201d.pdf",
    "\u202egpj.pdf",
    "a" * 400 + ".pdf",
]
for raw in hostile:
    status, _, body = ann.post_file(url, "file", raw, PDF)
    assert status == 201, (raw, status, body)
    name = body["name"]
    assert name.endswith(".pdf") and len(name) <= 104, (raw, name)
    assert all(c.isascii() and (c.isalnum() or c in "-_.") for c in name), (raw, name)
    assert not name.startswith("."), (raw, name)
    status, headers, _ = ann.get(f"/attachments/{body['id']}")
    assert status == 200, (raw, status)
    disposition = headers["Content-Disposition"]
    assert disposition == f'attachment; filename="{name}"', (raw, disposition)
    assert "\r" not in disposition and "\n" not in disposition and disposition.count('"') == 2, disposition
    assert "Set-Cookie" not in headers, headers
stored = os.listdir(upload_dir)
assert len(stored) == len(hostile) and all(len(f) == 32 for f in stored), stored
assert not any(p.name == "passwd" for p in Path(tmp).rglob("*")), "a file escaped the upload folder"

# 2. The size limit: exactly the limit is accepted, one byte more is refused, and read_upload never
#    reads more than limit + 1 bytes from the upload.
limit = uploads.MAX_ATTACHMENT_BYTES
assert ann.post_file(url, "file", "max.pdf", PDF.ljust(limit, b" "))[0] == 201, "exactly 10 MB must be accepted"
assert ann.post_file(url, "file", "over.pdf", PDF.ljust(limit + 1, b" "))[0] == 413, "10 MB + 1 byte must be refused"


class CountingFile:
    def __init__(self, size):
        self.left, self.read_total = size, 0

    def read(self, n=-1):
        n = self.left if n is None or n < 0 else min(n, self.left)
        self.left -= n
        self.read_total += n
        return b"%PDF-" + b" " * (n - 5) if self.read_total == n else b" " * n


class FakeUpload:
    def __init__(self, fileobj):
        self.file = fileobj


for size, ok in ((100, True), (1000, True), (1001, False), (10**9, False)):
    f = CountingFile(size)
    try:
        data, media_type = uploads.read_upload(FakeUpload(f), limit=1000)
        assert ok and len(data) == size and media_type == "application/pdf", (size, len(data))
    except uploads.Rejected as exc:
        assert not ok and exc.status == 413, (size, exc.status)
    assert f.read_total <= 1001, f"read {f.read_total} bytes of a {size}-byte upload with a 1000-byte limit"

# 3. Sniffing: the RIFF form type sits at bytes 8..11; short and spoofed files are refused.
webp = b"RIFF" + (1234).to_bytes(4, "little") + b"WEBPVP8L" + b"\x00" * 20
assert uploads.sniff_type(webp) == "image/webp"
assert uploads.sniff_type(b"RIFF\x10\x00\x00\x00WAVEfmt ") is None, "a WAV file is not WebP"
assert uploads.sniff_type(b"RIFFWEBP") is None
for short in (b"", b"\x89", b"RIF", b"%PD", b"GIF8"):
    assert uploads.sniff_type(short) is None, short
assert uploads.sniff_type(b"GIF89a\x01\x00") == "image/gif"
assert uploads.sniff_type(b"\xff\xd8\xff\xe0JFIF") == "image/jpeg"
for payload, declared in ((b"<svg onload=alert(1)>", "image/svg+xml"), (b"<html><script>", "image/png"), (b"MZ\x90\x00", "application/pdf")):
    assert ann.post_file(url, "file", "x.png", payload, declared)[0] == 415, declared
body = ann.post_file(url, "file", "photo.gif", webp, "image/gif")[2]
assert body["media_type"] == "image/webp" and body["name"] == "photo.webp", body
status, headers, _ = ann.get(f"/attachments/{body['id']}")
assert headers["Content-Type"] == "image/webp" and headers["X-Content-Type-Options"] == "nosniff", headers

# 4. Access: only the owner and agents, and only real ids.
pic = ann.post_file(url, "file", "p.png", PNG)[2]["id"]
assert bob.get(f"/attachments/{pic}")[0] == 404
assert bob.post_file(url, "file", "b.png", PNG)[0] == 404
assert Client(app, None).get(f"/attachments/{pic}")[0] == 401
assert agent.get(f"/attachments/{pic}")[0] == 200
for path in ("/attachments/..%2Fdesk.db", "/attachments/../desk.db", "/attachments/" + "0" * 32, "/attachments/" + "A" * 32):
    assert ann.get(path)[0] == 404, path
print("ok")
