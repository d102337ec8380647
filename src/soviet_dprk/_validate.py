"""The validator: the one place where the dataset's rules are written.

Everything that is not a verified release goes through `validate`: a version being edited
before release, a copy under test, synthetic benchmark data. It works in two steps:

1. **Shape and types.** A private, strict cattrs converter (``forbid_extra_keys=True``,
   detailed validation, no coercion: a string is not a number, a bool is not an int) turns each
   record into its attrs class. The first problem raises a `DatasetError` naming the file, the
   record and the field, with cattrs' own error chained as the cause.
2. **Dataset rules**, written once over the typed records: the table `RULES`, each rule with
   the first dataset version it binds. It is the one place where a rule is gated by version:
   released versions are never held to rules that came after them.

The release tool (``tools/release_dataset.py``), the loader, the tests and the docs' schema
page all use this module. cattrs is imported only when something is validated: a released
version loads without it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, TypeVar

import attrs
import cattrs

from ._errors import DatasetError
from ._errors import shown as _short
from ._model import (
    FILES,
    Citation,
    Derivation,
    Era,
    Qualifier,
    Records,
    Source,
    System,
    Tombstone,
    Transfer,
)
from ._names import normalize

__all__ = ["ID", "MAX_QUOTE", "RULES", "YEARS", "Rule", "validate"]

#: What an id looks like: lowercase kebab-case (``"t-62"``, ``"type-58"``).
ID: Final = re.compile(r"\A[a-z0-9]+(?:--?[a-z0-9]+)*\Z")
#: The longest quote a citation may carry.
MAX_QUOTE: Final = 400
#: The years a period or an era may name.
YEARS: Final = range(1900, 2101)

T = TypeVar("T")


# -- step 1: shape and types ---------------------------------------------------------------


def _exactly(kind: type[T], name: str) -> Callable[[Any, Any], T]:
    def check(value: Any, _: Any) -> T:
        if type(value) is not kind:
            raise TypeError(f"expected {name}, got {type(value).__name__} {value!r:.40}")
        return value

    return check


def _strings(value: Any, _: Any) -> tuple[str, ...]:
    if type(value) is not list or any(type(v) is not str for v in value):
        raise TypeError(f"expected a list of strings, got {value!r:.40}")
    return tuple(value)


def _system_ref(value: Any, _: Any) -> System:
    # Edges and transfers name systems by id; `_resolve` swaps in the System first.
    if isinstance(value, System):
        return value
    raise TypeError(f"expected a system id, got {type(value).__name__}")


@functools.cache
def _converter(*, systems_by_id: bool) -> cattrs.Converter:
    """The strict converter, made on first use: no coercion of strings to numbers or lists.

    With ``systems_by_id``, a `System` field takes the system its id was resolved to.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _exactly(str, "a string"))
    converter.register_structure_hook(int, _exactly(int, "an integer"))
    converter.register_structure_hook(bool, _exactly(bool, "true or false"))
    converter.register_structure_hook_func(lambda t: t == tuple[str, ...], _strings)
    if systems_by_id:
        converter.register_structure_hook(System, _system_ref)
    return converter


def _explain(exc: BaseException, type_: Any) -> str:
    """Word a leaf structuring error: our own hooks' and enums' messages say the most."""
    if isinstance(exc, (TypeError, ValueError)) and not isinstance(exc, cattrs.BaseValidationError):
        return str(exc)
    from cattrs.v import format_exception

    return format_exception(exc, type_)


