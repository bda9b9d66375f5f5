"""Terminal display width of text.

East Asian wide characters and most emoji take two columns, combining marks and other
zero-width characters none. Widths come from ``wcwidth``, character by character, so a
multi-character emoji sequence counts as the sum of its parts.
"""

from __future__ import annotations

from wcwidth import wcwidth


def char_width(char: str) -> int:
    """Columns one character takes; control characters (width -1 in wcwidth) count as 0."""
    return max(wcwidth(char), 0)


def display_width(text: str) -> int:
    """Columns ``text`` takes on one terminal line."""
    return sum(char_width(char) for char in text)


def pad(text: str, width: int, align: str = "left") -> str:
    """Pad ``text`` with spaces to ``width`` columns; text already that wide is left as it is."""
    gap = max(width - display_width(text), 0)
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap


def wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines at most ``width`` columns wide.

    Lines break at whitespace (runs of which collapse to one space) and at the text's own
    line breaks; a word wider than ``width`` is cut into pieces. Empty text is one empty line.
    """
    if width < 2:
        raise ValueError(f"width must be at least 2 columns (one wide character), got {width}")
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0
        for word in paragraph.split():
            word_width = display_width(word)
            if line and used + 1 + word_width <= width:
                line, used = f"{line} {word}", used + 1 + word_width
                continue
            if line:
                lines.append(line)
            *full, line = _cut(word, width)
            lines.extend(full)
            used = display_width(line)
        lines.append(line)
    return lines


def _cut(word: str, width: int) -> list[str]:
    """Cut ``word`` into pieces at most ``width`` columns wide."""
    pieces, piece, used = [], "", 0
    for char in word:
        columns = char_width(char)
        if piece and used >= width:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += columns
    pieces.append(piece)
    return pieces
