"""Ranked search over system names and aliases: exact, prefix, whole words, part, fuzzy."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from ._model import System
from ._names import MAX_SUGGESTED_KEY, normalize
from ._results import Results

__all__ = ["scored", "search"]

_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    """A label's words, each folded as names are (``"M-1978 Koksan"``: m, 1978, koksan)."""
    return [w for w in (normalize(part) for part in _WORD.findall(text)) if w]


def _score(query: str, words: list[str], label: str) -> float:
    """How well one label matches: 3 exact; 2-3 prefix; 1.5-2 every query word a whole word
    of the label; 1-2 the query inside it; 0.6-1 a close spelling; 0 no match.
    """
    key = normalize(label)
    if key == query:
        return 3.0
    if key.startswith(query):
        return 2.0 + len(query) / len(key)
    if words:
        mine = _words(label)
        if mine and all(w in mine for w in words):
            return 1.5 + 0.5 * sum(map(len, words)) / sum(map(len, mine))
    if query in key:
        return 1.0 + len(query) / len(key) / 2
    matcher = difflib.SequenceMatcher(None, query, key)
    if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= 0.6 else 0.0


def _check(text: object, limit: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"search text must be a str, not {type(text).__name__}")
    if type(limit) is not int:  # a bool is not a limit
        raise TypeError(f"limit must be an int, not {type(limit).__name__}")
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")


def scored(systems: Iterable[System], text: str, limit: int = 10) -> list[tuple[float, System]]:
    """The best ``limit`` matches with their scores (see `_score`), best first, then by name."""
    _check(text, limit)
    query = normalize(text)[: MAX_SUGGESTED_KEY * 2]
    if not query:
        return []
    words = _words(text)
    found: list[tuple[float, str, System]] = []
    for system in systems:
        labels = (system.name, system.id, *system.aliases, *system.shared_names)
        best = max(_score(query, words, label) for label in labels)
        if best > 0:
            found.append((best, system.name, system))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [(score, system) for score, _, system in found[:limit]]


def search(systems: Iterable[System], text: str, limit: int = 10) -> Results[System]:
    """Systems whose names or aliases match ``text``, best first (at most ``limit``).

    An exact name ranks first, then names that start with the text, names that hold every word
    of it as a whole word, names that contain it, and names within a close spelling distance.
    An empty or punctuation-only text matches nothing.
    """
    return Results(system for _, system in scored(systems, text, limit))
