"""Template filters for the status page and the subscriber e-mails.

Update bodies are plain text typed by the engineer on call. These filters turn that text into
HTML: every character of it is escaped, and only the markup built here is trusted.
"""

from __future__ import annotations

import re
from datetime import timedelta

from markupsafe import Markup

# Links engineers paste into updates, and references to other incidents ("see INC-1042").
_TOKEN = re.compile(r"(?P<url>https?://[^\s<>\"']+)|\bINC-(?P<ref>\d{1,9})\b")
_TRAILING = ".,;:!?)"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _split_trailing(url: str) -> tuple[str, str]:
    """Split off sentence punctuation after a link, keeping a ")" that closes a "(" of the URL."""
    end = len(url)
    while end and url[end - 1] in _TRAILING:
        if url[end - 1] == ")" and url.count("(", 0, end) >= url.count(")", 0, end):
            break
        end -= 1
    return url[:end], url[end:]


def linkify(text: str) -> Markup:
    """Plain text to HTML: http(s) URLs and INC-123 references become links, the rest is escaped."""
    parts: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        parts.append(text[pos : match.start()])
        if match.group("url"):
            url, trailing = _split_trailing(match.group("url"))
            parts.append(Markup('<a href="{0}" rel="nofollow noopener">{0}</a>').format(url))
            parts.append(trailing)
        else:
            ref = int(match.group("ref"))
            parts.append(Markup('<a href="/incidents/{0}">INC-{0}</a>').format(ref))
        pos = match.end()
    parts.append(text[pos:])
    return Markup("").join(parts)


def paragraphs(text: str) -> Markup:
    """Blank lines separate paragraphs, single line breaks are kept; links as in linkify."""
    blocks = [block.strip() for block in _BLANK_LINE.split(text.replace("\r\n", "\n"))]
    return Markup("\n").join(
        Markup("<p>{}</p>").format(Markup("<br>\n").join(linkify(line) for line in block.split("\n")))
        for block in blocks
        if block
    )


def duration(value: timedelta) -> str:
    """A timedelta as "2 h 05 min" (or "45 min"), rounded down to the minute."""
    minutes = max(int(value.total_seconds() // 60), 0)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min"
