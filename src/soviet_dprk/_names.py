"""Name normalisation, the alias index and did-you-mean suggestions."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Final

__all__ = ["MAX_SUGGESTED_KEY", "Suggester", "normalize", "suggest"]

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


# ASCII text needs none of the Unicode steps below: folding it is lowering it and dropping
# everything but letters and digits, which bytes.translate does in one pass in C.
_ASCII_LOWER: Final = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
_ASCII_DROP: Final = bytes(c for c in range(256) if not (c < 0x80 and chr(c).isalnum()))


def normalize(name: str) -> str:
    """Fold a name to its lookup key.

    Case, diacritics, spaces, hyphens, dashes, apostrophes and other punctuation are dropped,
    compatibility forms are folded (full-width digits, ligatures) and Cyrillic letters that look
    Latin are read as Latin.

    >>> normalize("Ch'ŏnma-ho") == normalize("CHONMA HO") == "chonmaho"
    True
    """
    if name.isascii():
        return name.encode("ascii").translate(_ASCII_LOWER, _ASCII_DROP).decode("ascii")
    return _normalize_unicode(name)


class _Table(dict[int, "int | str | None"]):
    """A `str.translate` table that works out a code point's entry when first asked, and keeps it.

    `str.translate` looks every character up in C, so a name costs a Python call only for the
    characters no earlier name had. At most `_TABLE_SIZE` entries are kept, so that strange
    queries cannot grow it without bound.
    """

    __slots__ = ("_entry",)

    def __init__(self, entry: Callable[[str], int | str | None]) -> None:
        super().__init__()
        self._entry = entry

    def __missing__(self, code: int) -> int | str | None:
        value = self._entry(chr(code))
        if len(self) < _TABLE_SIZE:
            self[code] = value
        return value


_TABLE_SIZE: Final = 1 << 16


def _unmarked(char: str) -> int | None:
    """Combining marks go (the accents NFKD split off); every other character stays."""
    return None if unicodedata.combining(char) else ord(char)


def _kept(char: str) -> int | str | None:
    """Look-alike Cyrillic letters read as Latin; only letters and digits stay, and of the
    non-ASCII ones not the modifier letters (U+02BC, U+02BB), which serve as apostrophes in
    romanised Korean."""
    latin = _CONFUSABLES.get(ord(char))
    if latin is not None:
        return latin
    if char.isalnum() and (char < "\x80" or unicodedata.category(char) != "Lm"):
        return ord(char)
    return None


_UNMARKED: Final = _Table(_unmarked)
_KEPT: Final = _Table(_kept)


def _normalize_unicode(name: str) -> str:
    stripped = unicodedata.normalize("NFKD", name).translate(_UNMARKED)
    return unicodedata.normalize("NFC", stripped).casefold().translate(_KEPT)


def suggest(key: str, names_by_key: Mapping[str, str], *, limit: int = 3) -> tuple[str, ...]:
    """Return up to ``limit`` display names whose keys are close to ``key``, best first."""
    if not key or len(key) > MAX_SUGGESTED_KEY:
        return ()
    import difflib  # only a miss needs it: a first answer does not pay for its import

    matches = difflib.get_close_matches(key, names_by_key.keys(), n=limit * 3, cutoff=0.6)
    return _unique(names_by_key[m] for m in matches)[:limit]


class Suggester:
    """Did-you-mean over a fixed set of keys: `suggest` bound to them.

    difflib ranks every key; on the newest shipped version a miss costs about 0.6 ms, so no
    index narrows the candidates first.
    """

    __slots__ = ("_names",)

    def __init__(self, names_by_key: Mapping[str, str]) -> None:
        self._names = names_by_key

    def __call__(self, key: str, *, limit: int = 3) -> tuple[str, ...]:
        """Return up to ``limit`` display names whose keys are close to ``key``, best first."""
        return suggest(key, self._names, limit=limit)


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
