"""The fast load path: each record checked and built by code written for its class.

Every rule the detailed path checks is checked here too, inline, while each record is built:
exact JSON types, enum values, missing and unknown keys, ids, references, quotes, years and
quantities; the rules over whole files (unique ids and names, an acyclic lineage) are checked a
column at a time. Records are built by allocating them and storing each field into its slot,
which is exactly what the attrs-generated ``__init__`` of these frozen, slotted classes does
(they have no validators, converters or init hooks; `check_model` verifies it when this module
is imported), without its keyword parsing and generic attribute lookups. The design first
proposed, cattrs functions generated without detailed validation, is measured beside this one
in ``benchmarks/run.py``: it costs more with no checks at all than this code does with every
check, and importing cattrs and generating its functions cost a fresh process about 12 ms
before its first answer.

The fast path never explains anything: whatever it does not accept raises `RejectedError`, or
whatever exception a lookup raised, and the loader then goes down the detailed path, which
raises the `DatasetError` naming file, record and field. Valid data never takes that path.
"""

from __future__ import annotations

import json
import mmap
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from json.scanner import make_scanner
from types import MemberDescriptorType
from typing import Any, Final

import attrs

from ._model import (
    Category,
    Citation,
    Confidence,
    Country,
    Derivation,
    Era,
    Period,
    Qualifier,
    Quantity,
    Relation,
    Source,
    System,
    Tombstone,
    Transfer,
    TransferKind,
)
from ._names import normalize, normalize_all
from ._query import Holders

__all__ = [
    "MAX_QUOTE",
    "STREAM_FROM",
    "YEARS",
    "Data",
    "RejectedError",
    "Tables",
    "check_model",
    "structure",
]

#: The longest quote a citation may carry.
MAX_QUOTE: Final = 400
#: The years a period or an era may name.
YEARS: Final = range(1900, 2101)


#: A data file's contents: its bytes, or a read-only memory map of a large file.
Data = bytes | mmap.mmap


class RejectedError(Exception):
    """The fast path met something it does not explain; the detailed path will."""


#: The fields of each record class, in order, as the JSON keys that may hold them.
FIELDS: Final[Mapping[type, tuple[str, ...]]] = {
    cls: tuple(a.name for a in attrs.fields(cls))
    for cls in (Citation, Source, System, Derivation, Period, Quantity, Transfer, Era, Tombstone)
}


def check_model(cls: type[Any]) -> None:
    """Fail unless storing fields into the slots builds exactly what ``cls.__init__`` builds.

    Raises:
        TypeError: The record class has a validator, a converter or an init hook that the fast
            path would skip, or a field that is not a slot.
    """
    fields = attrs.fields(cls)
    if (
        any(a.validator or a.converter or a.on_setattr for a in fields)
        or hasattr(cls, "__attrs_post_init__")
        or hasattr(cls, "__attrs_pre_init__")
        or any(not isinstance(vars(cls).get(a.name), MemberDescriptorType) for a in fields)
    ):
        raise TypeError(f"the fast path cannot build {cls.__name__} records")


for _cls in FIELDS:
    check_model(_cls)

_new: Final = object.__new__


def _setters(cls: type[Any]) -> tuple[Callable[[Any, Any], None], ...]:
    """The slot descriptors' setters of the class's fields, in field order."""
    return tuple(vars(cls)[name].__set__ for name in FIELDS[cls])


_KEYS: Final = {cls: frozenset(names) for cls, names in FIELDS.items()}
_CATEGORY: Final = {m.value: m for m in Category}
_CONFIDENCE: Final = {m.value: m for m in Confidence}
_COUNTRY: Final = {m.value: m for m in Country}
_QUALIFIER: Final = {m.value: m for m in Qualifier}
_RELATION: Final = {m.value: m for m in Relation}
_KIND: Final = {m.value: m for m in TransferKind}
_STR: Final = str
_INT: Final = int
_BOOL: Final = bool
_LIST: Final = list
_DICT: Final = dict
_ID_CHARACTERS: Final = b"abcdefghijklmnopqrstuvwxyz0123456789-\n"


