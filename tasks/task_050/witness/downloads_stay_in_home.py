# Clean PR: a user can reach exactly the files in their own home, and names round-trip.
# - Homes.resolve joins the decoded path onto the home, resolves it (.., absolute paths, links) and
#   requires the result to start with home + os.sep: "<root>/7" never admits "<root>/70/...", and an
#   absolute path discarded by os.path.join fails the check.
# - The path reaches the handler still percent-encoded (app/web/http.py, wsgi.raw_path), so the
#   single unquote() is right: names containing "%" round-trip, "%252e%252e" is a literal name.
# - Content-Disposition cannot carry CR/LF or quotes; FileBody is closed by whoever calls close().
# - MAX_LISTED: exactly 500 files are "not truncated", 501 are.
import io
import os
import sqlite3
import tempfile
import time

from app.settings import Settings
from app.storage import homes as homes_module
from app.storage.homes import Homes, NotFound
from app.web.files import content_disposition
from app.web.http import Principal, Request
from app.web.routes import dispatch
from app.web.services import Services
from app.web.wsgi import make_app

tmp = tempfile.mkdtemp(prefix="w050-")
root = os.path.join(tmp, "homes")
outside = os.path.join(tmp, "outside.txt")
with open(outside, "wb") as f:
    f.write(b"server secret")


