"""Plain-text layout for the terminal: display widths, wrapping and aligned tables.

Widths are measured in terminal cells: East Asian wide and full-width characters (Hangul,
Chinese, Japanese) take two, combining marks none. A table given a width wraps its longest
cells onto more lines rather than cutting them; a table given no width (output that is not a
terminal) prints every value whole, on one line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["table", "width_of", "wrap"]

_GAP = "  "


def _cells(char: str) -> int:
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def width_of(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    if text.isascii():
        return len(text)
    return sum(_cells(c) for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - width_of(text))


def _split_word(word: str, width: int) -> list[str]:
    """Cut one word that is wider than ``width`` into pieces that fit."""
    pieces, piece, used = [], "", 0
    for char in word:
        cells = _cells(char)
        if used + cells > width and piece:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += cells
    return [*pieces, piece] if piece else pieces


def wrap(text: str, width: int, *, indent: str = "", subsequent: str = "") -> list[str]:
    """Greedy word wrap by display width; a word wider than a line is cut between characters.

    Every character of ``text`` other than runs of spaces is kept: nothing is elided.
    """
    lines: list[str] = []
    line, used, prefix = "", 0, indent
    narrowest = max(width - max(width_of(indent), width_of(subsequent)), 1)
    for word in text.split():
        room = width - width_of(prefix)
        cells = width_of(word)
        pieces = [word] if cells <= narrowest else _split_word(word, narrowest)
        for piece in pieces:
            cells = width_of(piece)
            if line and used + 1 + cells > room:
                lines.append(prefix + line)
                prefix = subsequent
                room = width - width_of(prefix)
                line, used = "", 0
            line = f"{line} {piece}" if line else piece
            used += cells + (1 if used else 0)
    if line or not lines:
        lines.append(prefix + line)
    return lines


def _widths(natural: list[int], budget: int) -> list[int]:
    """Column widths that fit ``budget``: the widest columns give up cells first."""
    widths = list(natural)
    while sum(widths) > budget:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= 1:  # a width too narrow for one cell a column: nothing fits
            break
        widths[widest] -= 1
    return widths


def table(columns: Sequence[str], rows: Sequence[Sequence[str]], width: int | None) -> str:
    """An aligned table of ``rows`` under ``columns``, at most ``width`` cells wide.

    With a width, long cells wrap onto more lines of their row; with ``None`` every value is
    printed whole.
    """
    natural = [
        max(width_of(head), *(width_of(row[i]) for row in rows)) if rows else width_of(head)
        for i, head in enumerate(columns)
    ]
    gaps = len(_GAP) * (len(columns) - 1)
    widths = natural if width is None else _widths(natural, width - gaps)
    out = []
    for cells in ([*columns], ["-" * w for w in widths], *rows):
        parts = [
            wrap(cell, w) if width is not None and width_of(cell) > w else [cell]
            for cell, w in zip(cells, widths, strict=True)
        ]
        for n in range(max(len(p) for p in parts)):
            line = _GAP.join(
                _pad(p[n] if n < len(p) else "", w) for p, w in zip(parts, widths, strict=True)
            )
            out.append(line.rstrip())
    return "\n".join(out)