class _File:
    """One data file of the version being validated: its records, worded errors."""

    def __init__(self, version: str, name: str, tree: Any) -> None:
        self.where = f"{version}/{name}"
        if not isinstance(tree, dict) or set(tree) != {"meta", "records"}:
            raise DatasetError(
                self.where, None, None, 'expected an object with "meta" and "records"'
            )
        if not isinstance(tree["meta"], dict):
            raise DatasetError(self.where, None, "meta", "expected an object")
        records = tree["records"]
        if not isinstance(records, list):
            raise DatasetError(self.where, None, "records", "expected a list")
        for i, record in enumerate(records):
            if not isinstance(record, dict):
                raise DatasetError(self.where, f"#{i}", None, "expected an object")
            if not isinstance(record.get("id"), str):
                raise DatasetError(self.where, f"#{i}", "id", "missing or not a string")
        self.records: list[dict[str, Any]] = records

    def error(self, record: str | None, field: str | None, problem: str) -> DatasetError:
        return DatasetError(self.where, record, field, problem)

    def structure(
        self,
        cls: type[T],
        systems: Mapping[str, System] | None = None,
        refs: tuple[str, ...] = (),
    ) -> list[T]:
        """Every record of the file as ``cls``, the system ids in ``refs`` looked up first."""
        built = []
        converter = _converter(systems_by_id=systems is not None)
        for raw in self.records:
            if systems is not None:
                raw = self._resolve(raw, systems, refs)
            try:
                built.append(converter.structure(raw, cls))
            except Exception as exc:  # cattrs raises class-validation groups
                raise self._worded(raw["id"], exc) from exc
        return built

    def _resolve(
        self, raw: dict[str, Any], systems: Mapping[str, System], fields: tuple[str, ...]
    ) -> dict[str, Any]:
        resolved = dict(raw)
        for field in fields:
            ref = raw.get(field)
            if ref is None and field == "system":  # a transfer of goods that are no one system
                continue
            if not isinstance(ref, str):
                raise self.error(raw["id"], field, "expected a system id")
            if ref not in systems:
                raise self.error(raw["id"], field, f"refers to unknown system {_short(ref)}")
            resolved[field] = systems[ref]
        return resolved

    def _worded(self, record: str, exc: Exception) -> DatasetError:
        messages = (
            cattrs.transform_error(exc, format_exception=_explain)
            if isinstance(exc, cattrs.BaseValidationError)
            else [str(exc)]
        )
        first = messages[0] if messages else str(exc)
        field = None
        if " @ $." in first:
            first, field = first.rsplit(" @ $.", 1)
        elif " @ $" in first:
            first = first.rsplit(" @ $", 1)[0]
        extra = re.fullmatch(r"extra fields found \((.+)\)", first)
        if extra:  # name the unknown key itself as the field
            keys = extra.group(1).split(", ")
            field = f"{field}.{keys[0]}" if field else keys[0]
            first = f"unknown field{'s' if len(keys) > 1 else ''} {', '.join(keys)}"
        return self.error(record, field, first)


# -- step 2: the dataset rules -------------------------------------------------------------

#: A rule: given the typed records and a way to word an error in a file, raise or return.
Check = Callable[[Records, Callable[[str], "_File"]], None]


@attrs.frozen
class Rule:
    """One dataset rule: what it requires, and the first dataset version it binds."""

    since: str
    requires: str
    check: Check = attrs.field(repr=False)


def _ids(found: Records, file: Callable[[str], _File]) -> None:
    # `Records` holds one table a file, in the order of `FILES`.
    for name, table in zip(FILES, attrs.fields_dict(Records), strict=True):
        records: tuple[Any, ...] = getattr(found, table)
        seen: set[str] = set()
        for record in records:
            if record.id in seen:
                raise file(name).error(record.id, "id", "duplicate id")
            if not ID.match(record.id):
                raise file(name).error(record.id, "id", "ids are lowercase kebab-case")
            seen.add(record.id)


def _cited(found: Records) -> Iterator[tuple[str, str, tuple[Citation, ...]]]:
    for name, records in (
        ("systems.json", found.systems),
        ("derivations.json", found.derivations),
        ("transfers.json", found.transfers),
        ("eras.json", found.eras),
    ):
        for record in records:
            yield name, record.id, record.citations


def _citations(found: Records, file: Callable[[str], _File]) -> None:
    known = {s.id for s in found.sources}
    for name, record, citations in _cited(found):
        if not citations:
            raise file(name).error(record, "citations", "every record cites at least one source")
        for citation in citations:
            if citation.source not in known:
                problem = f"cites unknown source {_short(citation.source)}"
                raise file(name).error(record, "citations", problem)
            if not citation.quote.strip() or len(citation.quote) > MAX_QUOTE:
                problem = f"a quote must be non-empty and at most {MAX_QUOTE} characters"
                raise file(name).error(record, "citations", problem)


def _names(found: Records, file: Callable[[str], _File]) -> None:
    owner: dict[str, str] = {}
    for system in found.systems:
        for label in (system.name, system.id, *system.aliases):
            key = normalize(label)
            if not key:
                problem = f"{_short(label)} has no letters or digits"
                raise file("systems.json").error(system.id, "aliases", problem)
            other = owner.setdefault(key, system.id)
            if other != system.id:
                problem = f"name {_short(label)} is also claimed by system {other!r}"
                raise file("systems.json").error(system.id, "aliases", problem)
    for system in found.systems:
        for label in system.shared_names:
            key = normalize(label)
            if not key:
                problem = f"{_short(label)} has no letters or digits"
                raise file("systems.json").error(system.id, "shared_names", problem)
            if key in owner:
                problem = f"{_short(label)} is also a unique name of system {owner[key]!r}"
                raise file("systems.json").error(system.id, "shared_names", problem)


def _edges(found: Records, file: Callable[[str], _File]) -> None:
    for edge in found.derivations:
        if edge.child.id == edge.parent.id:
            problem = "a system cannot derive from itself"
            raise file("derivations.json").error(edge.id, "parent", problem)
        if edge.depth != 1:
            raise file("derivations.json").error(edge.id, "depth", "stored edges have depth 1")


