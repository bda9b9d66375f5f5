# Clean PR: keys reach the filesystem only after names.parse_key has split them into plain
# segments (no empty, '.', '..', dot-prefixed, backslash or category-C segment), so os.path.join
# cannot leave the tenant's folder and hiding dot-names in listings hides only temp files; the
# Content-Disposition f-string only ever holds ascii_fallback() output and a fully percent-encoded
# name; the file opened for a download is closed by the WSGI server through FileWrapper.close();
# uploads replace files atomically; the listing cap reports truncation exactly.
import io
import json
import os
import tempfile
import threading
from urllib.parse import unquote
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

from filedrop import store as store_module
from filedrop.names import InvalidName
from filedrop.store import Store
from filedrop.web import make_app


def all_files(top):
    return sorted(os.path.relpath(os.path.join(d, f), top) for d, _, fs in os.walk(top) for f in fs)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, dict(headers), body
        self.code = int(status.split()[0])


def call(app, method, path, body=b"", tenant="acme", query="", content_length=None, validate=True):
    """Run one request through the app; `path` is the UTF-8 path as the server would decode it."""
    environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": query,
        "wsgi.input": io.BytesIO(body),
        "filedrop.tenant": tenant,
    }
    if method == "PUT":
        environ["CONTENT_LENGTH"] = str(len(body)) if content_length is None else content_length
    setup_testing_defaults(environ)
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, headers
        return lambda data: None

    result = (validator(app) if validate else app)(environ, start_response)
    try:
        data = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Response(captured["status"], captured["headers"], data)


