"""`find_transfers`: the transfer claims (or the deals) that match keyword filters."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Final, TypeVar

from ._errors import UnknownValueError
from ._model import Category, Confidence, Country, Deal, Era, System, Transfer, TransferKind
from ._names import normalize, suggest
from ._results import Results

if TYPE_CHECKING:
    from ._query import Index

__all__ = ["Years", "find", "party", "years"]

E = TypeVar("E", bound=enum.Enum)

#: What `years` takes: a year, a ``(start, end)`` pair (``end`` ``None`` for open), an
#: `Era`, or a string such as ``"1960s"``, ``"1960-1989"``, ``"2023-"`` or ``"2023"``.
Years = int | tuple[int, int | None] | Era | str

#: Other names by which users ask for a party, besides its value, label and ISO code.
_PARTY_NAMES: Final[Mapping[Country, tuple[str, ...]]] = {
    Country.USSR: ("Soviet Union", "Union of Soviet Socialist Republics"),
    Country.RUSSIA: ("Russian Federation",),
    Country.CHINA: ("PRC", "People's Republic of China"),
    Country.DPRK: ("North Korea", "Democratic People's Republic of Korea"),
    Country.USA: ("United States", "US", "United States of America"),
    Country.NORTH_VIETNAM: ("Democratic Republic of Vietnam",),
    Country.CZECHOSLOVAKIA: ("Czechoslovak Socialist Republic",),
    Country.AFGHAN_MUJAHIDEEN: ("mujahideen",),
}


def _keys_of(members: Iterable[E], names: Mapping[E, Iterable[str]]) -> dict[str, E]:
    keys: dict[str, E] = {}
    for member in members:
        labels = [str(member.value), member.name, *names.get(member, ())]
        label = getattr(member, "label", None)
        if isinstance(label, str):
            labels.append(label)
        iso3 = getattr(member, "iso3", None)
        if isinstance(iso3, str):
            labels.append(iso3)
        for text in labels:
            keys.setdefault(normalize(text), member)
    return keys


_PARTIES: Final = _keys_of((c for c in Country if c is not Country.OTHER), _PARTY_NAMES)
_KINDS: Final[Mapping[str, TransferKind]] = _keys_of(TransferKind, {})
_CATEGORIES: Final[Mapping[str, Category]] = _keys_of(Category, {})
_CONFIDENCES: Final[Mapping[str, Confidence]] = _keys_of(Confidence, {})


def _member(field: str, value: object, kind: type[E], keys: Mapping[str, E]) -> E:
    if isinstance(value, kind):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a {kind.__name__} or a str, not {type(value).__name__}")
    found = keys.get(normalize(value))
    if found is None:
        shown = {k: str(getattr(m, "label", m.value)) for k, m in keys.items()}
        raise UnknownValueError(field, value, suggest(normalize(value), shown))
    return found


def party(field: str, value: Country | str) -> Country:
    """A `Country` from itself, its value, label, ISO 3166 code or a common name."""
    return _member(field, value, Country, _PARTIES)


_DECADE: Final = re.compile(r"\A(\d{3})0s\Z")
_SPAN: Final = re.compile(r"\A(\d{4})\s*[-\u2010-\u2015]\s*(\d{4})?\Z")


def years(value: Years | object) -> tuple[int, int | None]:
    """The first and last year of a ``years`` filter (the last ``None`` for open-ended).

    Raises:
        TypeError: ``value`` is none of the accepted types (a bool is not a year).
        ValueError: A string that is no year, decade or range, or a range that ends before
            it starts.
    """
    if isinstance(value, bool):
        raise TypeError("years must be a year, a (start, end) pair, an Era or a str, not bool")
    if isinstance(value, int):
        return value, value
    if isinstance(value, Era):
        return value.start, value.end
    if isinstance(value, tuple):
        pair: tuple[object, ...] = value
        first, last = pair if len(pair) == 2 else (None, None)
        if not isinstance(first, int) or isinstance(first, bool):
            raise TypeError("a years range is a (start, end) pair of ints, end None if open")
        if last is not None and (not isinstance(last, int) or isinstance(last, bool)):
            raise TypeError("a years range is a (start, end) pair of ints, end None if open")
        start, end = first, last
    elif isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) == 4:
            return int(text), int(text)
        decade = _DECADE.match(text)
        if decade:
            start = int(decade.group(1)) * 10
            return start, start + 9
        span = _SPAN.match(text)
        if span is None:
            raise ValueError(
                f"years {value!r} is not a year, a decade or a range: try '1960', '1960s', "
                "'1960-1989' or '2023-'"
            )
        start, end = int(span.group(1)), None if span.group(2) is None else int(span.group(2))
    else:
        raise TypeError(
            f"years must be a year, a (start, end) pair, an Era or a str, not "
            f"{type(value).__name__}"
        )
    if end is not None and end < start:
        raise ValueError(f"years {value!r} ends before it starts")
    return start, end


def find(
    index: Index,
    *,
    supplier: Country | str | None = None,
    recipient: Country | str | None = None,
    kind: TransferKind | str | None = None,
    system: System | str | None = None,
    category: Category | str | None = None,
    years: Years | None = None,
    min_confidence: Confidence | str | None = None,
    deals: bool = False,
) -> Results[Transfer] | Results[Deal]:
    """The transfers (or, with ``deals``, the deals) that every given filter matches."""
    if not isinstance(deals, bool):
        raise TypeError(f"deals must be True or False, not {type(deals).__name__}")
    tests: list[Callable[[Transfer], bool]] = []
    if supplier is not None:
        wanted_supplier = party("supplier", supplier)
        tests.append(lambda t: t.supplier is wanted_supplier)
    if recipient is not None:
        wanted_recipient = party("recipient", recipient)
        tests.append(lambda t: t.recipient is wanted_recipient)
    if kind is not None:
        wanted_kind = _member("kind", kind, TransferKind, _KINDS)
        tests.append(lambda t: t.kind is wanted_kind)
    if system is not None:
        if isinstance(system, System):
            wanted_system = system.id
        elif isinstance(system, str):
            wanted_system = index.system(system).id
        else:
            raise TypeError(f"system must be a System or a str, not {type(system).__name__}")
        tests.append(lambda t: t.system is not None and t.system.id == wanted_system)
    if category is not None:
        wanted_category = _member("category", category, Category, _CATEGORIES)
        tests.append(lambda t: t.system is not None and t.system.category is wanted_category)
    if years is not None:
        start, end = _years(years)
        tests.append(lambda t: t.period.overlaps(start, end))
    if min_confidence is not None:
        floor = _member("min_confidence", min_confidence, Confidence, _CONFIDENCES).rank
        tests.append(lambda t: t.confidence.rank <= floor)
    claims = [t for t in index.transfers if all(test(t) for test in tests)]
    if not deals:
        return Results(claims)
    matched = dict.fromkeys(t.deal for t in claims)
    return Results(index.deal(d) for d in matched)


_years = years