def write(relative, data):
    path = os.path.join(root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


NAMES = ["notes.txt", "a b+c.txt", "100%.txt", "%41.txt", "%2e%2e", "r\u00e9sum\u00e9.pdf", "q\"uote'.txt",
         "crlf\r\nSet-Cookie: a=b.txt", "semi;colon,comma.txt", "..hidden", "deep/er/file.bin"]
for i, name in enumerate(NAMES):
    write(f"7/{name}", f"seven-{i}".encode())
for other in ["8/secret.txt", "70/secret.txt", "77/secret.txt", "7x/secret.txt"]:
    write(other, b"not yours")
os.symlink(outside, os.path.join(root, "7", "link-out.txt"))
os.symlink(os.path.join(root, "8"), os.path.join(root, "7", "dir-link"))

services = Services(db=sqlite3.connect(":memory:"), homes=Homes(root))
ME = Principal(user_id=7, email="u7@example.com")


def get(path, principal=ME):
    response = dispatch(Request("GET", path, principal=principal), services)
    if response.status == 200 and not isinstance(response.body, bytes):
        try:
            data = b"".join(response.body)
        finally:
            response.body.close()
        assert response.body.file.closed
        return response, data
    return response, response.body


# 1. Every listed file downloads from its listed URL with its own content (one decoding, no more).
listing = get("/me/files")[0].json()
listed = {entry["path"]: entry for entry in listing["files"]}
assert set(listed) == set(NAMES), sorted(listed)  # links are not listed
for i, name in enumerate(NAMES):
    response, data = get(listed[name]["url"])
    assert response.status == 200 and data == f"seven-{i}".encode(), (name, response.status, data)
    assert response.headers["Content-Length"] == str(len(data))
    disposition = response.headers["Content-Disposition"]
    assert not any(ch in disposition for ch in "\r\n\0") and disposition.count('"') == 2, disposition

# 2. Nothing outside the home is reachable, however the path is written.
real_root = os.path.realpath(root)
attacks = [
    "../8/secret.txt", "%2e%2e/8/secret.txt", "%2E%2E%2F8%2Fsecret.txt", "..%2f70%2fsecret.txt",
    "../70/secret.txt", "../77/secret.txt", "../7x/secret.txt", "%2e%2e/7x/secret.txt",
    "/" + real_root + "/8/secret.txt", "%2F" + real_root.lstrip("/") + "/8/secret.txt",
    "//etc/passwd", "%2Fetc%2Fpasswd", "deep/../../8/secret.txt", "deep/er/../../../70/secret.txt",
    "%252e%252e/8/secret.txt", "link-out.txt", "dir-link/secret.txt", "..", "%2e%2e%2f", ".", "%00",
    "notes.txt%00.jpg", "a" * 5000, "a/" * 3000 + "x", "deep", "deep/er/", "notes.txt/x", "%ff%fe",
    "..%5c8%5csecret.txt", "..\\8\\secret.txt", "~/secret.txt", "%7e",
]
for attack in attacks:
    response, data = get("/me/files/" + attack)
    assert response.status == 404, (attack, response.status, data)
assert get("/me/files/%252e%252e")[1] == b"seven-4", "a file literally named %2e%2e is the user's own"
for user_id in (8, 70):
    assert get("/me/files/secret.txt", Principal(user_id, "x@example.com"))[1] == b"not yours"
assert get("/me/files/secret.txt")[0].status == 404
assert get("/me/files/notes.txt", principal=None)[0].status == 401
for relative in ["", "/", "../7", ".", "deep/.."]:
    try:
        services.homes.resolve(7, relative)
    except NotFound:
        pass
    else:
        raise AssertionError(f"{relative!r} resolved to the home itself")

# 3. A home that is itself a link (moved to another disk) still works, and still confines.
os.rename(os.path.join(root, "8"), os.path.join(tmp, "disk2-8"))
os.symlink(os.path.join(tmp, "disk2-8"), os.path.join(root, "8"))
U8 = Principal(8, "u8@example.com")
assert get("/me/files/secret.txt", U8)[1] == b"not yours"
assert get("/me/files/../7/notes.txt", U8)[0].status == 404
assert get("/me/files", U8)[0].json()["files"] == [{"path": "secret.txt", "size": 9, "url": "/me/files/secret.txt"}]

# 4. Headers: quotes, CR/LF and non-ASCII never reach the header raw.
for name in ['x"; filename="evil.exe', "a\r\nb", "\u00e9\u00e9.txt", "tab\there"]:
    value = content_disposition(name)
    assert value.startswith('attachment; filename="') and value.count('"') == 2, value
    assert all(32 <= ord(ch) < 127 for ch in value), value

# 5. The body is closed even if never read (HEAD-like clients, aborted downloads).
response = dispatch(Request("GET", "/me/files/notes.txt", principal=ME), services)
response.body.close()
assert response.body.file.closed
# ... and sends exactly Content-Length bytes even if the file grows meanwhile.
response = dispatch(Request("GET", "/me/files/notes.txt", principal=ME), services)
with open(os.path.join(root, "7", "notes.txt"), "ab") as f:
    f.write(b"appended")
assert b"".join(response.body) == b"seven-0", "body must match Content-Length"
response.body.close()

# 6. MAX_LISTED: exactly the limit is complete; one more is truncated.
for count, truncated in [(homes_module.MAX_LISTED, False), (homes_module.MAX_LISTED + 1, True)]:
    for i in range(count):
        write(f"9{count}/f{i:04d}", b"")
    body = get("/me/files", Principal(int(f"9{count}"), "n@example.com"))[0].json()
    assert body["truncated"] is truncated and len(body["files"]) == homes_module.MAX_LISTED, (count, body["truncated"])

# 7. End to end through WSGI: the raw request line is what gets decoded, once.
db_path = os.path.join(tmp, "app.db")
db = sqlite3.connect(db_path)
db.executescript("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, display_name TEXT, created_at TEXT);"
                 "CREATE TABLE sessions (token TEXT, user_id INTEGER, expires_at INTEGER);")
db.execute("INSERT INTO users VALUES (7, 'u7@example.com', 'Seven', '2024-01-01')")
db.execute("INSERT INTO sessions VALUES ('tok', 7, ?)", (int(time.time()) + 3600,))
db.commit()
app = make_app(Settings(database=db_path, homes_root=root))


def wsgi_get(environ_extra):
    captured = {}
    environ = {"REQUEST_METHOD": "GET", "HTTP_COOKIE": "session=tok", "wsgi.input": io.BytesIO(), **environ_extra}
    result = app(environ, lambda status, headers: captured.update(status=status))
    try:
        return captured["status"], b"".join(result)
    finally:
        getattr(result, "close", lambda: None)()


assert wsgi_get({"RAW_URI": "/me/files/100%25.txt"}) == ("200 OK", b"seven-2")
assert wsgi_get({"RAW_URI": "/me/files/%2541.txt"}) == ("200 OK", b"seven-3")
assert wsgi_get({"PATH_INFO": "/me/files/%41.txt"}) == ("200 OK", b"seven-3")
assert wsgi_get({"RAW_URI": "/me/files/%2e%2e/8/secret.txt"})[0].startswith("404")
assert wsgi_get({"PATH_INFO": "/me/files/../8/secret.txt"})[0].startswith("404")
print("ok")
