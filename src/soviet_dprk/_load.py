"""Reading, structuring and validating shipped dataset versions, once per version.

A version loads along one of two paths over the same bytes. The fast path structures every
record with cattrs functions generated without detailed validation, shares equal citations,
checks the dataset's rules a whole column at a time, and pauses the garbage collector while it
allocates (a collector pass over half-built records finds no garbage and costs more than the
load). Whatever the fast path rejects, for any reason, goes down the detailed path: cattrs'
detailed validation and the checks one record at a time, which raise the `DatasetError` that
names the file, the record and the field. Valid data never takes the detailed path.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import operator
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain, repeat
from typing import Any, Final, TypeVar

import cattrs
from cattrs.gen import make_dict_structure_fn, override

from ._dataset import Dataset
from ._errors import DatasetError, IncompleteInstallationError, UnknownVersionError
from ._model import (
    Category,
    Citation,
    Confidence,
    Country,
    Derivation,
    Era,
    Qualifier,
    Relation,
    Source,
    System,
    Tombstone,
    Transfer,
    TransferKind,
)
from ._names import normalize, normalize_all
from ._query import Holders, Index

if sys.version_info >= (3, 11):
    from importlib.resources import files
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - exercised on Python 3.10 only
    from importlib_resources import files  # type: ignore[import-not-found, unused-ignore]
    from importlib_resources.abc import (  # type: ignore[import-not-found, unused-ignore]
        Traversable,
    )

__all__ = ["ENV_VAR", "FILES", "data_root", "load", "load_from", "versions"]

#: The environment variable that pins the default dataset version.
ENV_VAR: Final = "SOVIET_DPRK_DATASET_VERSION"
#: The files every dataset version consists of, in load order.
FILES: Final = (
    "sources.json",
    "systems.json",
    "derivations.json",
    "transfers.json",
    "eras.json",
    "tombstones.json",
)
_VERSION_RE: Final = re.compile(r"\A(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\Z")
_ID_RE: Final = re.compile(r"\A[a-z0-9]+(?:--?[a-z0-9]+)*\Z")
_MAX_QUOTE: Final = 400
_YEARS: Final = range(1900, 2101)

T = TypeVar("T")
R = TypeVar("R", bound=Any)


def data_root() -> Traversable:
    """The folder of shipped dataset versions inside the installed package."""
    return files("soviet_dprk") / "data"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def versions_in(root: Traversable) -> tuple[str, ...]:
    """The dataset versions below ``root``, oldest first."""
    found = [p.name for p in root.iterdir() if p.is_dir() and _VERSION_RE.match(p.name)]
    return tuple(sorted(found, key=_version_key))


def versions() -> tuple[str, ...]:
    """Return the dataset versions shipped with this installation, oldest first.

    >>> versions()[0]
    '1.0.0'
    """
    return versions_in(data_root())


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

    def __init__(self, version: str, files: Mapping[str, bytes]) -> None:
        self.version = version
        self.files = files

    def where(self, name: str) -> str:
        return f"{self.version}/{name}"

    def records(self, name: str) -> list[dict[str, Any]]:
        where = self.where(name)
        raw = self.files[name]
        try:
            tree = json.loads(raw.decode("utf-8"))
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


def load_from(root: Traversable, version: str) -> Dataset:
    """Load and validate the dataset version in ``root / version``.

    The package calls this with its own data folder; benchmarks and tests pass another.

    Raises:
        UnknownVersionError: ``root`` holds no such version.
        DatasetError: A file is missing or invalid (the message names file, record and field).
    """
    available = versions_in(root)
    if version not in available:
        raise UnknownVersionError(version, available)
    files: dict[str, bytes] = {}
    for name in FILES:
        try:
            files[name] = (root / version / name).read_bytes()
        except (FileNotFoundError, NotADirectoryError) as exc:
            raise IncompleteInstallationError(f"{version}/{name}") from exc
    digest = _Digest(version, files)
    try:
        dataset = _load_fast(version, files, digest)
    except Exception:  # whatever it is, the detailed path words it
        dataset = None
    if dataset is None:
        dataset = _load_detailed(version, files, digest)
    return dataset


class _Digest:
    """The SHA-256 sums of a version's files, computed beside the parsing on a second core.

    hashlib releases the GIL on large buffers, so a thread hashes while the main thread parses;
    small data (the shipped versions) is hashed in line, as a thread would cost more.
    """

    _THREAD_FROM: Final = 1 << 20

    def __init__(self, version: str, files: Mapping[str, bytes]) -> None:
        self._version = version
        self._files = files
        self._value = ""
        self._thread: threading.Thread | None = None
        if sum(map(len, files.values())) >= self._THREAD_FROM:
            self._thread = threading.Thread(target=self._compute, daemon=True)
            self._thread.start()
        else:
            self._compute()

    def _compute(self) -> None:
        lines = "".join(
            f"{hashlib.sha256(raw).hexdigest()}  {self._version}/{name}\n"
            for name, raw in self._files.items()
        )
        self._value = "sha256:" + hashlib.sha256(lines.encode()).hexdigest()

    def value(self) -> str:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        return self._value


# -- the fast path -------------------------------------------------------------------------


class _RejectedError(Exception):
    """The fast path met something it does not explain; the detailed path will."""


class _Context:
    """What the fast path's hooks need from the load under way (one per thread)."""

    __slots__ = ("citations", "sources", "systems")

    def __init__(self) -> None:
        self.citations: dict[str | tuple[str, str], Citation] = {}
        self.sources: dict[str, str] = {}
        self.systems: dict[str, System] = {}


