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

import enum
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, TypeVar

import attrs
import cattrs

from ._errors import DatasetError
from ._errors import shown as _short
from ._model import (
    FILES,
    UNSAFE_START,
    Citation,
    Confidence,
    Country,
    Derivation,
    Era,
    Evidence,
    Qualifier,
    Records,
    Source,
    SourceKind,
    Stage,
    System,
    Table,
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
#: A quote that is page metadata: the corpus's date header, or a bare date or timestamp.
_METADATA: Final = re.compile(
    r"\A\s*(?:date\s+\d{4}-\d{2}-\d{2}|published:?\s"
    r"|\d{4}[-./]\d{1,2}[-./]\d{1,2}(?:\s+\d{1,2}:\d{2})?\s*\Z"
    r"|(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"(?:\d{1,2},?\s+)?\d{4}\s*\Z)",
    re.IGNORECASE,
)
#: A publication date as far as a page shows it: a year, a month or a day.
_DATE: Final = re.compile(r"\A(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?\Z")
#: What the quotes of each file may be evidence of.
_EVIDENCE: Final = {
    "systems.json": frozenset(
        {Evidence.NAME, Evidence.CLASSIFICATION, Evidence.ORIGIN, Evidence.CONTEXT}
    ),
    "derivations.json": frozenset({Evidence.RELATION, Evidence.NAME, Evidence.CONTEXT}),
    "transfers.json": frozenset(
        {
            Evidence.TRANSFER,
            Evidence.PARTIES,
            Evidence.PERIOD,
            Evidence.QUANTITY,
            Evidence.NAME,
            Evidence.CONTEXT,
        }
    ),
    "eras.json": frozenset({Evidence.PERIOD, Evidence.CONTEXT}),
}

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)
#: A structure hook: a value and its type in, a typed value out.
Hook = Callable[[Any, Any], T]


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


def _optional(kind: type[T], name: str) -> Callable[[Any, Any], T | None]:
    def check(value: Any, _: Any) -> T | None:
        if value is not None and type(value) is not kind:
            raise TypeError(f"expected {name} or null, got {type(value).__name__} {value!r:.40}")
        return value

    return check


def _members(cls: type[E]) -> Callable[[Any, Any], E]:
    """A vocabulary's members by value: a dict lookup costs a fraction of calling the enum."""
    members = {m.value: m for m in cls}

    def member(value: Any, _: Any) -> E:
        try:
            return members[value]
        except (KeyError, TypeError):  # TypeError: an unhashable value, such as a list
            raise ValueError(f"{value!r:.40} is not a valid {cls.__name__}") from None

    return member