def _strings(value: Any) -> tuple[str, ...]:
    if value.__class__ is not _LIST:
        raise RejectedError
    for item in value:
        if item.__class__ is not _STR:
            raise RejectedError
    return tuple(value)


def _optional_str(value: Any) -> None:
    if value is not None and value.__class__ is not _STR:
        raise RejectedError


class _Load:
    """One load's shared tables, and the code that builds each class's records.

    Each record's length is checked against its required keys plus the optional ones it has:
    every required key is read, so a missing one raises, and then an equal length leaves no
    room for a key that is no field.
    """

    __slots__ = ("by_pair", "by_quote", "periods", "quantities", "shared", "sources", "systems")

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}
        self.systems: dict[str, System] = {}
        # Equal citations are one object: by quote (nearly every quote has one source), and
        # by (source, quote) for a quote cited from a second source.
        self.by_quote: dict[str, Citation] = {}
        self.by_pair: dict[tuple[str, str], Citation] = {}
        # Values that repeat, shared: short strings (units, publishers, dates as printed), and
        # periods and quantities by their fields.
        self.shared: dict[str, str] = {}
        self.periods: dict[tuple[Any, ...], Period] = {}
        self.quantities: dict[tuple[Any, ...], Quantity] = {}

    # -- citations ---------------------------------------------------------------------------

    def citations(self, cited: Any) -> tuple[Citation, ...]:
        if cited.__class__ is not _LIST or not cited:  # every record cites at least one source
            raise RejectedError
        by_quote = self.by_quote
        row = []
        for raw in cited:
            quote = raw["quote"]  # raw is a dict, or this raises
            citation = by_quote.get(quote)
            if citation is None:  # a new quote: check it, make its citation
                if (
                    len(raw) != 2
                    or quote.__class__ is not _STR
                    or len(quote) > MAX_QUOTE
                    or not quote.strip()
                ):
                    raise RejectedError
                citation = _new(Citation)
                _SET_CITATION_SOURCE(citation, self.sources[raw["source"]])  # the shared id
                _SET_CITATION_QUOTE(citation, quote)
                by_quote[quote] = citation
            elif citation.source != raw["source"] or len(raw) != 2:
                citation = self.citation(raw)
            row.append(citation)
        return tuple(row)

    def citation(self, raw: Any) -> Citation:
        """A citation whose quote was seen from another source, or that has other keys."""
        if raw.__class__ is not _DICT or len(raw) != 2:
            raise RejectedError
        source = self.sources[raw["source"]]  # the Source's own id string, shared
        quote = raw["quote"]
        if quote.__class__ is not _STR or not quote.strip() or len(quote) > MAX_QUOTE:
            raise RejectedError
        known = self.by_pair.get((source, quote))
        if known is not None:
            return known
        citation = _new(Citation)
        _SET_CITATION_SOURCE(citation, source)
        _SET_CITATION_QUOTE(citation, quote)
        self.by_pair[source, quote] = citation
        self.by_quote.setdefault(quote, citation)
        return citation

    # -- records ---------------------------------------------------------------------------

    def sources_of(self, raws: Iterable[Any], ids: list[str]) -> list[Source]:
        set_id, set_title, set_publisher, set_author, set_year, set_url, set_retrieved, set_note = (
            _setters(Source)
        )
        shared = self.shared.setdefault
        out = []
        for o in raws:
            if o.__class__ is not _DICT or len(o) != 6 + ("retrieved" in o) + ("note" in o):
                raise RejectedError
            id_, title, publisher = o["id"], o["title"], o["publisher"]
            author, year, url = o["author"], o["year"], o["url"]
            retrieved, note = o.get("retrieved"), o.get("note")
            if id_.__class__ is not _STR or title.__class__ is not _STR:
                raise RejectedError
            if publisher.__class__ is not _STR or (year is not None and year.__class__ is not _INT):
                raise RejectedError
            for text in (author, url, retrieved, note):
                if text is not None and text.__class__ is not _STR:
                    raise RejectedError
            record = _new(Source)
            set_id(record, id_)
            set_title(record, title)
            set_publisher(record, shared(publisher, publisher))
            set_author(record, author)
            set_year(record, year)
            set_url(record, url)
            set_retrieved(record, retrieved and shared(retrieved, retrieved))
            set_note(record, note)
            out.append(record)
            ids.append(id_)
        return out

    def systems_of(
        self,
        raws: Iterable[Any],
        ids: list[str],
        labels: list[str],
        owners: list[System],
        sharers: list[System],
    ) -> list[System]:
        """The systems; ``labels`` gathers each one's name, id and aliases, ``owners`` the
        system of each label, and ``sharers`` the systems with shared names."""
        set_id, set_name, set_aliases, set_shared, set_category, set_origin, set_cites, set_note = (
            _setters(System)
        )
        citations = self.citations
        out = []
        for o in raws:
            if o.__class__ is not _DICT:
                raise RejectedError
            if len(o) != 5 + ("aliases" in o) + ("shared_names" in o) + ("note" in o):
                raise RejectedError
            id_, name, note = o["id"], o["name"], o.get("note")
            if id_.__class__ is not _STR or name.__class__ is not _STR:
                raise RejectedError
            if note is not None and note.__class__ is not _STR:
                raise RejectedError
            # Parsed JSON holds no tuples: a tuple is the default, the key being absent.
            aliases, shared = o.get("aliases", ()), o.get("shared_names", ())
            if aliases.__class__ is not tuple:
                aliases = _strings(aliases)
            if shared.__class__ is not tuple:
                shared = _strings(shared)
            record = _new(System)
            set_id(record, id_)
            set_name(record, name)
            set_aliases(record, aliases)
            set_shared(record, shared)
            set_category(record, _CATEGORY[o["category"]])
            set_origin(record, _COUNTRY[o["origin"]])
            set_cites(record, citations(o["citations"]))
            set_note(record, note)
            out.append(record)
            ids.append(id_)
            labels.append(name)
            labels.append(id_)
            labels.extend(aliases)
            owners.extend(repeat(record, 2 + len(aliases)))
            if shared:
                sharers.append(record)
        return out

    def derivations_of(self, raws: Iterable[Any], ids: list[str]) -> list[Derivation]:
        (
            set_id,
            set_child,
            set_parent,
            set_relation,
            set_confidence,
            set_cites,
            set_note,
            set_depth,
        ) = _setters(Derivation)
        systems = self.systems
        citations = self.citations
        out = []
        for o in raws:
            if o.__class__ is not _DICT or len(o) != 6 + ("note" in o) + ("depth" in o):
                raise RejectedError
            id_, note = o["id"], o.get("note")
            child, parent = systems[o["child"]], systems[o["parent"]]
            depth = o.get("depth", 1)
            if id_.__class__ is not _STR or child is parent or depth.__class__ is not _INT:
                raise RejectedError
            if depth != 1:  # a stored edge is direct: transitive answers count the steps
                raise RejectedError
            if note is not None and note.__class__ is not _STR:
                raise RejectedError
            record = _new(Derivation)
            set_id(record, id_)
            set_child(record, child)
            set_parent(record, parent)
            set_relation(record, _RELATION[o["relation"]])
            set_confidence(record, _CONFIDENCE[o["confidence"]])
            set_cites(record, citations(o["citations"]))
            set_note(record, note)
            set_depth(record, 1)
            out.append(record)
            ids.append(id_)
        return out

    def transfers_of(self, raws: Iterable[Any], ids: list[str]) -> list[Transfer]:
        (
            set_id,
            set_item,
            set_system,
            set_supplier,
            set_recipient,
            set_kind,
            set_period,
            set_quantity,
            set_confidence,
            set_cites,
            set_note,
        ) = _setters(Transfer)
        set_start, set_end, set_approximate, set_printed = _setters(Period)
        set_value, set_qualifier, set_unit, set_printed_value = _setters(Quantity)
        systems = self.systems
        citations = self.citations
        # Equal periods and quantities are one object, and repeated short strings one string;
        # the types are checked first, so that 1 and True, or 1 and 1.0, never meet in a key.
        periods, quantities = self.periods, self.quantities
        share = self.shared.setdefault
        first, last = YEARS.start, YEARS.stop - 1
        out = []
        for o in raws:
            if o.__class__ is not _DICT or len(o) != 10 + ("note" in o):
                raise RejectedError
            id_, item, ref, note = o["id"], o["item"], o["system"], o.get("note")
            if id_.__class__ is not _STR or item.__class__ is not _STR:
                raise RejectedError
            if note is not None and note.__class__ is not _STR:
                raise RejectedError
            supplier, recipient = _COUNTRY[o["supplier"]], _COUNTRY[o["recipient"]]
            if supplier is recipient and supplier is not Country.OTHER:
                raise RejectedError

            raw = o["period"]
            if raw.__class__ is not _DICT:
                raise RejectedError
            if len(raw) != 2 + ("approximate" in raw) + ("as_printed" in raw):
                raise RejectedError
            start, end = raw["start"], raw["end"]
            approximate, printed = raw.get("approximate", False), raw.get("as_printed")
            if (
                start.__class__ is not _INT
                or not first <= start <= last
                or approximate.__class__ is not _BOOL
                or (printed is not None and printed.__class__ is not _STR)
            ):
                raise RejectedError
            if end is not None and (end.__class__ is not _INT or not start <= end <= last):
                raise RejectedError
            key: tuple[Any, ...] = (start, end, approximate, printed)
            period = periods.get(key)
            if period is None:
                period = periods[key] = _new(Period)
                set_start(period, start)
                set_end(period, end)
                set_approximate(period, approximate)
                set_printed(period, printed and share(printed, printed))

            raw = o["quantity"]
            if raw.__class__ is not _DICT or len(raw) != 4:
                raise RejectedError
            value, qualifier, unit = raw["value"], _QUALIFIER[raw["qualifier"]], raw["unit"]
            printed = raw["as_printed"]
            if unit.__class__ is not _STR or (
                printed is not None and printed.__class__ is not _STR
            ):
                raise RejectedError
            if value is not None and (
                value.__class__ is not _INT or value < 0 or qualifier is Qualifier.UNSPECIFIED
            ):
                raise RejectedError
            key = (value, qualifier, unit, printed)
            quantity = quantities.get(key)
            if quantity is None:
                quantity = quantities[key] = _new(Quantity)
                set_value(quantity, value)
                set_qualifier(quantity, qualifier)
                set_unit(quantity, share(unit, unit))
                set_printed_value(quantity, printed and share(printed, printed))

            record = _new(Transfer)
            set_id(record, id_)
            set_item(record, item)
            set_system(record, None if ref is None else systems[ref])
            set_supplier(record, supplier)
            set_recipient(record, recipient)
            set_kind(record, _KIND[o["kind"]])
            set_period(record, period)
            set_quantity(record, quantity)
            set_confidence(record, _CONFIDENCE[o["confidence"]])
            set_cites(record, citations(o["citations"]))
            set_note(record, note)
            out.append(record)
            ids.append(id_)
        return out

    def eras_of(self, raws: Iterable[Any], ids: list[str]) -> list[Era]:
        out = []
        for o in raws:
            if o.__class__ is not _DICT or not o.keys() <= _KEYS[Era]:
                raise RejectedError
            id_, name, start, end = o["id"], o["name"], o["start"], o["end"]
            approximate, summary = o.get("approximate", False), o["summary"]
            if id_.__class__ is not _STR or name.__class__ is not _STR:
                raise RejectedError
            if summary.__class__ is not _STR or approximate.__class__ is not _BOOL:
                raise RejectedError
            _check_years(start, end)
            record = _new(Era)
            values = (id_, name, start, end, approximate, summary, self.citations(o["citations"]))
            for set_field, value in zip(_setters(Era), values, strict=True):
                set_field(record, value)
            out.append(record)
            ids.append(id_)
        return out

    def tombstones_of(self, raws: Iterable[Any], ids: list[str]) -> list[Tombstone]:
        out = []
        for o in raws:
            if o.__class__ is not _DICT or not o.keys() <= _KEYS[Tombstone]:
                raise RejectedError
            values = (o["id"], o["successor"], o["reason"], o["since"])
            if values[0].__class__ is not _STR or values[2].__class__ is not _STR:
                raise RejectedError
            if values[3].__class__ is not _STR:
                raise RejectedError
            _optional_str(values[1])
            record = _new(Tombstone)
            for set_field, value in zip(_setters(Tombstone), values, strict=True):
                set_field(record, value)
            out.append(record)
            ids.append(record.id)
        return out


