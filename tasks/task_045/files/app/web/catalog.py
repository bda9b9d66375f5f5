"""GET /catalog/search: the patron-facing catalogue search."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from app.catalog.records import FORMATS, Title
from app.catalog.search import page_of, search

MAX_QUERY_CHARS = 200
SORTS = ("relevance", "title", "author", "year", "-year")
PAGE_SIZES = ("10", "20", "50")
MAX_PAGE = 1000
_PAGE_NUMBER = re.compile(r"[0-9]{1,4}")


class BadRequest(ValueError):
    """A query parameter is missing, repeated or has a value we do not accept."""


def _one(params: Mapping[str, list[str]], name: str, default: str | None) -> str | None:
    """The single value of a query parameter (as parsed by urllib.parse.parse_qs)."""
    values = params.get(name)
    if not values:
        return default
    if len(values) > 1:
        raise BadRequest(f"{name} may be given only once")
    return values[0]


def _choice(params: Mapping[str, list[str]], name: str, choices: tuple[str, ...], default: str) -> str:
    value = _one(params, name, default)
    if value not in choices:
        raise BadRequest(f"{name} must be one of {', '.join(choices)}")
    return value


def _page_number(params: Mapping[str, list[str]]) -> int:
    raw = _one(params, "page", "1")
    if not _PAGE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= MAX_PAGE:
        raise BadRequest(f"page must be a whole number from 1 to {MAX_PAGE}")
    return int(raw)


def search_handler(params: Mapping[str, list[str]], titles: Iterable[Title]) -> tuple[int, dict[str, Any]]:
    """Status and JSON body for GET /catalog/search?q=&format=&sort=&page=&per_page="""
    try:
        query = _one(params, "q", "")
        if len(query) > MAX_QUERY_CHARS:
            raise BadRequest(f"q may be at most {MAX_QUERY_CHARS} characters")
        format = _one(params, "format", None)
        if format is not None and format not in FORMATS:
            raise BadRequest(f"format must be one of {', '.join(FORMATS)}")
        sort = _choice(params, "sort", SORTS, "relevance")
        size = int(_choice(params, "per_page", PAGE_SIZES, "20"))
        number = _page_number(params)
    except BadRequest as exc:
        return 400, {"error": str(exc)}
    page = page_of(search(titles, query, format, sort), number, size)

    def link(to: int | None) -> str | None:
        if to is None:
            return None
        kept = {"q": query, "format": format, "sort": sort, "per_page": size, "page": to}
        return "/catalog/search?" + urlencode({k: v for k, v in kept.items() if v})

    return 200, {
        "total": page.total,
        "page": page.number,
        "pages": page.count,
        "per_page": page.size,
        "items": [t.public() for t in page.items],
        "next": link(page.next_number),
        "previous": link(page.previous_number),
    }
