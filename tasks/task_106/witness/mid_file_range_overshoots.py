"""A bounded byte range that does not start at 0 must get exactly the requested bytes.

_RangeWrapper(iterable, start_byte, byte_range) takes the number of bytes to send as its third
argument (see werkzeug/wsgi.py); the middleware passes the exclusive end offset instead, so a range
starting at N > 0 streams N bytes too many, past the range and past the Content-Length it declared.
"""

import os
import tempfile

from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.test import create_environ, run_wsgi_app


def not_found(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]


def get(app, path, **headers):
    app_iter, status, response_headers = run_wsgi_app(app, create_environ(path, headers=headers))
    try:
        body = b"".join(app_iter)
    finally:
        if hasattr(app_iter, "close"):
            app_iter.close()
    return status, dict(response_headers), body


with tempfile.TemporaryDirectory() as root:
    data = bytes(i % 251 for i in range(4096))
    with open(os.path.join(root, "clip.mp4"), "wb") as fh:
        fh.write(data)

    app = SharedDataMiddleware(not_found, {"/media": root})

    # What the PR's own tests use still works: ranges from 0, open-ended and suffix ranges.
    status, headers, body = get(app, "/media/clip.mp4", Range="bytes=0-99")
    assert status == "206 Partial Content" and body == data[:100], (status, len(body))
    status, headers, body = get(app, "/media/clip.mp4", Range="bytes=4000-")
    assert status == "206 Partial Content" and body == data[4000:], (status, len(body))

    # A bounded range in the middle of the file, as PDF viewers, segmented downloaders and
    # media players send.
    status, headers, body = get(app, "/media/clip.mp4", Range="bytes=1000-1999")
    assert status == "206 Partial Content", status
    assert headers["Content-Range"] == "bytes 1000-1999/4096", headers["Content-Range"]
    assert headers["Content-Length"] == "1000", headers["Content-Length"]
    assert len(body) == int(headers["Content-Length"]), (
        f"Content-Length says 1000 but {len(body)} bytes were sent: the body overruns the "
        "declared length (the extra bytes land in the next response on a kept-alive connection)"
    )
    assert body == data[1000:2000], "the part holds bytes outside the requested range"

    status, headers, body = get(app, "/media/clip.mp4", Range="bytes=10-19")
    assert body == data[10:20], f"bytes=10-19 returned {len(body)} bytes, expected 10"

print("ok: bounded ranges return exactly the requested bytes")
