"""Pagination for the list endpoints."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total_items: int
    total_pages: int
    has_next: bool

    def to_dict(self) -> dict:
        return {
            "items": self.items,
            "page": self.page,
            "per_page": self.per_page,
            "total_items": self.total_items,
            "total_pages": self.total_pages,
            "has_next": self.has_next,
        }


def clamp_per_page(per_page: int | None) -> int:
    """Keep client-supplied page sizes within what the API allows."""
    if per_page is None:
        return DEFAULT_PER_PAGE
    return max(1, min(per_page, MAX_PER_PAGE))


def paginate(items: Sequence[T], page: int = 1, per_page: int | None = None) -> Page[T]:
    """Return one page of `items`; pages are numbered from 1."""
    size = clamp_per_page(per_page)
    page = max(page, 1)
    total_pages = len(items) // size
    start = (page - 1) * size
    return Page(
        items=list(items[start : start + size]),
        page=page,
        per_page=size,
        total_items=len(items),
        total_pages=total_pages,
        has_next=page < total_pages,
    )
