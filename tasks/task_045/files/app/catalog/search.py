"""Finding titles in the catalogue for the patron search page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.catalog.records import Title

# Title fields a result list can be sorted by; a leading "-" sorts descending.
SORT_FIELDS = ("title", "author", "year")


def terms_of(query: str) -> list[str]:
    """The words of a search box query, case-folded."""
    return query.casefold().split()


def matches(title: Title, terms: list[str]) -> bool:
    """Every term occurs in the title or in the author's name."""
    haystack = f"{title.title} {title.author}".casefold()
    return all(term in haystack for term in terms)


def relevance(title: Title, terms: list[str]) -> int:
    """Two points for each term found in the title, one for each term found only in the author."""
    name = title.title.casefold()
    return sum(2 if term in name else 1 for term in terms)


def _sort_value(value: str | int) -> str | int:
    return value.casefold() if isinstance(value, str) else value


def search(titles: Iterable[Title], query: str, format: str | None = None, sort: str = "title") -> list[Title]:
    """The titles matching `query` (and `format`, if given), ordered by `sort`.

    `sort` is "relevance" (best match first, then by title) or one of SORT_FIELDS, prefixed with
    "-" for descending. Ties are broken by id, so every request sees the same order and
    consecutive pages neither overlap nor skip a title.
    """
    terms = terms_of(query)
    hits = [t for t in titles if matches(t, terms) and (format is None or t.format == format)]
    if sort == "relevance":
        return sorted(hits, key=lambda t: (-relevance(t, terms), t.title.casefold(), t.id))
    field = sort.removeprefix("-")
    if field not in SORT_FIELDS:
        raise ValueError(f"cannot sort by {sort!r}")
    return sorted(hits, key=lambda t: (_sort_value(getattr(t, field)), t.id), reverse=sort.startswith("-"))


@dataclass(frozen=True)
class Page:
    items: list[Title]
    number: int  # from 1
    size: int
    total: int  # matching titles, over all pages

    @property
    def count(self) -> int:
        """Number of pages; an empty result is still one (empty) page."""
        return max(1, -(-self.total // self.size))  # ceiling division

    @property
    def next_number(self) -> int | None:
        return self.number + 1 if self.number * self.size < self.total else None

    @property
    def previous_number(self) -> int | None:
        # Past the end (a bookmark from when there were more results), go back to the last page.
        return min(self.number - 1, self.count) if self.number > 1 else None


def page_of(hits: list[Title], number: int, size: int) -> Page:
    """Page `number` (counting from 1) of `hits`, `size` titles a page; empty past the last page."""
    if number < 1 or size < 1:
        raise ValueError("page numbers and sizes start at 1")
    start = (number - 1) * size
    return Page(hits[start : start + size], number, size, len(hits))
