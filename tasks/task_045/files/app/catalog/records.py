"""The library's catalogue records, as the search pages see them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

FORMATS = ("book", "ebook", "audiobook", "dvd")


@dataclass(frozen=True)
class Title:
    id: int
    title: str
    author: str  # "Surname, Given names", as on the catalogue card
    year: int
    format: str  # one of FORMATS
    available: int  # copies on the shelf right now, over all branches

    def public(self) -> dict[str, Any]:
        """The fields shown to patrons."""
        return asdict(self)


SAMPLE = [
    Title(1, "The Left Hand of Darkness", "Le Guin, Ursula K.", 1969, "book", 2),
    Title(2, "A Wizard of Earthsea", "Le Guin, Ursula K.", 1968, "book", 0),
    Title(3, "A Wizard of Earthsea", "Le Guin, Ursula K.", 1968, "audiobook", 1),
    Title(4, "Piranesi", "Clarke, Susanna", 2020, "ebook", 5),
    Title(5, "Jonathan Strange & Mr Norrell", "Clarke, Susanna", 2004, "book", 1),
    Title(6, "the dispossessed", "Le Guin, Ursula K.", 1974, "book", 3),
    Title(7, "Darkness at Noon", "Koestler, Arthur", 1940, "book", 1),
]
