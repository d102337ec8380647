"""Tidy rows: one row a record, with the names, codes and sources an analyst reads it by.

One row function a record type, used by `Results.to_pandas`, `Dataset.to_pandas(table)` and
the notebooks' HTML tables, so that a result, a table and its picture always show the same
columns. Missing values are ``None`` (``pd.NA`` in a frame); years are ``Int64``; closed
vocabularies are pandas categoricals in their enums' order.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

from ._model import (
    Category,
    Citation,
    Confidence,
    Country,
    Deal,
    Derivation,
    Era,
    Qualifier,
    Relation,
    Source,
    SourceKind,
    Stage,
    System,
    Transfer,
    TransferKind,
)

__all__ = ["COLUMNS", "frame", "rows"]

Row = dict[str, Any]


def _sources(citations: Iterable[Citation]) -> str:
    return " ".join(dict.fromkeys(c.source for c in citations))


def _party(country: Country, role: str) -> Row:
    return {role: country.label, f"{role}_iso3": country.iso3}


def _system(system: System) -> Row:
    return {
        "id": system.id,
        "name": system.name,
        "category": system.category.value,
        "origin": system.origin.label,
        "origin_iso3": system.origin.iso3,
        "aliases": "; ".join(system.aliases),
        "note": system.note,
        "sources": _sources(system.citations),
    }


def _derivation(edge: Derivation) -> Row:
    return {
        "id": edge.id,
        "depth": edge.depth,
        "child": edge.child.name,
        "child_id": edge.child.id,
        "child_origin": edge.child.origin.label,
        "parent": edge.parent.name,
        "parent_id": edge.parent.id,
        "parent_origin": edge.parent.origin.label,
        "relation": edge.relation.value,
        "confidence": edge.confidence.value,
        "note": edge.note,
        "sources": _sources(edge.citations),
    }


def _transfer(t: Transfer) -> Row:
    system = t.system
    return {
        "id": t.id,
        "deal": t.deal,
        "stage": None if t.stage is None else t.stage.value,
        "item": t.item,
        "system": None if system is None else system.name,
        "system_id": None if system is None else system.id,
        "category": None if system is None else system.category.value,
        **_party(t.supplier, "supplier"),
        **_party(t.recipient, "recipient"),
        "kind": t.kind.value,
        "start": t.period.start,
        "end": t.period.end,
        "approximate": t.period.approximate,
        "years_as_printed": t.period.as_printed,
        "value": t.quantity.value,
        "qualifier": t.quantity.qualifier.value,
        "unit": t.quantity.unit,
        "quantity_as_printed": t.quantity.as_printed,
        "confidence": t.confidence.value,
        "note": t.note,
        "sources": _sources(t.citations),
    }


def _deal(deal: Deal) -> Row:
    system = deal.system
    low, high = deal.estimates()
    ordered_low, ordered_high = deal.estimates(Stage.AGREED)
    units = {c.quantity.unit for c in deal.claims if c.quantity.value is not None}
    return {
        "deal": deal.id,
        "item": deal.item,
        "system": None if system is None else system.name,
        "system_id": None if system is None else system.id,
        "category": None if system is None else system.category.value,
        **_party(deal.supplier, "supplier"),
        **_party(deal.recipient, "recipient"),
        "kind": deal.kind.value,
        "start": deal.start,
        "end": deal.end,
        "low": low,
        "high": high,
        "ordered_low": ordered_low,
        "ordered_high": ordered_high,
        "unit": "; ".join(sorted(units)) or None,
        "confidence": deal.confidence.value,
        "claims": " ".join(c.id for c in deal.claims),
        "sources": _sources(c for claim in deal.claims for c in claim.citations),
    }


def _era(era: Era) -> Row:
    return {
        "id": era.id,
        "name": era.name,
        "start": era.start,
        "end": era.end,
        "approximate": era.approximate,
        "summary": era.summary,
        "sources": _sources(era.citations),
    }


def _source(source: Source) -> Row:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "kind": None if source.kind is None else source.kind.value,
        "language": source.language,
        "year": source.year,
        "date": source.date,
        "url": source.url,
        "copy_of": source.copy_of,
    }


def _citation(citation: Citation) -> Row:
    return {
        "source": citation.source,
        "quote": citation.quote,
        "translation": citation.translation,
        "supports": " ".join(e.value for e in citation.supports) or None,
    }


_ROWS: Final[Mapping[type, Callable[[Any], Row]]] = {
    System: _system,
    Derivation: _derivation,
    Transfer: _transfer,
    Deal: _deal,
    Era: _era,
    Source: _source,
    Citation: _citation,
}
#: The columns of each record type's rows, for results with no rows; the tests check them
#: against the row functions above.
COLUMNS: Final[Mapping[type, tuple[str, ...]]] = {
    System: ("id", "name", "category", "origin", "origin_iso3", "aliases", "note", "sources"),
    Derivation: (
        *("id", "depth", "child", "child_id", "child_origin", "parent", "parent_id"),
        *("parent_origin", "relation", "confidence", "note", "sources"),
    ),
    Transfer: (
        *("id", "deal", "stage", "item", "system", "system_id", "category", "supplier"),
        *("supplier_iso3", "recipient", "recipient_iso3", "kind", "start", "end"),
        *("approximate", "years_as_printed", "value", "qualifier", "unit"),
        *("quantity_as_printed", "confidence", "note", "sources"),
    ),
    Deal: (
        *("deal", "item", "system", "system_id", "category", "supplier", "supplier_iso3"),
        *("recipient", "recipient_iso3", "kind", "start", "end", "low", "high"),
        *("ordered_low", "ordered_high", "unit", "confidence", "claims", "sources"),
    ),
    Era: ("id", "name", "start", "end", "approximate", "summary", "sources"),
    Source: (
        *("id", "title", "publisher", "kind", "language", "year", "date", "url"),
        "copy_of",
    ),
    Citation: ("source", "quote", "translation", "supports"),
}
_INTS: Final = frozenset(
    {"start", "end", "depth", "year", "value", "low", "high", "ordered_low", "ordered_high"}
)
_SHARED: Final[Mapping[str, type[enum.Enum]]] = {
    "category": Category,
    "relation": Relation,
    "confidence": Confidence,
    "stage": Stage,
    "qualifier": Qualifier,
}
#: The closed vocabularies of each record type's columns (a source's kind is not a transfer's).
_CATEGORIES: Final[Mapping[type, Mapping[str, type[enum.Enum]]]] = {
    kind: {**_SHARED, "kind": SourceKind if kind is Source else TransferKind} for kind in _ROWS
}


def rows(records: Sequence[Any]) -> list[Row]:
    """One tidy row a record; the records are all of one type."""
    if not records:
        return []
    make = _ROWS.get(type(records[0]))
    if make is None:
        raise TypeError(f"no tidy rows for {type(records[0]).__name__} records")
    return [make(r) for r in records]


def frame(records: Sequence[Any], kind: type | None = None) -> Any:
    """The records as one tidy pandas DataFrame (needs ``soviet-dprk[pandas]``).

    ``kind`` is the record type, which gives an empty result its columns.
    """
    try:
        pd = importlib.import_module("pandas")
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas() needs pandas: pip install 'soviet-dprk[pandas]'") from exc
    if records:
        kind = type(records[0])
    columns = list(COLUMNS[kind]) if kind is not None and kind in COLUMNS else []
    table = pd.DataFrame(rows(records), columns=columns)
    vocabularies = _CATEGORIES.get(kind, {}) if kind is not None else {}
    for column in table.columns:
        if column in _INTS:
            table[column] = table[column].astype("Int64")
        elif column in vocabularies:
            values = [m.value for m in vocabularies[column]]
            table[column] = pd.Categorical(table[column], categories=values)
        elif column == "approximate":
            table[column] = table[column].astype("boolean")
    return table