@functools.cache
def _converter(*, systems_by_id: bool, detailed: bool) -> cattrs.Converter:
    """The strict converter, made on first use: no coercion of strings to numbers or lists.

    With ``systems_by_id``, a `System` field takes the system its id was resolved to. Both
    forms of ``detailed`` accept and refuse the same records: the plain one is the faster, and
    the detailed one, which says where a record went wrong, words its refusals.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook(str, _exactly(str, "a string"))
    converter.register_structure_hook(int, _exactly(int, "an integer"))
    converter.register_structure_hook(bool, _exactly(bool, "true or false"))
    converter.register_structure_hook(str | None, _optional(str, "a string"))
    converter.register_structure_hook(int | None, _optional(int, "an integer"))
    converter.register_structure_hook_func(lambda t: t == tuple[str, ...], _strings)
    converter.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _members
    )
    if not detailed:  # cattrs' own tuple hook, less its bookkeeping: the detailed one notes
        # where in the tuple an item went wrong, and only a refusal needs that said
        converter.register_structure_hook_factory(_homogeneous, _tuple_of(converter))
    if systems_by_id:
        converter.register_structure_hook(System, _system_ref)
    return converter


def _homogeneous(type_: Any) -> bool:
    """A ``tuple[X, ...]`` of records or members: tuples of strings have `_strings`."""
    args: tuple[Any, ...] = getattr(type_, "__args__", ())
    return (
        getattr(type_, "__origin__", None) is tuple
        and len(args) == 2
        and args[1] is ...
        and args[0] is not str
    )


def _tuple_of(converter: cattrs.Converter) -> Callable[[Any], Hook[tuple[Any, ...]]]:
    def factory(type_: Any) -> Hook[tuple[Any, ...]]:
        item = type_.__args__[0]
        structure = converter.get_structure_hook(item)

        def each(value: Any, _: Any) -> tuple[Any, ...]:
            return tuple([structure(v, item) for v in value])

        return each

    return factory


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
        by_id = systems is not None
        structure = _converter(systems_by_id=by_id, detailed=False).structure
        for raw in self.records:
            if systems is not None:
                raw = self._resolve(raw, systems, refs)
            try:
                built.append(structure(raw, cls))
            except Exception as plain:  # the detailed converter refuses it too, and says where
                try:
                    _converter(systems_by_id=by_id, detailed=True).structure(raw, cls)
                except Exception as exc:  # cattrs raises class-validation groups
                    raise self._worded(raw["id"], exc) from exc
                raise self._worded(raw["id"], plain) from plain  # pragma: no cover
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
    for name, table in zip(FILES, Records._fields, strict=True):
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
        period = transfer.period
        if period.start is None and period.end is None:
            raise where.error(transfer.id, "period.end", "a period names at least one year")
        _years(where, transfer.id, "period.", period.first, period.end)
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
    live = {
        Table.SYSTEM: {s.id for s in found.systems},
        Table.DERIVATION: {d.id for d in found.derivations},
        Table.TRANSFER: {t.id for t in found.transfers},
        Table.SOURCE: {s.id for s in found.sources},
        Table.ERA: {e.id for e in found.eras},
    }
    for tombstone in found.tombstones:
        ids = live[tombstone.record]
        if tombstone.id in ids:
            raise file("tombstones.json").error(
                tombstone.id, "id", "a withdrawn id is still in use"
            )
        if tombstone.successor is not None and tombstone.successor not in ids:
            problem = f"refers to unknown {tombstone.record.value} {_short(tombstone.successor)}"
            raise file("tombstones.json").error(tombstone.id, "successor", problem)


def _not_inferred(found: Records, file: Callable[[str], _File]) -> None:
    for name, records in (
        ("derivations.json", found.derivations),
        ("transfers.json", found.transfers),
    ):
        for record in records:
            if record.confidence is Confidence.INFERRED:
                problem = "inferred is for answers only: a record states, reports or disputes"
                raise file(name).error(record.id, "confidence", problem)


# -- the rules of 2.0.0: every structured claim says exactly what its quotes say -------------


#: Quote marks and dashes, each made the one plain mark `_squash` reads them as.
_MARKS: Final = str.maketrans(
    {
        **dict.fromkeys(map(chr, (0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x60)), "'"),
        **dict.fromkeys(map(chr, (0x201C, 0x201D, 0x201E, 0x201F, 0x2033)), '"'),
        **dict.fromkeys(map(chr, (*range(0x2010, 0x2016), 0x2212)), "-"),
    }
)


def _squash(text: str) -> str:
    """Text with quote marks, dashes and runs of whitespace made uniform, and nothing else."""
    return " ".join(text.translate(_MARKS).split())  # split() splits where regex \s matches


def _printed_in_quotes(found: Records, file: Callable[[str], _File]) -> None:
    where = file("transfers.json")
    for transfer in found.transfers:
        printed = transfer.period.as_printed
        if printed is None:
            problem = "the years as the source prints them are required"
            raise where.error(transfer.id, "period.as_printed", problem)
        quotes: list[str] | None = None
        for field, text in (
            ("period.as_printed", printed),
            ("quantity.as_printed", transfer.quantity.as_printed),
        ):
            # Text found as it is is found squashed too: most are, and cost no squashing.
            if text is None or any(text in c.quote for c in transfer.citations):
                continue
            if quotes is None:
                quotes = [_squash(c.quote) for c in transfer.citations]
            if not any(_squash(text) in q for q in quotes):
                problem = f"{_short(text)} appears in none of the record's quotes"
                raise where.error(transfer.id, field, problem)


def _quotes_are_text(found: Records, file: Callable[[str], _File]) -> None:
    for name, record, citations in _cited(found):
        for citation in citations:
            if _METADATA.match(citation.quote):
                problem = f"quote {_short(citation.quote)} is page metadata or a bare date"
                raise file(name).error(record, "citations", problem)


def _sources(found: Records, file: Callable[[str], _File]) -> None:
    where = file("sources.json")
    urls: dict[str, str] = {}
    for source in found.sources:
        if source.kind is None:
            raise where.error(source.id, "kind", "every source says what kind of document it is")
        if source.language is None or not re.fullmatch(r"[a-z]{2}", source.language):
            problem = "the page's language is required, as an ISO 639-1 code"
            raise where.error(source.id, "language", problem)
        if "://" in source.title or (source.url and source.title.strip() == source.url.strip()):
            raise where.error(source.id, "title", "a title is the document's, never a URL")
        if source.date is not None:
            match = _DATE.match(source.date)
            if match is None:
                problem = f"{_short(source.date)} is not YYYY, YYYY-MM or YYYY-MM-DD"
                raise where.error(source.id, "date", problem)
            if source.year != int(match.group(1)):
                raise where.error(source.id, "year", "the year is the year of the date")
        if source.kind is SourceKind.MIRROR and not source.copy_of:
            raise where.error(source.id, "copy_of", "a mirror names the work it copies")
        if source.url is not None:
            url = source.url.strip().rstrip("/")
            other = urls.setdefault(url, source.id)
            if other != source.id:
                problem = f"source {other!r} has the same URL: one source per URL"
                raise where.error(source.id, "url", problem)


def _no_other(found: Records, file: Callable[[str], _File]) -> None:
    problem = "every party is named: 'other' is for versions before 2.0.0"
    for system in found.systems:
        if system.origin is Country.OTHER:
            raise file("systems.json").error(system.id, "origin", problem)
    for transfer in found.transfers:
        for field in ("supplier", "recipient"):
            if getattr(transfer, field) is Country.OTHER:
                raise file("transfers.json").error(transfer.id, field, problem)


def _evidence(found: Records, file: Callable[[str], _File]) -> None:
    sources = {s.id: s for s in found.sources}
    for name, record, citations in _cited(found):
        allowed = _EVIDENCE[name]
        for citation in citations:
            english = sources[citation.source].language == "en" and _latin(citation.quote)
            if not english and not (citation.translation or "").strip():
                problem = (
                    f"the quote from {citation.source!r} is not in English: it needs the "
                    "curators' translation"
                )
                raise file(name).error(record, "citations.translation", problem)
            if not citation.supports:
                problem = f"say what the quote from {citation.source!r} is evidence of"
                raise file(name).error(record, "citations.supports", problem)
            if not allowed.issuperset(citation.supports):
                wrong = [e.value for e in citation.supports if e not in allowed]
                problem = f"a quote here is no evidence of {', '.join(wrong)}"
                raise file(name).error(record, "citations.supports", problem)


def _latin(text: str) -> bool:
    """Whether at most half of the text's letters are in a script other than Latin."""
    if text.isascii():
        return True
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
    return not letters or latin * 2 >= len(letters)