_local: Final = threading.local()


def _fast_str(value: Any, _: Any) -> str:
    if value.__class__ is str:
        return value
    raise _RejectedError


def _fast_int(value: Any, _: Any) -> int:
    if value.__class__ is int:
        return value
    raise _RejectedError


def _fast_bool(value: Any, _: Any) -> bool:
    if value.__class__ is bool:
        return value
    raise _RejectedError


def _fast_optional_str(value: Any, _: Any) -> str | None:
    if value is None or value.__class__ is str:
        return value
    raise _RejectedError


def _fast_optional_int(value: Any, _: Any) -> int | None:
    if value is None or value.__class__ is int:
        return value
    raise _RejectedError


def _fast_strings(value: Any, _: Any) -> tuple[str, ...]:
    if value.__class__ is not list:
        raise _RejectedError
    for item in value:
        if item.__class__ is not str:
            raise _RejectedError
    return tuple(value)


def _fast_enum(enum: type[T]) -> Callable[[Any, Any], T]:
    members: dict[Any, T] = {m.value: m for m in enum}  # type: ignore[attr-defined]

    def structure(value: Any, _: Any) -> T:
        return members[value]  # an unknown or unhashable value rejects

    return structure


def _fast_citations(value: Any, _: Any) -> tuple[Citation, ...]:
    # Equal citations are one object (the sources repeat their key sentences), and each is
    # checked once: a known source, a quote that is a non-empty str of at most _MAX_QUOTE.
    # Citations are kept by quote; the rare quote cited from two sources is kept by both.
    if value.__class__ is not list or not value:
        raise _RejectedError
    context: _Context = _local.context
    known = context.citations
    out = []
    for raw in value:
        quote = raw["quote"]
        citation = known.get(quote)
        if citation is None or citation.source != raw["source"]:
            citation = known.get((raw["source"], quote))
            if citation is None:
                citation = _new_citation(context, raw["source"], quote)
        if len(raw) != 2:  # a key beside source and quote
            raise _RejectedError
        out.append(citation)
    return tuple(out)


def _new_citation(context: _Context, source: Any, quote: Any) -> Citation:
    canonical = context.sources[source]  # the Source's own id string, shared
    if quote.__class__ is not str or not quote.strip() or len(quote) > _MAX_QUOTE:
        raise _RejectedError
    citation = Citation(source=canonical, quote=quote)
    known = context.citations
    if known.setdefault(quote, citation) is not citation:  # the quote is another source's too
        known[(canonical, quote)] = citation
    return citation


def _fast_system(value: Any, _: Any) -> System:
    return _local.context.systems[value]  # type: ignore[no-any-return]


def _fast_optional_system(value: Any, _: Any) -> System | None:
    if value is None:
        return None
    return _local.context.systems[value]  # type: ignore[no-any-return]


