import os
from contextlib import closing

import pytest

from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.test import create_environ
from werkzeug.test import run_wsgi_app


def test_get_file_loader():
    app = SharedDataMiddleware(None, {})
    assert callable(app.get_file_loader("foo"))


def test_shared_data_middleware(tmpdir):
    def null_application(environ, start_response):
        start_response("404 NOT FOUND", [("Content-Type", "text/plain")])
        yield b"NOT FOUND"

    test_dir = str(tmpdir)

    with open(os.path.join(test_dir, "äöü"), "w") as test_file:
        test_file.write("FOUND")

    for t in [list, dict]:
        app = SharedDataMiddleware(
            null_application,
            t(
                [
                    ("/", os.path.join(os.path.dirname(__file__), "..", "res")),
                    ("/sources", os.path.join(os.path.dirname(__file__), "..", "res")),
                    ("/pkg", ("werkzeug.debug", "shared")),
                    ("/foo", test_dir),
                ]
            ),
        )

        for p in "/test.txt", "/sources/test.txt", "/foo/äöü":
            app_iter, status, headers = run_wsgi_app(app, create_environ(p))
            assert status == "200 OK"

            if p.endswith(".txt"):
                content_type = next(v for k, v in headers if k == "Content-Type")
                assert content_type == "text/plain; charset=utf-8"

            with closing(app_iter) as app_iter:
                data = b"".join(app_iter).strip()

            assert data == b"FOUND"

        app_iter, status, headers = run_wsgi_app(
            app, create_environ("/pkg/debugger.js")
        )

        with closing(app_iter) as app_iter:
            contents = b"".join(app_iter)

        assert b"docReady(() =>" in contents

        for path in ("/missing", "/pkg", "/pkg/", "/pkg/missing.txt"):
            app_iter, status, headers = run_wsgi_app(app, create_environ(path))
            assert status == "404 NOT FOUND"
            assert b"".join(app_iter).strip() == b"NOT FOUND"


def _not_found(environ, start_response):
    start_response("404 NOT FOUND", [("Content-Type", "text/plain")])
    return [b"NOT FOUND"]


@pytest.fixture
def range_app(tmp_path):
    data = bytes(range(256)) * 4
    (tmp_path / "data.bin").write_bytes(data)
    (tmp_path / "empty.bin").write_bytes(b"")
    return SharedDataMiddleware(_not_found, {"/files": str(tmp_path)}), data


def _get(app, path="/files/data.bin", **headers):
    environ = create_environ(path, headers=headers)
    app_iter, status, headers = run_wsgi_app(app, environ)
    body = b"".join(app_iter)

    if hasattr(app_iter, "close"):
        app_iter.close()

    return status, dict(headers), body


@pytest.mark.parametrize(
    ("value", "start", "stop"),
    [
        ("bytes=0-99", 0, 100),
        ("bytes=1000-", 1000, 1024),
        ("bytes=-24", 1000, 1024),
        ("bytes=1000-5000", 1000, 1024),
        ("bytes=-5000", 0, 1024),
    ],
)
def test_range_request(range_app, value, start, stop):
    app, data = range_app
    status, headers, body = _get(app, Range=value)
    assert status == "206 Partial Content"
    assert body == data[start:stop]
    assert headers["Content-Length"] == str(stop - start)
    assert headers["Content-Range"] == f"bytes {start}-{stop - 1}/1024"
    assert headers["Accept-Ranges"] == "bytes"


def test_range_not_satisfiable(range_app):
    app, _ = range_app
    status, headers, body = _get(app, Range="bytes=1024-2000")
    assert status == "416 Range Not Satisfiable"
    assert headers["Content-Range"] == "bytes */1024"
    assert body == b""


@pytest.mark.parametrize(
    "value", ["bytes=0-1,10-11", "items=0-10", "bytes=5-2", "bytes=abc"]
)
def test_range_ignored(range_app, value):
    app, data = range_app
    status, headers, body = _get(app, Range=value)
    assert status == "200 OK"
    assert body == data
    assert headers["Content-Length"] == "1024"


def test_range_empty_file(range_app):
    app, _ = range_app
    status, headers, body = _get(app, "/files/empty.bin", Range="bytes=0-")
    assert status == "200 OK"
    assert body == b""


def test_if_range(range_app):
    app, data = range_app
    _, headers, _ = _get(app)
    etag = headers["Etag"]

    status, _, body = _get(app, Range="bytes=0-9", If_Range=etag)
    assert status == "206 Partial Content"
    assert body == data[:10]

    status, _, body = _get(app, Range="bytes=0-9", If_Range='"wzsdm-old"')
    assert status == "200 OK"
    assert body == data

    status, _, body = _get(
        app, Range="bytes=0-9", If_Range="Thu, 01 Jan 1970 00:00:00 GMT"
    )
    assert status == "200 OK"
    assert body == data


def test_ranges_disabled(tmp_path):
    (tmp_path / "data.bin").write_bytes(b"0123456789")
    app = SharedDataMiddleware(
        _not_found, {"/files": str(tmp_path)}, accept_ranges=False
    )
    status, headers, body = _get(app, Range="bytes=0-4")
    assert status == "200 OK"
    assert body == b"0123456789"
    assert "Accept-Ranges" not in headers
