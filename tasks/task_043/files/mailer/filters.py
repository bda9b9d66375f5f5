"""Filters for email templates: `{{ refund.amount_pence|money }}`, `{{ refund.note|nl2br }}`.

A filter takes the value and returns what to insert. In an HTML template whatever it returns is
escaped, unless it is Markup: a filter that builds HTML itself escapes its input first and wraps
the result in Markup, so it is inserted as it is.
"""

import html
from collections.abc import Callable
from typing import Any


class Markup(str):
    """HTML that is safe to insert without escaping."""


def money(pence: Any) -> str:
    """A whole number of pence as pounds: 123456 -> "£1,234.56", -250 -> "-£2.50"."""
    if isinstance(pence, bool) or not isinstance(pence, int):
        raise TypeError(f"money expects a whole number of pence, got {pence!r}")
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"


def nl2br(text: Any) -> Markup:
    """Text with its line breaks kept, for HTML: each line escaped, joined by <br>."""
    return Markup("<br>\n".join(html.escape(line) for line in str(text).splitlines()))


# nl2br makes HTML, so plain-text templates cannot use it.
TEXT_FILTERS: dict[str, Callable[[Any], Any]] = {"money": money}
HTML_FILTERS: dict[str, Callable[[Any], Any]] = {**TEXT_FILTERS, "nl2br": nl2br}
