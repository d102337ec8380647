"""Name normalisation, the alias index and did-you-mean suggestions."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Final

__all__ = ["MAX_SUGGESTED_KEY", "normalize", "suggest"]

# Cyrillic letters that look like Latin ones, mapped after case folding so that a name
# pasted with a Cyrillic "Т" or "С" still matches.  Applied to the data and to queries alike.
_CONFUSABLES: Final = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "һ": "h",
        "ԛ": "q",
        "ԝ": "w",
    }
)

#: Keys longer than this get no suggestions: no designation is this long, and ranking a
#: huge string against every name would cost time for nothing.
MAX_SUGGESTED_KEY: Final = 64


def normalize(name: str) -> str:
    """Fold a name to its lookup key.

    Case, diacritics, spaces, hyphens, dashes, apostrophes and other punctuation are dropped,
    compatibility forms are folded (full-width digits, ligatures) and Cyrillic letters that look
    Latin are read as Latin.

    >>> normalize("Ch'ŏnma-ho") == normalize("CHONMA HO") == "chonmaho"
    True
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = unicodedata.normalize("NFC", stripped).casefold().translate(_CONFUSABLES)
    # Modifier letters (U+02BC, U+02BB) serve as apostrophes in romanised Korean: drop them.
    return "".join(
        c for c in folded if c.isalnum() and (c < "\x80" or unicodedata.category(c) != "Lm")
    )


def suggest(key: str, names_by_key: Mapping[str, str], *, limit: int = 3) -> tuple[str, ...]:
    """Return up to ``limit`` display names whose keys are close to ``key``, best first."""
    if not key or len(key) > MAX_SUGGESTED_KEY:
        return ()
    matches = difflib.get_close_matches(key, names_by_key.keys(), n=limit * 3, cutoff=0.6)
    return _unique(names_by_key[m] for m in matches)[:limit]


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