_SET_CITATION_SOURCE, _SET_CITATION_QUOTE = _setters(Citation)


def _check_years(start: Any, end: Any) -> None:
    if start.__class__ is not _INT or start not in YEARS:
        raise RejectedError
    if end is not None and (end.__class__ is not _INT or end not in YEARS or end < start):
        raise RejectedError


def _records(data: Data) -> list[Any]:
    """The records of one file, parsed whole."""
    tree = json.loads(data if data.__class__ is bytes else str(data, "utf-8"))
    if tree.__class__ is not _DICT or len(tree) != 2 or "meta" not in tree:
        raise RejectedError
    raws = tree["records"]
    if raws.__class__ is not _LIST:
        raise RejectedError
    return raws


_scan: Final = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # typeshed: "context"
_SPACE: Final = re.compile(r"[ \t\n\r]*").match
_AFTER_VALUE: Final = re.compile(r"[ \t\n\r]*([,\]}])[ \t\n\r]*").match


def _space(text: str, at: int) -> int:
    """Where the whitespace from ``at`` on ends."""
    match = _SPACE(text, at)
    return match.end() if match else at


def _stream(data: Data) -> Iterator[Any]:
    """The records of one file, parsed one at a time as they are asked for.

    The file is an object with the keys "meta" and "records" in either order; json's own
    scanner parses each record, so that a record is built while its parsed object is still in
    the processor's cache instead of after the whole file's tree is. Anything but such a file
    (other keys, a key twice, a byte order mark, trailing data) raises.
    """
    text = str(data, "utf-8")
    at = _space(text, 0)
    if text[at] != "{":
        raise RejectedError
    keys = []
    at = _space(text, at + 1)
    while True:
        key, at = _scan(text, at)
        keys.append(key)
        at = _space(text, at)
        if text[at] != ":":
            raise RejectedError
        at = _space(text, at + 1)
        if key == "records":
            if text[at] != "[":
                raise RejectedError
            at = _space(text, at + 1)
            if text[at] == "]":
                at += 1
            else:
                while True:
                    record, at = _scan(text, at)
                    yield record
                    after = _AFTER_VALUE(text, at)
                    if after is None or after[1] == "}":
                        raise RejectedError
                    at = after.end()
                    if after[1] == "]":
                        break
        else:
            _, at = _scan(text, at)
        after = _AFTER_VALUE(text, at)
        if after is None or after[1] == "]":
            raise RejectedError
        at = after.end()
        if after[1] == "}":
            break
    if at != len(text) or sorted(keys) != ["meta", "records"]:
        raise RejectedError