def _one_reading_per_edge(found: Records, file: Callable[[str], _File]) -> None:
    pairs: dict[tuple[str, str], list[Derivation]] = {}
    for edge in found.derivations:
        pairs.setdefault((edge.child.id, edge.parent.id), []).append(edge)
    where = file("derivations.json")
    for edges in pairs.values():
        relations = [e.relation for e in edges]
        for i, edge in enumerate(edges):
            if edge.relation in relations[:i]:
                problem = "duplicate edge: one derivation per child, parent and relation"
                raise where.error(edge.id, "relation", problem)
        if len(edges) > 1 and any(e.confidence is not Confidence.DISPUTED for e in edges):
            problem = (
                f"{len(edges)} edges of {edges[0].child.id} <- {edges[0].parent.id} disagree: "
                "every edge of the pair is disputed"
            )
            raise where.error(edges[0].id, "confidence", problem)


def _deals(found: Records, file: Callable[[str], _File]) -> None:
    where = file("transfers.json")
    deals: dict[str, Transfer] = {}
    flows: dict[tuple[str | None, Country, Country], list[Transfer]] = {}
    units: dict[tuple[str, Stage | None], str] = {}
    for transfer in found.transfers:
        if transfer.stage is None:
            raise where.error(transfer.id, "stage", "say whether the claim is agreed or delivered")
        first = deals.setdefault(transfer.deal, transfer)
        if (first.system, first.supplier, first.recipient) != (
            transfer.system,
            transfer.supplier,
            transfer.recipient,
        ):
            problem = f"deal {transfer.deal!r} joins different goods or parties ({first.id!r})"
            raise where.error(transfer.id, "deal", problem)
        if transfer.quantity.value is not None:
            unit = units.setdefault((transfer.deal, transfer.stage), transfer.quantity.unit)
            if unit != transfer.quantity.unit:
                problem = f"the numbers of one deal and stage share a unit ({unit!r})"
                raise where.error(transfer.id, "quantity.unit", problem)
        if transfer.system is not None:
            key = (transfer.system.id, transfer.supplier, transfer.recipient)
            flows.setdefault(key, []).append(transfer)
    for claims in flows.values():
        for i, a in enumerate(claims):
            for b in claims[i + 1 :]:
                if a.deal == b.deal or a.confidence is b.confidence is Confidence.DISPUTED:
                    continue
                if _overlap(a, b):
                    problem = f"overlaps {b.id!r} of the same flow: share its deal or dispute both"
                    raise where.error(a.id, "deal", problem)