def _acyclic(found: Records, file: Callable[[str], _File]) -> None:
    parents: dict[str, list[Derivation]] = {}
    for edge in found.derivations:
        parents.setdefault(edge.child.id, []).append(edge)
    # Depth-first, with a stack of its own: a long chain cannot overflow Python's stack.
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in parents:
        if state.get(start):
            continue
        state[start] = 1
        stack: list[tuple[str, Iterator[Derivation]]] = [(start, iter(parents[start]))]
        while stack:
            node, edges = stack[-1]
            for edge in edges:
                up = edge.parent.id
                if state.get(up) == 1:
                    problem = f"lineage cycle through system {up!r}"
                    raise file("derivations.json").error(edge.id, "parent", problem)
                if not state.get(up):
                    state[up] = 1
                    stack.append((up, iter(parents.get(up, ()))))
                    break
            else:
                state[node] = 2
                stack.pop()


def _years(where: _File, record: str, field: str, start: int, end: int | None) -> None:
    if start not in YEARS:
        raise where.error(record, f"{field}start", f"year {start} is out of range")
    if end is not None:
        if end not in YEARS:
            raise where.error(record, f"{field}end", f"year {end} is out of range")
        if end < start:
            raise where.error(record, f"{field}end", f"ends ({end}) before it starts ({start})")


def _transfers(found: Records, file: Callable[[str], _File]) -> None:
    where = file("transfers.json")
    for transfer in found.transfers:
        _years(where, transfer.id, "period.", transfer.period.start, transfer.period.end)
        quantity = transfer.quantity
        if quantity.value is not None and quantity.value < 0:
            raise where.error(transfer.id, "quantity.value", "must not be negative")
        if quantity.qualifier is Qualifier.UNSPECIFIED and quantity.value is not None:
            raise where.error(transfer.id, "quantity.value", "an unspecified quantity has no value")
        if transfer.supplier is transfer.recipient and transfer.supplier.value != "other":
            raise where.error(transfer.id, "recipient", "supplier and recipient are the same")


def _eras(found: Records, file: Callable[[str], _File]) -> None:
    for era in found.eras:
        _years(file("eras.json"), era.id, "", era.start, era.end)


def _tombstones(found: Records, file: Callable[[str], _File]) -> None:
    live = {s.id for s in found.systems}
    for tombstone in found.tombstones:
        if tombstone.id in live:
            raise file("tombstones.json").error(
                tombstone.id, "id", "a withdrawn id is still in use"
            )
        if tombstone.successor is not None and tombstone.successor not in live:
            problem = f"refers to unknown system {_short(tombstone.successor)}"
            raise file("tombstones.json").error(tombstone.id, "successor", problem)


#: Every dataset rule, in the order they are checked, with the first version each binds.
RULES: Final = (
    Rule("1.0.0", "Ids are unique within their file and lowercase kebab-case.", _ids),
    Rule(
        "1.0.0",
        f"Every system, edge, transfer and era cites at least one source of the same version, "
        f"each with a non-empty quote of at most {MAX_QUOTE} characters.",
        _citations,
    ),
    Rule(
        "1.0.0",
        "Every name, id and alias denotes one system only; a shared name is no system's "
        "unique name; every name has a letter or a digit.",
        _names,
    ),
    Rule("1.0.0", "No system derives from itself; stored edges have depth 1.", _edges),
    Rule("1.0.0", "The lineage has no cycle.", _acyclic),
    Rule(
        "1.0.0",
        f"Years lie in {YEARS.start}-{YEARS.stop - 1} and no period ends before it starts; "
        "quantities are not negative, an unspecified quantity has no value, and supplier and "
        "recipient differ.",
        _transfers,
    ),
    Rule("1.0.0", "Eras' years are sane as transfers' are.", _eras),
    Rule(
        "1.0.0",
        "A withdrawn id is no live system's id, and its successor is a live system.",
        _tombstones,
    ),
)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def validate(version: str, trees: Mapping[str, Any]) -> Records:
    """Check a version's parsed files (by file name) and return its records.

    Raises:
        DatasetError: The first problem found, naming the file, the record and the field.
    """
    files = {name: _File(version, name, trees[name]) for name in FILES}
    sources = files["sources.json"].structure(Source)
    systems = files["systems.json"].structure(System)
    by_id: dict[str, System] = {}
    for system in systems:
        by_id.setdefault(system.id, system)
    found = Records(
        sources=tuple(sources),
        systems=tuple(systems),
        derivations=tuple(
            files["derivations.json"].structure(Derivation, by_id, ("child", "parent"))
        ),
        transfers=tuple(files["transfers.json"].structure(Transfer, by_id, ("system",))),
        eras=tuple(files["eras.json"].structure(Era)),
        tombstones=tuple(files["tombstones.json"].structure(Tombstone)),
    )
    for rule in RULES:
        if _key(version) >= _key(rule.since):
            rule.check(found, files.__getitem__)
    return found