#: Files up to this size are parsed whole, larger ones a record at a time (see `_stream`).
STREAM_FROM: Final = 1 << 21


def _parse(data: Data) -> Iterable[Any]:
    """The records of one file: parsed whole when small, streamed when large.

    A small file's parsed tree stays in the processor's cache while its records are built, and
    one `json.loads` call is the cheapest parse. A large file's tree does not fit: building each
    record just after its object is parsed, while that is still in the cache, costs less than
    the per-record scanner calls (10,000 synthetic systems load in 0.95 of the time, 100,000 in
    0.82; 1,000 would take 1.1 times as long).
    """
    return _stream(data) if len(data) >= STREAM_FROM else _records(data)


def _check_ids(ids: list[str]) -> None:
    """Unique, well-formed ids (their type was checked as each record was built).

    An id is lowercase ASCII letters and digits in groups joined by one or two hyphens: over
    all of a file's ids joined by newlines, that is a character set, no hyphen at either end
    of an id, no run of three, and no empty id, which ``bytes.translate`` and substring
    searches check in C.
    """
    if not ids:
        return
    joined = "\n".join(ids)
    if (
        len(set(ids)) != len(ids)
        or not joined
        or not joined.isascii()
        or joined.encode("ascii").translate(None, _ID_CHARACTERS)
        or joined.count("\n") != len(ids) - 1
        or any(bad in joined for bad in ("\n\n", "\n-", "-\n", "---"))
        or joined[0] in "-\n"
        or joined[-1] in "-\n"
    ):
        raise RejectedError