def _overlap(a: Transfer, b: Transfer) -> bool:
    return a.period.overlaps(b.period.first, b.period.end)


def _strong_enough(found: Records, file: Callable[[str], _File]) -> None:
    weak = {s.id for s in found.sources if s.kind is not None and s.kind.weak}
    for name, records in (
        ("derivations.json", found.derivations),
        ("transfers.json", found.transfers),
    ):
        for record in records:
            if record.confidence is Confidence.STATED and all(
                c.source in weak for c in record.citations
            ):
                problem = "a stated claim rests on weak sources alone (blogs, mirrors, forums...)"
                raise file(name).error(record.id, "confidence", problem)


def _unsafe(value: object, where: str) -> tuple[str, str] | None:
    """The first text in a record's value that begins as a formula, with its field, if any.

    Texts and citations, nearly all of a record's values, are looked at in line; other nested
    records (periods, quantities) are walked. Systems that a record points at are not: they are
    checked as records themselves.
    """
    if value.__class__ is str:
        return (where, value) if value.startswith(UNSAFE_START) else None
    if value.__class__ is tuple:
        for item in value:
            if item.__class__ is str:
                if item.startswith(UNSAFE_START):
                    return where, item
            elif item.__class__ is Citation:
                if item.quote.startswith(UNSAFE_START):
                    return f"{where}.quote", item.quote
                if item.translation is not None and item.translation.startswith(UNSAFE_START):
                    return f"{where}.translation", item.translation
            else:
                found = _unsafe(item, where)
                if found:
                    return found
    elif attrs.has(value.__class__) and not isinstance(value, System):
        for field in attrs.fields(value.__class__):
            found = _unsafe(getattr(value, field.name), f"{where}.{field.name}")
            if found:
                return found
    return None


def _formula_safe(found: Records, file: Callable[[str], _File]) -> None:
    for name, table in zip(FILES, Records._fields, strict=True):
        records: tuple[Any, ...] = getattr(found, table)
        if not records:
            continue
        fields = [f.name for f in attrs.fields(records[0].__class__)]
        for record in records:
            for field in fields:
                value = getattr(record, field)
                if value.__class__ is str:  # most values: checked here, without a call
                    if not value.startswith(UNSAFE_START):
                        continue
                elif value is None or isinstance(value, (int, enum.Enum, System)) or not value:
                    continue
                hit = _unsafe(value, field)
                if hit:
                    where, text = hit
                    problem = (
                        f"{_short(text)} begins with {text[0]!r}, which a spreadsheet runs as "
                        "a formula"
                    )
                    raise file(name).error(record.id, where, problem)


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
        "A withdrawn id is no live id of its file, and its successor is a live id of that file.",
        _tombstones,
    ),
    Rule("1.0.0", "No record is inferred: inferred is for answers only.", _not_inferred),
    Rule(
        "2.0.0",
        "A transfer prints its years, and its period.as_printed and quantity.as_printed "
        "appear verbatim in one of its quotes (quote marks, dashes and whitespace may differ).",
        _printed_in_quotes,
    ),
    Rule("2.0.0", "No quote is page metadata or a bare date.", _quotes_are_text),
    Rule(
        "2.0.0",
        "Every source has a kind, a language and a real title (never a URL); its date is "
        "YYYY, YYYY-MM or YYYY-MM-DD in its year; a mirror names what it copies; one source "
        "per URL.",
        _sources,
    ),
    Rule("2.0.0", "No party is coded other.", _no_other),
    Rule(
        "2.0.0",
        "Every quote that is not in English has the curators' translation, and every quote "
        "says what it is evidence of, from the evidence its file allows.",
        _evidence,
    ),
    Rule(
        "2.0.0",
        "One derivation per child, parent and relation; where a pair has several edges, "
        "every one of them is disputed.",
        _one_reading_per_edge,
    ),
    Rule(
        "2.0.0",
        "Every transfer says its stage; the claims of one deal share goods and parties, and "
        "their numbers of one stage share a unit; overlapping claims of one system, supplier "
        "and recipient share a deal, or are all disputed.",
        _deals,
    ),
    Rule("2.0.0", "No stated edge or transfer rests on weak sources alone.", _strong_enough),
    Rule(
        "2.0.0",
        "No text field begins with =, +, -, @, a tab or a carriage return.",
        _formula_safe,
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
