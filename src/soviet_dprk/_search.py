"""Ranked, fuzzy search over system names and aliases."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ._model import System
from ._names import MAX_SUGGESTED_KEY, normalize
from ._results import Results

__all__ = ["search"]


def _score(query: str, key: str) -> float:
    if key == query:
        return 3.0
    if key.startswith(query):
        return 2.0 + len(query) / len(key)
    if query in key:
        return 1.0 + len(query) / len(key)
    matcher = difflib.SequenceMatcher(None, query, key)
    if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= 0.6 else 0.0


def search(systems: Iterable[System], text: str, limit: int = 10) -> Results[System]:
    """Systems whose names or aliases match ``text``, best first (at most ``limit``).

    An exact name ranks first, then names that start with the text, names that contain it, and
    names within a close spelling distance. An empty or punctuation-only text matches nothing.
    """
    if not isinstance(text, str):
        raise TypeError(f"search text must be a str, not {type(text).__name__}")
    if type(limit) is not int:  # a bool is not a limit
        raise TypeError(f"limit must be an int, not {type(limit).__name__}")
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    query = normalize(text)[: MAX_SUGGESTED_KEY * 2]
    if not query:
        return Results()
    scored: list[tuple[float, str, System]] = []
    for system in systems:
        labels = (system.name, system.id, *system.aliases, *system.shared_names)
        best = max(_score(query, normalize(label)) for label in labels)
        if best > 0:
            scored.append((best, system.name, system))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return Results(system for _, _, system in scored[:limit])