def _make_fast_hooks() -> dict[type, Callable[[Any, Any], Any]]:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=False)
    converter.register_structure_hook(str, _fast_str)
    converter.register_structure_hook(int, _fast_int)
    converter.register_structure_hook(bool, _fast_bool)
    converter.register_structure_hook_func(lambda t: t == (str | None), _fast_optional_str)
    converter.register_structure_hook_func(lambda t: t == (int | None), _fast_optional_int)
    converter.register_structure_hook_func(lambda t: t == tuple[str, ...], _fast_strings)
    converter.register_structure_hook_func(lambda t: t == tuple[Citation, ...], _fast_citations)
    for enum in (Category, Confidence, Country, Qualifier, Relation, TransferKind):
        converter.register_structure_hook(enum, _fast_enum(enum))
    # make_dict_structure_fn is cattrs' public generator since 22.1 (get_structure_hook is 24.1).
    hooks: dict[type, Callable[[Any, Any], Any]] = {
        cls: make_dict_structure_fn(
            cls, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=False
        )
        for cls in (Source, System, Era, Tombstone)
    }
    hooks[Derivation] = make_dict_structure_fn(
        Derivation,
        converter,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=False,
        child=override(struct_hook=_fast_system),
        parent=override(struct_hook=_fast_system),
    )
    hooks[Transfer] = make_dict_structure_fn(
        Transfer,
        converter,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=False,
        system=override(struct_hook=_fast_optional_system),
    )
    return hooks


_fast_hooks_made: list[dict[type, Callable[[Any, Any], Any]]] = []


def _fast_hooks() -> dict[type, Callable[[Any, Any], Any]]:
    """The generated structure functions, made on the first load (generating twice is harmless)."""
    if not _fast_hooks_made:
        _fast_hooks_made.append(_make_fast_hooks())
    return _fast_hooks_made[0]


# One regular expression over all of a file's ids, joined by newlines, checks them in C.
_IDS_RE: Final = re.compile(r"(?:[a-z0-9]+(?:--?[a-z0-9]+)*(?:\n|\Z))*")
_id: Final = operator.attrgetter("id")


def _fast_records(raw: bytes, cls: type[R]) -> list[R]:
    tree = json.loads(raw)
    if tree.__class__ is not dict or len(tree) != 2 or "meta" not in tree:
        raise _RejectedError
    records = tree["records"]
    if records.__class__ is not list:
        raise _RejectedError
    structure = _fast_hooks()[cls]
    out = list(map(structure, records, repeat(cls)))
    ids = list(map(_id, out))
    joined = "\n".join(ids)
    distinct = set(ids)
    if (
        len(distinct) != len(ids)
        or "" in distinct
        or joined.count("\n") != max(len(ids) - 1, 0)
        or not _IDS_RE.fullmatch(joined)
    ):
        raise _RejectedError
    return out


def _load_fast(version: str, files: Mapping[str, bytes], digest: _Digest) -> Dataset:
    context = _Context()
    _local.context = context
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_fast(version, files, digest, context)
    finally:
        _local.context = None
        if collecting:
            gc.enable()


def _build_fast(
    version: str, files: Mapping[str, bytes], digest: _Digest, context: _Context
) -> Dataset:
    sources = _fast_records(files["sources.json"], Source)
    context.sources = {s.id: s.id for s in sources}
    systems = _fast_records(files["systems.json"], System)
    by_id = context.systems = dict(zip(map(_id, systems), systems, strict=True))
    keys = _fast_name_keys(systems)
    derivations = _fast_records(files["derivations.json"], Derivation)
    transfers = _fast_records(files["transfers.json"], Transfer)
    eras = _fast_records(files["eras.json"], Era)
    tombstones = _fast_records(files["tombstones.json"], Tombstone)
    _fast_check_derivations(derivations)
    _fast_check_transfers(transfers)
    _check_eras(version, eras)
    _check_tombstones(version, tombstones, by_id)
    s, d, t, e, tomb = (
        tuple(systems),
        tuple(derivations),
        tuple(transfers),
        tuple(eras),
        tuple(tombstones),
    )
    index = Index(s, d, t, e, tomb, keys=keys, systems_by_id=by_id)
    if index.has_cycle():
        raise _RejectedError
    return Dataset(
        version=version,
        digest=digest.value(),
        systems=s,
        derivations=d,
        transfers=t,
        eras=e,
        sources=tuple(sources),
        tombstones=tomb,
        index=index,
    )


