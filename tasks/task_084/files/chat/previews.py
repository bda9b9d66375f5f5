"""Link previews: the title, description, site name and image a page declares about itself."""
from __future__ import annotations

import http.client
from contextlib import closing
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from chat import fetch, safeurl

MAX_BODY = 512 * 1024
MAX_TITLE = 200
MAX_DESCRIPTION = 300


@dataclass(frozen=True)
class Preview:
    url: str
    title: str
    description: str = ""
    site_name: str = ""
    image: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


class _HeadParser(HTMLParser):
    """Collects <title> and the og:* / description <meta> tags of a page's <head>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = []
        self.meta = {}
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            if key in ("og:title", "og:description", "og:site_name", "og:image", "description"):
                self.meta.setdefault(key, (attrs.get("content") or "").strip())

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)


def preview(url: str, opener=fetch.urllib_opener, resolve=safeurl.resolve) -> Preview | None:
    """The preview of the page at url, or None when there is nothing to show."""
    try:
        final_url, response = fetch.fetch(url, opener, resolve)
        with closing(response):
            content_type = response.headers.get("Content-Type", "")
            if response.status != 200 or _media_type(content_type) != "text/html":
                return None
            length = response.headers.get("Content-Length", "")
            if length.isdecimal() and int(length) > MAX_BODY:
                return None
            body = response.read()
    except (safeurl.BlockedURL, fetch.FetchError, OSError, http.client.HTTPException):
        return None
    parser = _HeadParser()
    parser.feed(_decode(body, content_type))
    parser.close()
    meta = parser.meta
    title = _squash(meta.get("og:title") or "".join(parser.title))
    if not title:
        return None
    return Preview(
        url=final_url,
        title=title[:MAX_TITLE],
        description=_squash(meta.get("og:description") or meta.get("description") or "")[:MAX_DESCRIPTION],
        site_name=meta.get("og:site_name") or urlsplit(final_url).hostname or "",
        image=_image_url(final_url, meta.get("og:image")),
    )


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _decode(body: bytes, content_type: str) -> str:
    charset = "utf-8"
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"') or charset
    try:
        return body.decode(charset, errors="replace")
    except LookupError:  # unknown, or not a text encoding (charset=base64)
        return body.decode("utf-8", errors="replace")


def _squash(text: str) -> str:
    return " ".join(text.split())


def _image_url(page_url: str, image: str | None) -> str | None:
    """og:image made absolute; only http(s) images are shown (clients load them, not the server)."""
    if not image:
        return None
    absolute = urljoin(page_url, image)
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None
