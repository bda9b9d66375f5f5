import io
import ipaddress

import pytest

from chat import fetch, previews, safeurl

PAGE = b"""<!DOCTYPE html><html><head>
<title>  Release notes
  4.2 </title>
<meta property="og:site_name" content="Example News">
<meta name="description" content="What changed in 4.2.">
<meta property="og:image" content="/img/card.png">
</head><body>...</body></html>"""

DNS = {"news.example": ["93.184.216.34"], "cdn.example": ["93.184.216.35"],
       "intranet.example": ["10.1.2.3"], "dual.example": ["93.184.216.36", "fd00::5"]}


def resolve(host):
    if host in DNS:
        return DNS[host]
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        raise safeurl.BlockedURL(f"cannot resolve {host!r}")


class Response:
    def __init__(self, status=200, body=b"", headers=None):
        self.status = status
        self.headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        self._body = io.BytesIO(body)
        self.closed = False

    def read(self, size=-1):
        return self._body.read(size)

    def close(self):
        self.closed = True


class Opener:
    def __init__(self, pages):
        self.pages = pages
        self.requested = []

    def __call__(self, url, timeout):
        self.requested.append(url)
        return self.pages.get(url) or Response(404)


def test_preview_of_a_page():
    opener = Opener({"https://news.example/4.2": Response(body=PAGE)})
    found = previews.preview("https://news.example/4.2", opener, resolve)
    assert found == previews.Preview(
        url="https://news.example/4.2", title="Release notes 4.2", description="What changed in 4.2.",
        site_name="Example News", image="https://news.example/img/card.png")


def test_redirects_are_followed():
    opener = Opener({
        "http://news.example/4.2": Response(301, headers={"Location": "https://news.example/4.2"}),
        "https://news.example/4.2": Response(body=PAGE),
    })
    found = previews.preview("http://news.example/4.2", opener, resolve)
    assert found.url == "https://news.example/4.2"
    assert opener.requested == ["http://news.example/4.2", "https://news.example/4.2"]


def test_redirect_loops_stop():
    loop = Response(302, headers={"Location": "/again"})
    opener = Opener({"https://news.example/again": loop, "https://news.example/start": loop})
    with pytest.raises(fetch.FetchError):
        fetch.fetch("https://news.example/start", opener, resolve)
    assert len(opener.requested) == fetch.MAX_REDIRECTS + 1


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/admin", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
    "http://intranet.example/wiki", "http://dual.example/", "file:///etc/passwd", "ftp://news.example/",
    "http://[::ffff:10.0.0.1]/", "http://news.example:99999/",
])
def test_private_and_odd_urls_are_not_fetched(url):
    opener = Opener({})
    assert previews.preview(url, opener, resolve) is None
    assert opener.requested == []


def test_pages_declaring_a_huge_body_are_skipped():
    big = Response(body=PAGE, headers={"Content-Length": str(previews.MAX_BODY + 1)})
    assert previews.preview("https://news.example/big", Opener({"https://news.example/big": big}), resolve) is None
    assert big.closed


def test_only_html_with_a_title_is_previewed():
    opener = Opener({
        "https://news.example/a.pdf": Response(body=b"%PDF", headers={"Content-Type": "application/pdf"}),
        "https://news.example/untitled": Response(body=b"<html><body>hi</body></html>"),
        "https://news.example/latin": Response(body="<title>Caf\xe9</title>".encode("latin-1"),
                                               headers={"Content-Type": "text/html; charset=latin-1"}),
        "https://news.example/odd": Response(body=b"<title>Odd</title>", headers={"Content-Type": "text/html; charset=nope"}),
        "https://news.example/b64": Response(body=b"<title>B</title>", headers={"Content-Type": "text/html; charset=base64"}),
    })
    assert previews.preview("https://news.example/a.pdf", opener, resolve) is None
    assert previews.preview("https://news.example/untitled", opener, resolve) is None
    assert previews.preview("https://news.example/latin", opener, resolve).title == "Caf\xe9"
    assert previews.preview("https://news.example/odd", opener, resolve).title == "Odd"
    assert previews.preview("https://news.example/b64", opener, resolve).title == "B"


def test_image_must_be_http():
    page = b'<title>x</title><meta property="og:image" content="javascript:alert(1)">'
    opener = Opener({"https://news.example/x": Response(body=page)})
    assert previews.preview("https://news.example/x", opener, resolve).image is None
