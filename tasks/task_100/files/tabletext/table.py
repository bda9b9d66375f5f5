"""Render rows as a plain-text table for the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tabletext.cells import display_width, pad, wrap

ALIGNS = ("left", "right", "center")


def render(
    rows: Iterable[Sequence[object]],
    headers: Sequence[object] | None = None,
    aligns: Sequence[str] | None = None,
    max_widths: Sequence[int | None] | None = None,
    sep: str = "  ",
) -> str:
    """Lay out ``rows`` in columns; ``None`` cells are blank, short rows are filled.

    Widths are terminal columns, so CJK text and emoji line up. A column with a
    ``max_widths`` entry wraps its cells (headers included) to that many columns; a cell
    may also hold several lines of its own. Each row is as tall as its tallest cell.
    """
    table = [[_text(value) for value in row] for row in rows]
    if headers is not None:
        table.insert(0, [_text(value) for value in headers])
    if not table:
        return ""
    ncols = max(len(row) for row in table)
    for row in table:
        row.extend([""] * (ncols - len(row)))
    aligns = list(aligns or []) + ["left"] * ncols
    for align in aligns:
        if align not in ALIGNS:
            raise ValueError(f"align must be one of {', '.join(ALIGNS)}, got {align!r}")
    limits = list(max_widths or []) + [None] * ncols

    cells = [
        [wrap(cell, limits[col]) if limits[col] is not None else cell.splitlines() or [""]
         for col, cell in enumerate(row)]
        for row in table
    ]
    widths = [
        max(display_width(line) for row in cells for line in row[col]) for col in range(ncols)
    ]

    lines = []
    for number, row in enumerate(cells):
        height = max((len(cell) for cell in row), default=1)
        for index in range(height):
            parts = [
                pad(cell[index] if index < len(cell) else "", widths[col], aligns[col])
                for col, cell in enumerate(row)
            ]
            lines.append(sep.join(parts).rstrip())
        if headers is not None and number == 0:
            lines.append(sep.join("-" * width for width in widths))
    return "\n".join(lines)


def _text(value: object) -> str:
    return "" if value is None else str(value)
