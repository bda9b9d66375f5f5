"""Full-text search over the handbook: an inverted index built once at start-up (the store is read-only)."""
from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass

from kb.store import Article

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
TITLE_WEIGHT = 3
# Stripped from both ends of a word. '+', '#', '.', '-' and '_' inside a word are kept, so that
# "C++", "C#", "node.js" and "pre-commit" are words of their own.
_PUNCTUATION = ".,;:!?()[]{}\"'"


def terms(text: str) -> list[str]:
    """The words of `text`: lower-cased, split on whitespace, surrounding punctuation stripped."""
    words = (word.strip(_PUNCTUATION) for word in text.lower().split())
    return [word for word in words if word]


@dataclass(frozen=True)
class Hit:
    article: Article
    score: int


@dataclass(frozen=True)
class Results:
    terms: tuple[str, ...]
    total: int
    hits: tuple[Hit, ...]
    # When nothing matched and some word could be corrected: (typed, suggested) for every word.
    suggestion: tuple[tuple[str, str], ...] | None = None


class SearchIndex:
    def __init__(self, articles):
        self._articles: dict[str, Article] = {}
        self._postings: defaultdict[str, Counter] = defaultdict(Counter)  # word -> slug -> weight
        for article in articles:
            self._articles[article.slug] = article
            for word in terms(article.title):
                self._postings[word][article.slug] += TITLE_WEIGHT
            for word in terms(article.body):
                self._postings[word][article.slug] += 1
        # Suggestions only look at words with the same first letter: typos rarely hit the first
        # letter, and it keeps difflib's work per word small on a large handbook.
        self._by_initial: defaultdict[str, list[str]] = defaultdict(list)
        for word in sorted(self._postings):
            self._by_initial[word[0]].append(word)

    def search(self, query: str, page: int = 1, per_page: int = 10) -> Results:
        """Articles containing every word of `query`, best first: a word counts once per occurrence in
        the body and TITLE_WEIGHT times per occurrence in the title. `page` counts from 1."""
        wanted = tuple(dict.fromkeys(terms(query[:MAX_QUERY_CHARS])))[:MAX_TERMS]
        if not wanted:
            return Results((), 0, ())
        scores: Counter | None = None
        for word in wanted:
            postings = self._postings.get(word, Counter())
            if scores is None:
                scores = Counter(postings)
            else:
                scores = Counter({slug: scores[slug] + weight for slug, weight in postings.items() if slug in scores})
            if not scores:
                break
        ranked = sorted(
            (Hit(self._articles[slug], score) for slug, score in scores.items()),
            key=lambda hit: (-hit.score, hit.article.title.lower(), hit.article.slug),
        )
        start = (page - 1) * per_page
        suggestion = None if ranked else self.suggest(wanted)
        return Results(wanted, len(ranked), tuple(ranked[start:start + per_page]), suggestion)

    def suggest(self, words) -> tuple[tuple[str, str], ...] | None:
        """Each word paired with the closest indexed word, or with itself when it is indexed or nothing
        is close; None when no word was corrected."""
        pairs = []
        for word in words:
            if word in self._postings:
                pairs.append((word, word))
                continue
            candidates = self._by_initial.get(word[0], [])
            close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
            pairs.append((word, close[0] if close else word))
        if all(typed == fixed for typed, fixed in pairs):
            return None
        return tuple(pairs)