class Tables:
    """Every record of a dataset version, checked, with the tables built while checking."""

    __slots__ = (
        "derivations",
        "eras",
        "keys",
        "sources",
        "systems",
        "systems_by_id",
        "tombstones",
        "transfers",
    )

    def __init__(self, files: Mapping[str, Data]) -> None:
        load = _Load()
        ids: list[str] = []
        self.sources = load.sources_of(_parse(files["sources.json"]), ids)
        _check_ids(ids)
        load.sources = dict(zip(ids, ids, strict=True))
        ids = []
        labels: list[str] = []
        owners: list[System] = []
        sharers: list[System] = []
        self.systems = load.systems_of(_parse(files["systems.json"]), ids, labels, owners, sharers)
        _check_ids(ids)
        self.systems_by_id = load.systems = dict(zip(ids, self.systems, strict=True))
        self.keys = _name_keys(labels, owners, sharers)
        self.derivations = load.derivations_of(_parse(files["derivations.json"]), ids := [])
        _check_ids(ids)
        self.transfers = load.transfers_of(_parse(files["transfers.json"]), ids := [])
        _check_ids(ids)
        self.eras = load.eras_of(_parse(files["eras.json"]), ids := [])
        _check_ids(ids)
        self.tombstones = load.tombstones_of(_parse(files["tombstones.json"]), ids := [])
        _check_ids(ids)
        _check_tombstones(self.tombstones, self.systems_by_id)


