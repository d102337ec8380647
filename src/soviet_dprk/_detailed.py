"""The detailed load path: record by record, with cattrs' detailed validation.

The loader takes this path only when the fast path (`soviet_dprk._fast`) rejects a
dataset version. It checks the same rules one record at a time and raises the first problem as
a `DatasetError` naming the file, the record and the field, with cattrs' or the JSON parser's
own error chained as the cause. Valid data never comes here, so neither this module nor cattrs
is imported to load it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, TypeVar

import cattrs

from ._dataset import Dataset
from ._errors import DatasetError
from ._fast import MAX_QUOTE as _MAX_QUOTE
from ._fast import YEARS as _YEARS
from ._fast import Data
from ._load import FILES
from ._model import (
    Citation,
    Country,
    Derivation,
    Era,
    Qualifier,
    Source,
    System,
    Tombstone,
    Transfer,
)
from ._names import normalize
from ._query import Index

__all__ = ["load_detailed"]

_ID_RE: Final = re.compile(r"\A[a-z0-9]+(?:--?[a-z0-9]+)*\Z")

T = TypeVar("T")
R = TypeVar("R", bound=Any)


# -- structuring -------------------------------------------------------------------------


def _strict(kind: type[T], name: str) -> Callable[[Any, Any], T]:
    def check(value: Any, _: Any) -> T:
        if type(value) is not kind:
            raise TypeError(f"expected {name}, got {type(value).__name__} {value!r:.40}")
        return value

    return check


def _strings(value: Any, _: Any) -> tuple[str, ...]:
    if type(value) is not list or any(type(v) is not str for v in value):
        raise TypeError(f"expected a list of strings, got {value!r:.40}")
    return tuple(value)


def _make_converter(*, systems_by_reference: bool) -> cattrs.Converter:
    """A strict private converter: no coercion of strings to numbers or of strings to lists."""
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _strict(str, "a string"))
    converter.register_structure_hook(int, _strict(int, "an integer"))
    converter.register_structure_hook(bool, _strict(bool, "true or false"))
    converter.register_structure_hook_func(lambda t: t == tuple[str, ...], _strings)
    if systems_by_reference:
        converter.register_structure_hook(System, _system_ref)
    return converter


def _system_ref(value: Any, _: Any) -> System:
    # Derivations and transfers name systems by id; the loader swaps in the System first.
    if isinstance(value, System):
        return value
    raise TypeError(f"expected a system id, got {type(value).__name__}")


@functools.cache
def _detailed(*, systems_by_reference: bool) -> cattrs.Converter:
    """The detailed path's converters, made only when it runs: valid data never needs them."""
    return _make_converter(systems_by_reference=systems_by_reference)


def _explain(exc: BaseException, type_: Any) -> str:
    """Word a leaf structuring error: our own hooks' and enums' messages say the most."""
    if isinstance(exc, (TypeError, ValueError)) and not isinstance(exc, cattrs.BaseValidationError):
        return str(exc)
    from cattrs.v import format_exception

    return format_exception(exc, type_)


