# Clean PR: the docs routes look risky and are not. This exercises each suspicious spot:
# - safe_join(root, version, page) with URL-derived parts: the version must be a published one
#   (VersionConverter regex + catalog) and werkzeug's safe_join refuses `..`, absolute and
#   empty-escaping parts, so nothing outside <root>/<version>/ is ever served;
# - redirects built from the requested page (alias, trailing slash): Map.build always produces
#   /docs/<version>/..., and PathConverter's regex `[^/].*?` plus merge_slashes mean the page can
#   never start with "/", so no Location is protocol-relative or off-site; header values with a
#   newline are refused by werkzeug's Headers;
# - the index page builds HTML with f-strings from versions.json, but parse_catalog keeps only
#   names matching the version/alias patterns, and the site name is escaped;
# - the catalog cache is swapped as one tuple, so concurrent readers see a consistent catalog.
import json
import os
import tempfile
import threading
from urllib.parse import urlsplit

from werkzeug.test import Client

from app.docs import Catalog, DocsSite
from app.settings import Settings
from app.web import create_app

tmp = tempfile.mkdtemp()
root = os.path.join(tmp, "docs")
for version in ("3.1.2", "3.0", "2.0-internal"):
    os.makedirs(os.path.join(root, version, "guide"))
    with open(os.path.join(root, version, "index.html"), "w") as fh:
        fh.write(f"index {version}")
    with open(os.path.join(root, version, "guide", "index.html"), "w") as fh:
        fh.write(f"guide {version}")
with open(os.path.join(tmp, "secret.txt"), "w") as fh:
    fh.write("TOP-SECRET")
with open(os.path.join(root, "2.0-internal", "notes.html"), "w") as fh:
    fh.write("TOP-SECRET internal")
with open(os.path.join(root, "versions.json"), "w") as fh:
    json.dump(
        {
            "versions": ["3.1.2", "3.0", "../..", "2.0-internal", "<script>alert(1)</script>", "3.0/../.."],
            "aliases": {"latest": "3.1.2", "stable": "3.0", '"><img src=x>': "3.0", "evil": "../..",
                        "x/../..": "3.0"},
        },
        fh,
    )

app = create_app(Settings(site_name="Docs <b>&</b>", docs_root=root))
client = Client(app)


def check_location(path, location):
    parts = urlsplit(location)
    assert parts.netloc in ("", "localhost"), f"{path} redirects off-site: {location!r}"
    assert parts.path.startswith("/docs/"), f"{path} redirects outside /docs/: {location!r}"
    assert not location.startswith("//") and "\\" not in location, f"{path}: {location!r}"


# 1. Nothing outside <root>/<published version>/ is served, however the path is written.
attempts = [
    "/docs/3.0/../../secret.txt", "/docs/3.0/%2e%2e/%2e%2e/secret.txt", "/docs/3.0/..%2f..%2fsecret.txt",
    "/docs/3.0/guide/../../../secret.txt", "/docs/3.0/../2.0-internal/notes.html",
    "/docs/3.0//" + tmp.lstrip("/") + "/secret.txt", "/docs/3.0/" + tmp + "/secret.txt",
    "/docs/3.0/..\\..\\secret.txt", "/docs/2.0-internal/notes.html", "/docs/../secret.txt",
    "/docs/3.0/./../../secret.txt", "/docs/3.0/guide/..", "/docs/3.0/..", "/docs/3.0/.%2e/secret.txt",
    "/docs/latest/../../secret.txt", "/docs/latest/..%2f..%2fsecret.txt", "/docs/evil/x",
]
for path in attempts:
    for _ in range(4):  # follow redirects by hand, checking each hop
        response = client.get(path)
        body = response.get_data()
        assert b"TOP-SECRET" not in body, f"{path} served a file outside the published docs"
        if response.status_code not in (301, 302, 307, 308):
            break
        check_location(path, response.location)
        path = urlsplit(response.location).path
    assert response.status_code in (200, 404), (path, response.status_code)

# 2. Redirects built from the requested page stay on /docs/ of this site.
for path in ["/docs/latest//evil.example/x", "/docs/latest/%2F%2Fevil.example", "/docs/latest/\\evil.example",
             "/docs/latest/guide?next=//evil.example", "/docs/latest/guide/?q=%0d%0aSet-Cookie:%20a=b",
             "/docs/3.0/guide", "/docs/stable", "/docs/stable/", "/docs/latest/http://evil.example/"]:
    response = client.get(path)
    if response.status_code in (301, 302, 307, 308):
        check_location(path, response.location)
        assert "set-cookie" not in {k.lower() for k in response.headers.keys()}, path
assert client.get("/docs/latest/guide/").location == "/docs/3.1.2/guide/"
assert client.get("/docs/3.0/guide").location == "/docs/3.0/guide/"
assert client.get("/docs/3.0/guide/").get_data() == b"guide 3.0"

# 3. The index page holds only well-formed versions and aliases, and an escaped site name.
index = client.get("/docs/").get_data(as_text=True)
assert "<script" not in index and "<img" not in index and "<b>" not in index, index
assert "2.0-internal" not in index and "evil" not in index, index
assert '<a href="/docs/3.1.2/">3.1.2</a> <em>latest</em>' in index, index

# 4. Readers racing a republish always get a whole catalog, old or new, never a mix or an error.
site = DocsSite(root)
old = site.catalog()
new_doc = {"versions": ["3.2", "3.1.2"], "aliases": {"latest": "3.2", "stable": "3.1.2"}}
errors, seen = [], set()
stop = threading.Event()


def reader():
    try:
        while not stop.is_set():
            catalog = site.catalog()
            assert isinstance(catalog, Catalog)
            seen.add((catalog.versions, tuple(sorted(catalog.aliases.items()))))
    except Exception as exc:  # noqa: BLE001 - collected and asserted below
        errors.append(exc)


threads = [threading.Thread(target=reader) for _ in range(4)]
for th in threads:
    th.start()
for i in range(30):
    doc = new_doc if i % 2 == 0 else {"versions": ["3.1.2", "3.0"], "aliases": {"latest": "3.1.2", "stable": "3.0"}}
    staging = os.path.join(root, "versions.json.tmp")
    with open(staging, "w") as fh:
        json.dump(doc, fh)
    os.replace(staging, os.path.join(root, "versions.json"))
stop.set()
for th in threads:
    th.join()
assert not errors, errors
allowed = {
    (old.versions, tuple(sorted(old.aliases.items()))),
    (("3.2", "3.1.2"), (("latest", "3.2"), ("stable", "3.1.2"))),
    (("3.1.2", "3.0"), (("latest", "3.1.2"), ("stable", "3.0"))),
}
assert seen <= allowed, seen - allowed
print("ok: docs paths, redirects, index page and catalog reloads are safe")