with tempfile.TemporaryDirectory() as work:
    root = os.path.join(work, "root")
    outside = os.path.join(work, "secret.txt")
    with open(outside, "w") as f:
        f.write("outside the store")
    store = Store(root, max_bytes=1000)
    app = make_app(store)

    # The feature: folders, original names, listing by folder.
    assert call(app, "PUT", "/files/reports/2024/Q1 résumé.pdf", b"pdf!").code == 201
    assert call(app, "PUT", "/files/reports/notes.txt", b"n").code == 201
    assert call(app, "PUT", "/files/legacy_name-1.txt", b"old").code == 201, "old flat names are still keys"
    assert call(app, "PUT", "/files/notes.txt", b"globex", tenant="globex").code == 201
    got = call(app, "GET", "/files/reports/2024/Q1 résumé.pdf")
    assert got.code == 200 and got.body == b"pdf!" and got.headers["Content-Length"] == "4"
    listing = json.loads(call(app, "GET", "/files").body)
    assert listing == {
        "files": [
            {"key": "legacy_name-1.txt", "size": 3},
            {"key": "reports/notes.txt", "size": 1},
            {"key": "reports/2024/Q1 résumé.pdf", "size": 4},
        ],
        "truncated": False,
    }, listing
    assert json.loads(call(app, "GET", "/files", query="folder=reports%2F2024").body)["files"] == [
        {"key": "reports/2024/Q1 résumé.pdf", "size": 4}
    ]
    assert json.loads(call(app, "GET", "/files", tenant="globex").body)["files"] == [{"key": "notes.txt", "size": 6}]

    # Path traversal: every hostile key is rejected before it becomes a path, through the store
    # and through the app (the server has already percent-decoded PATH_INFO).
    before = all_files(work)
    hostile = [
        "..", ".", "../secret.txt", "../../secret.txt", "a/../../../secret.txt", "reports/../../globex/notes.txt",
        "/etc/passwd", "//etc/passwd", "a//b", "a/", "", ".hidden", "a/.hidden", ".upload-x", "a\\..\\b",
        "..\\secret.txt", "a\x00b", "a\nb", "a\rb", "a\u202eb", "a\ud800b", "a\udcffb", "x" * 256,
        "é" * 128, "/".join(["d"] * 17), "/".join(["d" * 200] * 6),
    ]
    for key in hostile:
        actions = [
            lambda: store.save("acme", key, io.BytesIO(b"x"), 1),
            lambda: store.open_file("acme", key),
            lambda: store.delete("acme", key),
        ]
        if key:  # "" as a folder is the tenant's top level
            actions.append(lambda: store.list_files("acme", key))
        for action in actions:
            try:
                action()
            except InvalidName:
                pass
            else:
                raise AssertionError(f"key {key!r} was accepted")
        if "\ud800" not in key and "\udcff" not in key:
            for method in ("PUT", "GET", "DELETE"):
                code = call(app, method, "/files/" + key, b"x").code
                assert code in (400, 404), (method, key, code)
    for bad_tenant in ("../root", "..", "ACME", "a/b", "", "acme\n"):
        try:
            store.save(bad_tenant, "x.txt", io.BytesIO(b"x"), 1)
        except InvalidName:
            pass
        else:
            raise AssertionError(f"tenant {bad_tenant!r} was accepted")
    assert all_files(work) == before, "a rejected request created or removed a file"
    with open(outside) as f:
        assert f.read() == "outside the store"
    # Right at the limits is fine: a 255-byte segment, 16 levels, a 1024-byte key.
    for key in ("é" * 127 + "x", "/".join(["d"] * 16), "/".join(["k" * 203] * 5) + "/end"):
        assert len(key.encode()) <= 1024
        store.save("acme", key, io.BytesIO(b"ok"), 2)
        src, size = store.open_file("acme", key)
        with src:
            assert (src.read(), size) == (b"ok", 2)
    bad_utf8 = {"REQUEST_METHOD": "GET", "PATH_INFO": "/files/\xff\xfe", "filedrop.tenant": "acme"}
    setup_testing_defaults(bad_utf8)
    statuses = []
    app(bad_utf8, lambda status, headers, exc_info=None: statuses.append(status))
    assert statuses == ["400 Bad Request"], statuses

    # Content-Disposition: whatever the name, one well-formed header (the validator rejects
    # control characters), a plain quoted-string fallback and an exact filename*.
    awkward = ['q "quoted" \\ back;slash.txt', 'say "hi"; ok.txt', "naïve café.pdf", "日本語.txt", "tab\tname",
               "x;y=z", "a%20b.txt", "Ω emoji 😀.bin", "(1) - copy.txt", "=?utf-8?q?x?=", "crlf\r\nSet-Cookie: a=b"]
    for name in awkward:
        code = call(app, "PUT", "/files/up/" + name, b"data").code
        if any(ch in name for ch in "\t\r\n\\"):
            assert code == 400, (name, code)
            continue
        assert code == 201, (name, code)
        got = call(app, "GET", "/files/up/" + name)
        header = got.headers["Content-Disposition"]
        header.encode("ascii")
        assert "\r" not in header and "\n" not in header
        prefix, rest = header.split('; filename="', 1)
        fallback, star = rest.split('"; filename*=UTF-8\'\'', 1)
        assert prefix == "attachment" and '"' not in fallback and "\\" not in fallback, header
        assert len(fallback) == len(name) and all(c.isalnum() or c in " ._()-" for c in fallback), header
        assert all(c.isalnum() or c in "%._-~" for c in star) and unquote(star, errors="strict") == name, header

    # Downloads close their file: after iteration through close(), and if start_response fails.
    class Recording(Store):
        opened = []

        def open_file(self, tenant, key):
            src, size = super().open_file(tenant, key)
            self.opened.append(src)
            return src, size

    recording = Recording(root, max_bytes=1000)
    rapp = make_app(recording)
    got = call(rapp, "GET", "/files/reports/notes.txt", validate=False)
    assert got.body == b"n" and recording.opened[-1].closed

    def failing_start_response(status, headers, exc_info=None):
        raise RuntimeError("client went away")

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/files/reports/notes.txt", "filedrop.tenant": "acme"}
    setup_testing_defaults(environ)
    try:
        rapp(environ, failing_start_response)
    except RuntimeError:
        pass
    assert recording.opened[-1].closed, "the file is closed when start_response raises"
    for key in ("missing.txt", "reports", "reports/notes.txt/x"):
        assert call(rapp, "GET", "/files/" + key).code == 404, key

    # Sizes: exactly the limit is accepted, one byte more is refused before the body is read;
    # a short body or a bad Content-Length stores nothing and keeps the old file.
    class Untouchable(io.RawIOBase):
        def read(self, n=-1):
            raise AssertionError("the body of an oversized upload was read")

    assert call(app, "PUT", "/files/limit.bin", b"x" * 1000).code == 201
    environ = {"REQUEST_METHOD": "PUT", "PATH_INFO": "/files/over.bin", "CONTENT_LENGTH": "1001",
               "wsgi.input": Untouchable(), "filedrop.tenant": "acme"}
    setup_testing_defaults(environ)
    statuses.clear()
    app(environ, lambda s, h, e=None: statuses.append(s))
    assert statuses == ["413 Content Too Large"], statuses
    assert call(app, "PUT", "/files/limit.bin", b"short", content_length="10").code == 400
    for bad_length in ("", "-1", "1_0", " 5", "５"):
        assert call(app, "PUT", "/files/limit.bin", b"short", content_length=bad_length, validate=False).code == 411
    assert call(app, "GET", "/files/limit.bin").body == b"x" * 1000
    try:
        store.save("acme", "neg.bin", io.BytesIO(b""), -1)
    except ValueError:
        pass
    else:
        raise AssertionError("a negative size was accepted")
    assert not [p for p in all_files(root) if os.path.basename(p).startswith(".")], "temp files left behind"

    # Files and folders cannot take each other's place.
    assert call(app, "PUT", "/files/reports", b"x").code == 409
    assert call(app, "PUT", "/files/reports/notes.txt/inner", b"x").code == 409
    assert call(app, "PUT", "/files/reports/notes.txt/a/b", b"x").code == 409
    assert call(app, "DELETE", "/files/reports").code == 404 and os.path.isdir(os.path.join(root, "acme", "reports"))
    assert call(app, "GET", "/files/reports/notes.txt").body == b"n"
    assert not [p for p in all_files(root) if os.path.basename(p).startswith(".")], "temp files left behind"

    # An upload in progress is invisible to listings and downloads; the old file is served until
    # the new one is complete.
    halfway, finish = threading.Event(), threading.Event()

    class SlowBody(io.RawIOBase):
        def __init__(self):
            self.sent = 0

        def read(self, n=-1):
            if self.sent == 3:
                halfway.set()
                assert finish.wait(10)
            chunk = b"NEW"[: min(n, 3)] if self.sent < 6 else b""
            self.sent += len(chunk)
            return chunk

    uploader = threading.Thread(target=store.save, args=("acme", "reports/notes.txt", SlowBody(), 6))
    uploader.start()
    assert halfway.wait(10)
    temp = [p for p in all_files(root) if os.path.basename(p).startswith(store_module.TEMP_PREFIX)]
    assert len(temp) == 1, temp
    keys = [f["key"] for f in json.loads(call(app, "GET", "/files").body)["files"]]
    assert not any("/." in "/" + k for k in keys) and "reports/notes.txt" in keys, keys
    assert call(app, "GET", "/files/reports/notes.txt").body == b"n"
    finish.set()
    uploader.join()
    assert call(app, "GET", "/files/reports/notes.txt").body == b"NEWNEW"

    # Concurrent uploads to one key and downloads of it: every download is one whole version,
    # with a Content-Length that matches it.
    versions = [b"a" * 300, b"b" * 700, b"c" * 1]
    store.save("acme", "hot.bin", io.BytesIO(versions[0]), 300)
    problems = []
    stop = threading.Event()

    def downloader():
        while not stop.is_set():
            got = call(app, "GET", "/files/hot.bin", validate=False)
            if got.body not in versions or int(got.headers["Content-Length"]) != len(got.body):
                problems.append((got.headers.get("Content-Length"), got.body[:10], len(got.body)))

    def uploader_loop(n):
        for i in range(n):
            data = versions[i % 3]
            store.save("acme", "hot.bin", io.BytesIO(data), len(data))

    readers = [threading.Thread(target=downloader) for _ in range(3)]
    writers = [threading.Thread(target=uploader_loop, args=(60,)) for _ in range(3)]
    for t in readers + writers:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    for t in readers:
        t.join()
    assert not problems, problems[:3]
    assert not [p for p in all_files(root) if os.path.basename(p).startswith(".")], "temp files left behind"

    # The listing cap: exactly MAX_LISTED files is complete, one more is reported as truncated.
    capped = Store(os.path.join(work, "capped"))
    store_module.MAX_LISTED = 3
    for i in range(3):
        capped.save("t", f"f{i}", io.BytesIO(b"1"), 1)
    assert capped.list_files("t") == ([store_module.StoredFile(f"f{i}", 1) for i in range(3)], False)
    capped.save("t", "z/f3", io.BytesIO(b"1"), 1)
    files, truncated = capped.list_files("t")
    assert [f.key for f in files] == ["f0", "f1", "f2"] and truncated
    assert capped.list_files("t", "z") == ([store_module.StoredFile("z/f3", 1)], False)
    assert capped.list_files("t", "f0") == ([], False) and capped.list_files("t", "nope") == ([], False)
    store_module.MAX_LISTED = 1000

    # Delete removes exactly the file.
    assert call(app, "DELETE", "/files/reports/notes.txt").code == 204
    assert call(app, "DELETE", "/files/reports/notes.txt").code == 404
    assert call(app, "GET", "/files/reports/2024/Q1 résumé.pdf").body == b"pdf!"
    assert call(app, "GET", "/files/notes.txt", tenant="globex").body == b"globex"
    assert call(app, "GET", "/files/notes.txt", tenant="").code == 401

print("ok")
