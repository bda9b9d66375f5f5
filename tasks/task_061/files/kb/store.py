"""Articles of the handbook, loaded once at start-up from a folder of text files."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timezone


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    body: str
    updated: date

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]


class ArticleStore:
    """A read-only collection of articles, by slug. The handbook is redeployed to change it."""

    def __init__(self, articles):
        self._by_slug: dict[str, Article] = {}
        for article in articles:
            if article.slug in self._by_slug:
                raise ValueError(f"duplicate slug {article.slug!r}")
            self._by_slug[article.slug] = article

    @classmethod
    def from_folder(cls, folder: str) -> "ArticleStore":
        """One article per `<slug>.txt`: the first line is the title, the rest the body. The file's
        modification date is the article's `updated` date."""
        articles = []
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.is_file() or not entry.name.endswith(".txt"):
                    continue
                with open(entry.path, encoding="utf-8") as handle:
                    title, _, body = handle.read().partition("\n")
                modified = datetime.fromtimestamp(entry.stat().st_mtime, tz=timezone.utc).date()
                articles.append(Article(entry.name[:-4], title.strip(), body.strip(), modified))
        return cls(articles)

    def get(self, slug: str) -> Article | None:
        return self._by_slug.get(slug)

    def all(self) -> list[Article]:
        """Every article, by title."""
        return sorted(self._by_slug.values(), key=lambda article: (article.title.lower(), article.slug))

    def __len__(self) -> int:
        return len(self._by_slug)
