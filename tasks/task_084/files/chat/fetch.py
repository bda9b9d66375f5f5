"""Fetching a page for a link preview.

The opener is injected: `opener(url, timeout)` does one GET, never following redirects itself,
and returns the response (`status`, `headers`, `read()`, `close()`), whatever its status."""
from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urljoin

from chat import safeurl

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 3
TIMEOUT = 5.0
USER_AGENT = "chat-link-preview/1.0"


class FetchError(Exception):
    """The page could not be fetched for a preview."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # hand the 3xx back to fetch(), which checks the next URL itself


def urllib_opener(url: str, timeout: float):
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html"})
    try:
        return urllib.request.build_opener(_NoRedirects).open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        return exc  # a response too: status, headers and body


def fetch(url: str, opener=urllib_opener, resolve=safeurl.resolve):
    """GET url, following up to MAX_REDIRECTS redirects. Returns (final URL, open response);
    the caller closes the response."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        safeurl.check_public_url(url, resolve)
        response = opener(current, TIMEOUT)
        if response.status not in REDIRECT_STATUSES:
            return current, response
        location = response.headers.get("Location")
        response.close()
        if not location:
            raise FetchError(f"{response.status} without a Location header")
        current = urljoin(current, location)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")