def _fast_name_keys(systems: Sequence[System]) -> tuple[dict[str, Holders], dict[str, str]]:
    """The name keys, checked: every label folds to a key no other system's label folds to."""
    aliases = list(map(operator.attrgetter("aliases"), systems))
    labels = [
        *map(operator.attrgetter("name"), systems),
        *map(_id, systems),
        *chain.from_iterable(aliases),
    ]
    numbers = range(len(systems))
    owners = [
        *numbers,
        *numbers,
        *chain.from_iterable(map(repeat, numbers, map(len, aliases))),
    ]
    folded = normalize_all(labels)
    owner_of = dict(zip(folded, owners, strict=True))
    if "" in owner_of or len(owner_of) != len(set(zip(folded, owners, strict=True))):
        raise _RejectedError
    keys: dict[str, Holders] = dict(
        zip(owner_of, map(systems.__getitem__, owner_of.values()), strict=True)
    )
    shared: dict[str, list[System]] = {}
    shown: dict[str, str] = {}
    for system in systems:
        for label in system.shared_names:
            key = normalize(label)
            if key in keys or not key:
                raise _RejectedError
            shared.setdefault(key, []).append(system)
            shown.setdefault(key, label)
    for key, holders in shared.items():
        keys[key] = tuple(holders)
    return keys, shown


def _fast_check_derivations(derivations: Sequence[Derivation]) -> None:
    children = map(operator.attrgetter("child"), derivations)
    parents = map(operator.attrgetter("parent"), derivations)
    if any(map(operator.is_, children, parents)):
        raise _RejectedError
    if not set(map(operator.attrgetter("depth"), derivations)) <= {1}:
        raise _RejectedError


def _fast_check_transfers(transfers: Sequence[Transfer]) -> None:
    if not transfers:
        return
    starts = list(map(operator.attrgetter("period.start"), transfers))
    ends = list(map(operator.attrgetter("period.end"), transfers))
    closed = [end for end in ends if end is not None]
    years = starts + closed
    if min(years) < _YEARS.start or max(years) >= _YEARS.stop:
        raise _RejectedError
    if any(end is not None and end < start for start, end in zip(starts, ends, strict=True)):
        raise _RejectedError
    values = list(map(operator.attrgetter("quantity.value"), transfers))
    if min((v for v in values if v is not None), default=0) < 0:
        raise _RejectedError
    qualifiers = map(operator.attrgetter("quantity.qualifier"), transfers)
    if any(
        q is Qualifier.UNSPECIFIED and v is not None
        for q, v in zip(qualifiers, values, strict=True)
    ):
        raise _RejectedError
    suppliers = map(operator.attrgetter("supplier"), transfers)
    recipients = map(operator.attrgetter("recipient"), transfers)
    if any(s is r and s is not Country.OTHER for s, r in zip(suppliers, recipients, strict=True)):
        raise _RejectedError


# -- the detailed path ---------------------------------------------------------------------


def _load_detailed(version: str, files: Mapping[str, bytes], digest: _Digest) -> Dataset:
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
        digest=digest.value(),
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


# -- the cache -----------------------------------------------------------------------------

_cache: dict[str, Dataset] = {}
_lock: Final = threading.Lock()
_newest_found: list[str] = []


def _newest() -> str:
    if not _newest_found:
        shipped = versions()
        if not shipped:
            raise IncompleteInstallationError("data")
        _newest_found.append(shipped[-1])
    return _newest_found[0]


def load(version: str | None = None) -> Dataset:
    """Return a shipped dataset version, loading and validating it on first use.

    Args:
        version: A version such as ``"1.0.0"``. ``None`` means the version named by the
            environment variable ``SOVIET_DPRK_DATASET_VERSION`` when it is set, else the
            newest shipped version.

    Raises:
        UnknownVersionError: No such version is shipped.
        DatasetError: The shipped data is missing or invalid.
        TypeError: ``version`` is neither a str nor ``None``.

    >>> load("1.0.0").version
    '1.0.0'
    """
    if version is None:
        version = os.environ.get(ENV_VAR) or None
    if version is not None and not isinstance(version, str):
        raise TypeError(f"a dataset version must be a str or None, not {type(version).__name__}")
    if version is None:
        version = _newest()
    cached = _cache.get(version)
    if cached is not None:
        return cached
    with _lock:
        cached = _cache.get(version)
        if cached is None:
            cached = _cache[version] = load_from(data_root(), version)
        return cached