class _Reader:
    """Reads one dataset version's files and turns problems into `DatasetError`s."""

    def __init__(self, version: str, files: Mapping[str, Data]) -> None:
        self.version = version
        self.files = files

    def where(self, name: str) -> str:
        return f"{self.version}/{name}"

    def records(self, name: str) -> list[dict[str, Any]]:
        where = self.where(name)
        raw = self.files[name]
        try:
            tree = json.loads(str(raw, "utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise DatasetError(where, None, None, f"not valid UTF-8 JSON: {exc}") from exc
        if not isinstance(tree, dict) or set(tree) != {"meta", "records"}:
            raise DatasetError(where, None, None, 'expected an object with "meta" and "records"')
        records = tree["records"]
        if not isinstance(records, list):
            raise DatasetError(where, None, "records", "expected a list")
        for i, record in enumerate(records):
            if not isinstance(record, dict):
                raise DatasetError(where, f"#{i}", None, "expected an object")
            if not isinstance(record.get("id"), str):
                raise DatasetError(where, f"#{i}", "id", "missing or not a string")
        return records

    def structure(
        self,
        name: str,
        raw: dict[str, Any],
        cls: type[T],
        converter: cattrs.Converter | None = None,
    ) -> T:
        if converter is None:
            converter = _detailed(systems_by_reference=True)
        try:
            return converter.structure(raw, cls)
        except Exception as exc:  # cattrs raises class-validation groups
            messages = (
                cattrs.transform_error(exc, format_exception=_explain)
                if isinstance(exc, cattrs.BaseValidationError)
                else [str(exc)]
            )
            first = messages[0] if messages else str(exc)
            field = None
            if " @ $." in first:
                first, path = first.rsplit(" @ $.", 1)
                field = path
            elif " @ $" in first:
                first = first.rsplit(" @ $", 1)[0]
            extra = re.fullmatch(r"extra fields found \((.+)\)", first)
            if extra:  # name the unknown key itself as the field
                keys = extra.group(1).split(", ")
                field = f"{field}.{keys[0]}" if field else keys[0]
                first = f"unknown field{'s' if len(keys) > 1 else ''} {', '.join(keys)}"
            raise DatasetError(self.where(name), raw["id"], field, first) from exc


def _fail(name: str, version: str, record: str, field: str | None, problem: str) -> DatasetError:
    return DatasetError(f"{version}/{name}", record, field, problem)


# -- the detailed path ---------------------------------------------------------------------


def load_detailed(version: str, files: Mapping[str, Data], digest: str) -> Dataset:
    """Load record by record with detailed validation, raising the error that explains."""
    reader = _Reader(version, files)
    raw = {name: reader.records(name) for name in FILES}

    sources = _unique(
        reader,
        "sources.json",
        [
            reader.structure("sources.json", r, Source, _detailed(systems_by_reference=False))
            for r in raw["sources.json"]
        ],
    )
    source_ids = {s.id for s in sources}

    systems = _unique(
        reader,
        "systems.json",
        [
            reader.structure("systems.json", r, System, _detailed(systems_by_reference=False))
            for r in raw["systems.json"]
        ],
    )
    by_id = {s.id: s for s in systems}

    derivations = _unique(
        reader,
        "derivations.json",
        [
            reader.structure(
                "derivations.json",
                _resolve(reader, "derivations.json", r, by_id, ("child", "parent")),
                Derivation,
            )
            for r in raw["derivations.json"]
        ],
    )
    transfers = _unique(
        reader,
        "transfers.json",
        [
            reader.structure(
                "transfers.json",
                _resolve(reader, "transfers.json", r, by_id, ("system",)),
                Transfer,
            )
            for r in raw["transfers.json"]
        ],
    )
    eras = _unique(
        reader,
        "eras.json",
        [
            reader.structure("eras.json", r, Era, _detailed(systems_by_reference=False))
            for r in raw["eras.json"]
        ],
    )
    tombstones = _unique(
        reader,
        "tombstones.json",
        [
            reader.structure("tombstones.json", r, Tombstone, _detailed(systems_by_reference=False))
            for r in raw["tombstones.json"]
        ],
    )

    for name, records in (
        ("systems.json", systems),
        ("derivations.json", derivations),
        ("transfers.json", transfers),
        ("eras.json", eras),
    ):
        for record in records:
            _check_citations(name, version, record.id, record.citations, source_ids)
    _check_systems(version, systems)
    _check_derivations(version, derivations)
    _check_transfers(version, transfers)
    _check_eras(version, eras)
    _check_tombstones(version, tombstones, by_id)

    s, d, t = tuple(systems), tuple(derivations), tuple(transfers)
    e, tomb = tuple(eras), tuple(tombstones)
    return Dataset(
        version=version,
        digest=digest,
        systems=s,
        derivations=d,
        transfers=t,
        eras=e,
        sources=tuple(sources),
        tombstones=tomb,
        index=Index(s, d, t, e, tomb),
    )


def _resolve(
    reader: _Reader,
    name: str,
    raw: dict[str, Any],
    by_id: Mapping[str, System],
    fields: tuple[str, ...],
) -> dict[str, Any]:
    resolved = dict(raw)
    for field in fields:
        ref = raw.get(field)
        if ref is None and field == "system":
            continue
        if not isinstance(ref, str):
            raise DatasetError(reader.where(name), raw["id"], field, "expected a system id")
        if ref not in by_id:
            raise DatasetError(
                reader.where(name),
                raw["id"],
                field,
                f"refers to unknown system {ref!r}",
            )
        resolved[field] = by_id[ref]
    return resolved


def _unique(reader: _Reader, name: str, records: list[R]) -> list[R]:
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            raise DatasetError(reader.where(name), record.id, "id", "duplicate id")
        if not _ID_RE.match(record.id):
            raise DatasetError(reader.where(name), record.id, "id", "ids are lowercase kebab-case")
        seen.add(record.id)
    return records


def _check_citations(
    name: str,
    version: str,
    record: str,
    citations: tuple[Citation, ...],
    source_ids: set[str],
) -> None:
    if not citations:
        raise _fail(name, version, record, "citations", "every record cites at least one source")
    for citation in citations:
        if citation.source not in source_ids:
            raise _fail(
                name,
                version,
                record,
                "citations",
                f"cites unknown source {citation.source!r}",
            )
        if not citation.quote.strip() or len(citation.quote) > _MAX_QUOTE:
            raise _fail(
                name,
                version,
                record,
                "citations",
                f"a quote must be non-empty and at most {_MAX_QUOTE} characters",
            )


def _check_systems(version: str, systems: list[System]) -> None:
    owner: dict[str, str] = {}
    for system in systems:
        for label in (system.name, system.id, *system.aliases):
            key = normalize(label)
            if not key:
                raise _fail(
                    "systems.json",
                    version,
                    system.id,
                    "aliases",
                    f"{label!r} has no letters or digits",
                )
            other = owner.setdefault(key, system.id)
            if other != system.id:
                raise _fail(
                    "systems.json",
                    version,
                    system.id,
                    "aliases",
                    f"name {label!r} is also claimed by system {other!r}",
                )
    for system in systems:
        for label in system.shared_names:
            key = normalize(label)
            if not key:
                raise _fail(
                    "systems.json",
                    version,
                    system.id,
                    "shared_names",
                    f"{label!r} has no letters or digits",
                )
            if key in owner:
                raise _fail(
                    "systems.json",
                    version,
                    system.id,
                    "shared_names",
                    f"{label!r} is also a unique name of system {owner[key]!r}",
                )


def _check_derivations(version: str, derivations: list[Derivation]) -> None:
    parents: dict[str, list[str]] = {}
    for edge in derivations:
        if edge.child.id == edge.parent.id:
            raise _fail(
                "derivations.json",
                version,
                edge.id,
                "parent",
                "a system cannot derive from itself",
            )
        if edge.depth != 1:
            raise _fail(
                "derivations.json",
                version,
                edge.id,
                "depth",
                "stored edges have depth 1",
            )
        parents.setdefault(edge.child.id, []).append(edge.parent.id)
    # Depth-first search for a cycle, iteratively so a deep chain cannot overflow the stack.
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for start in parents:
        if state.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(parents.get(start, ())))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            for child in children:
                if state.get(child) == 1:
                    edge = next(
                        d for d in derivations if d.child.id == node and d.parent.id == child
                    )
                    raise _fail(
                        "derivations.json",
                        version,
                        edge.id,
                        "parent",
                        f"lineage cycle through system {child!r}",
                    )
                if not state.get(child):
                    state[child] = 1
                    stack.append((child, iter(parents.get(child, ()))))
                    break
            else:
                state[node] = 2
                stack.pop()


def _check_years(
    name: str, version: str, record: str, field: str, start: int, end: int | None
) -> None:
    if start not in _YEARS:
        raise _fail(name, version, record, f"{field}start", f"year {start} is out of range")
    if end is not None:
        if end not in _YEARS:
            raise _fail(name, version, record, f"{field}end", f"year {end} is out of range")
        if end < start:
            raise _fail(
                name,
                version,
                record,
                f"{field}end",
                f"ends ({end}) before it starts ({start})",
            )


def _check_transfers(version: str, transfers: list[Transfer]) -> None:
    for transfer in transfers:
        _check_years(
            "transfers.json",
            version,
            transfer.id,
            "period.",
            transfer.period.start,
            transfer.period.end,
        )
        quantity = transfer.quantity
        if quantity.value is not None and quantity.value < 0:
            raise _fail(
                "transfers.json",
                version,
                transfer.id,
                "quantity.value",
                "must not be negative",
            )
        if quantity.qualifier is Qualifier.UNSPECIFIED and quantity.value is not None:
            raise _fail(
                "transfers.json",
                version,
                transfer.id,
                "quantity.value",
                "an unspecified quantity has no value",
            )
        if transfer.supplier is transfer.recipient and transfer.supplier is not Country.OTHER:
            raise _fail(
                "transfers.json",
                version,
                transfer.id,
                "recipient",
                "supplier and recipient are the same",
            )


def _check_eras(version: str, eras: list[Era]) -> None:
    for era in eras:
        _check_years("eras.json", version, era.id, "", era.start, era.end)


def _check_tombstones(
    version: str, tombstones: list[Tombstone], by_id: Mapping[str, System]
) -> None:
    for tombstone in tombstones:
        if tombstone.id in by_id:
            raise _fail(
                "tombstones.json",
                version,
                tombstone.id,
                "id",
                "a withdrawn id is still in use",
            )
        if tombstone.successor is not None and tombstone.successor not in by_id:
            raise _fail(
                "tombstones.json",
                version,
                tombstone.id,
                "successor",
                f"refers to unknown system {tombstone.successor!r}",
            )
