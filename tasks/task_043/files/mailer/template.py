"""A small template language for transactional emails.

`{{ name }}` inserts a value from the context and `{{ order.number }}` a field of one (a key of a
mapping, or an attribute of any other object). Filters follow a bar: `{{ refund.amount_pence|money }}`
(see mailer.filters).

A template is compiled for one kind of output. In "html" templates every value is HTML-escaped
unless it is Markup (see mailer.filters); "text" templates (plain-text bodies, subjects) insert
values as they are, since nothing reads them as HTML.
"""

import html
import re
from collections.abc import Callable, Mapping
from typing import Any

from mailer.filters import HTML_FILTERS, TEXT_FILTERS, Markup

_NAME = r"[a-z][a-z0-9_]*"
_PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<path>" + _NAME + r"(?:\." + _NAME + r")*)(?P<filters>(?:\s*\|\s*" + _NAME + r")*)\s*\}\}"
)
_FILTERS = {"html": HTML_FILTERS, "text": TEXT_FILTERS}


class TemplateError(Exception):
    """A template is malformed, or needs a value the context does not have."""


def lookup(context: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted `path` in `context`; TemplateError if it is missing or None."""
    value: Any = context
    for part in path.split("."):
        if isinstance(value, Mapping):
            if part not in value:
                raise TemplateError(f"{path}: no {part!r} in the context")
            value = value[part]
        else:
            try:
                value = getattr(value, part)
            except AttributeError:
                raise TemplateError(f"{path}: {type(value).__name__} has no {part!r}") from None
    if value is None:
        raise TemplateError(f"{path} is None")
    return value


class Template:
    """A template, parsed once and then rendered any number of times."""

    def __init__(self, source: str, kind: str):
        if kind not in _FILTERS:
            raise ValueError(f"a template is 'html' or 'text', not {kind!r}")
        self.kind = kind
        self._parts: list[str | tuple[str, tuple[Callable[[Any], Any], ...]]] = []
        position = 0
        for match in _PLACEHOLDER.finditer(source):
            self._add_text(source[position : match.start()])
            names = [name.strip() for name in match["filters"].split("|")[1:]]
            for name in names:
                if name not in _FILTERS[kind]:
                    raise TemplateError(f"{match[0]!r}: no filter {name!r} in {kind} templates")
            self._parts.append((match["path"], tuple(_FILTERS[kind][name] for name in names)))
            position = match.end()
        self._add_text(source[position:])

    def _add_text(self, text: str) -> None:
        start = text.find("{{")
        if start != -1:
            raise TemplateError(f"malformed placeholder: {text[start : start + 40]!r}")
        if text:
            self._parts.append(text)

    def render(self, context: Mapping[str, Any]) -> str:
        out = []
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
                continue
            path, filters = part
            value = lookup(context, path)
            for apply in filters:
                value = apply(value)
            if self.kind == "text":
                out.append(str(value))
            else:
                out.append(value if isinstance(value, Markup) else html.escape(str(value)))
        return "".join(out)


def render(source: str, context: Mapping[str, Any]) -> str:
    """`source` rendered as an HTML template, for one-off use."""
    return Template(source, "html").render(context)
