"""Evidence: does a review explain *this* defect, or recite the vocabulary of every defect class?

A planted issue lists the concepts a good explanation of it mentions (each a group of synonyms). Credit for
them alone would pay keyword stuffing: a review naming every bug class would collect points on any issue.
So the review is also read for the concepts of *other* defect classes (`DEFECT_CLASSES`, below): each class
it invokes that the issue's own explanation does not involve cancels one matched concept. A precise review
loses nothing; a review listing injection, races, leaks and off-by-ones earns no evidence anywhere.

Deterministic and local: whole-word matching of normalised text, no model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

# Phrases that name a defect class. A class counts as *invoked* by a text when any of its phrases appears in it.
DEFECT_CLASSES: dict[str, tuple[str, ...]] = {
    "sql-injection": ("sql injection", "sqli", "parameterized query", "parameterised query", "bind parameter"),
    "command-injection": ("command injection", "shell injection", "shell=true", "os.system"),
    "cross-site-scripting": ("xss", "cross site scripting", "unescaped html", "html injection"),
    "path-traversal": ("path traversal", "directory traversal", "../", "dot dot"),
    "deserialization": ("pickle", "unpickle", "deserialization", "deserialisation", "yaml.load"),
    "open-redirect": ("open redirect", "unvalidated redirect"),
    "timing-attack": ("timing attack", "timing side channel", "constant time", "compare_digest"),
    "race-condition": ("race condition", "data race", "toctou", "check then act", "lost update", "interleaving"),
    "deadlock": ("deadlock", "lock ordering", "lock order"),
    "off-by-one": ("off by one", "fencepost", "one too many", "one too few"),
    "resource-leak": (
        "resource leak",
        "file descriptor",
        "fd leak",
        "never closed",
        "not closed",
        "leaks a connection",
    ),
    "n-plus-one": ("n+1", "n plus one", "query per row", "query per item", "one query per"),
    "quadratic": ("quadratic", "o(n^2)", "o(n2)", "o(n²)", "n squared"),
    "weak-crypto": ("md5", "sha1", "weak hash", "hardcoded secret", "hard coded secret", "hardcoded key"),
    "timezone": ("timezone", "time zone", "naive datetime", "dst", "daylight saving"),
    "float-precision": ("floating point", "float precision", "binary float", "rounding error"),
    "integer-division": ("floor division", "integer division", "truncating division"),
    "division-by-zero": ("division by zero", "divide by zero", "zerodivisionerror"),
    "null-reference": ("nonetype", "null pointer", "null reference", "none check", "attributeerror"),
    "swallowed-error": ("swallowed exception", "swallows the exception", "bare except", "silently ignored"),
    "mutable-default": ("mutable default", "default argument is shared"),
    "idempotency": ("idempotency", "idempotent", "double charge", "duplicate charge"),
    "encoding": ("utf 8", "multi byte", "multibyte", "unicodedecodeerror", "character encoding"),
    "information-disclosure": ("information disclosure", "cross tenant", "data leak", "leaks data"),
    "authorization": ("missing authorization", "authorization bypass", "privilege escalation", "idor"),
    "denial-of-service": ("denial of service", "unbounded memory", "memory exhaustion", "redos"),
}


# Reviews that could be written about any PR without reading it. No evidence concept of any task may be
# mentioned by one of them (`generic_concepts`, checked when a task loads): a synonym such as "handle",
# "error" or "each call" would pay a review that explains nothing.
GENERIC_REVIEWS: tuple[str, ...] = (
    "This change introduces a bug: the new code mishandles an edge case and breaks callers.",
    "Edge case: the new code does not handle empty or boundary input, and the error is not handled.",
    "The logic is wrong here and returns an incorrect value for some inputs; add a check and a test.",
    "Potential issue: missing validation of user input, which could cause unexpected behaviour, a crash, an "
    "exception or data loss.",
    "This could fail under load or in production; errors should be logged and handled properly, with retries and "
    "timeouts, and a warning or a metric when it happens.",
    "The function does too much and the code is hard to read; refactor it and document it for every call and "
    "each caller, per request and per file.",
    "Security concern: this may be vulnerable and should be reviewed; performance may also degrade, and it is "
    "not thread safe.",
    "The result can be None or empty here, the variable may be stale, and the return value is ignored.",
)


def normalise_text(text: str) -> str:
    """Lower case, `-` and `_` read as spaces, whitespace collapsed: how every phrase and review is compared."""
    return " ".join(re.sub(r"[-_]", " ", text.lower()).split())


@lru_cache(maxsize=16384)
def _phrase(phrase: str) -> tuple[str, bool, bool]:
    """A phrase normalised, and whether each of its ends is a word character (and so needs a word boundary)."""
    text = normalise_text(phrase)
    return text, _is_word(text[:1]), _is_word(text[-1:])


def _is_word(char: str) -> bool:
    return bool(char) and (char.isalnum() or char == "_")


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether normalised `text` holds `phrase` as whole words: a word edge must not continue into a longer word
    ('lock' is not in 'block'), while an edge that is punctuation ('//', 'execute(') needs no boundary at all.

    Plain string search rather than one compiled regex per phrase: a suite holds thousands of synonyms, and
    compiling them all made loading the tasks slow.
    """
    needle, word_start, word_end = _phrase(phrase)
    if not needle:
        return False
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        if (not word_start or start == 0 or not _is_word(text[start - 1])) and (
            not word_end or end == len(text) or not _is_word(text[end])
        ):
            return True
        start = text.find(needle, start + 1)
    return False


def mentions(text: str, phrases: Iterable[str]) -> bool:
    """Whether normalised `text` contains any of `phrases` as a whole word or phrase."""
    return any(contains_phrase(text, phrase) for phrase in phrases)


def concepts_mentioned(review: str, evidence: Sequence[Sequence[str]]) -> int:
    """How many evidence concepts the review mentions (a concept counts once, by any of its synonyms)."""
    text = normalise_text(review)
    return sum(mentions(text, group) for group in evidence)


def classes_invoked(text: str) -> frozenset[str]:
    """The defect classes whose phrases `text` uses."""
    normalised = normalise_text(text)
    return frozenset(name for name, phrases in DEFECT_CLASSES.items() if mentions(normalised, phrases))


@lru_cache(maxsize=4096)
def _own_classes(evidence: tuple[tuple[str, ...], ...], summary: str) -> frozenset[str]:
    return classes_invoked(" ".join(word for group in evidence for word in group) + " " + summary)


def distractors(review: str, evidence: tuple[tuple[str, ...], ...], summary: str) -> frozenset[str]:
    """Defect classes the review invokes that the issue's own explanation (evidence and summary) does not."""
    return classes_invoked(review) - _own_classes(evidence, summary)


def generic_concepts(evidence: Sequence[Sequence[str]]) -> list[tuple[int, str, str]]:
    """(concept index, synonym, generic review) for every evidence synonym a generic review mentions."""
    found = []
    for number, group in enumerate(evidence):
        for review, text in zip(GENERIC_REVIEWS, _GENERIC_TEXTS, strict=True):
            found += [(number, word, review) for word in group if contains_phrase(text, word)]
    return found


_GENERIC_TEXTS = tuple(normalise_text(review) for review in GENERIC_REVIEWS)