def structure(files: Mapping[str, Data]) -> Tables:
    """Check and structure a dataset version's files.

    Raises:
        RejectedError: Or any other exception, when the data breaks a rule; the detailed path
            says which.
    """
    return Tables(files)


# -- the rules over whole files ------------------------------------------------------------


def _name_keys(
    labels: list[str], owners: list[System], sharers: list[System]
) -> tuple[dict[str, Holders], dict[str, str]]:
    """The name keys, checked: every label folds to a key no other system's label folds to.

    ``labels`` holds every system's name, id and aliases, ``owners`` the system of each, and
    ``sharers`` the systems with shared names, in file order.
    """
    folded = normalize_all(labels)
    keys: dict[str, Holders] = dict(zip(folded, owners, strict=True))
    # A key two systems claim holds the later one: some label's key then holds another system.
    if "" in keys or any(map(operator.is_not, map(keys.__getitem__, folded), owners)):
        raise RejectedError
    shared: dict[str, list[System]] = {}
    shown: dict[str, str] = {}
    for system in sharers:
        for label in system.shared_names:
            key = normalize(label)
            if key in keys or not key:
                raise RejectedError
            shared.setdefault(key, []).append(system)
            shown.setdefault(key, label)
    for key, holders in shared.items():
        keys[key] = tuple(holders)
    return keys, shown


def _check_tombstones(tombstones: Sequence[Tombstone], systems: Mapping[str, System]) -> None:
    if any(t.id in systems for t in tombstones):  # a withdrawn id still in use
        raise RejectedError
    successors = {t.successor for t in tombstones} - {None}
    if not successors <= systems.keys():
        raise RejectedError
