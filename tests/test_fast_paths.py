"""The fast loader, name folding and suggestions agree with the detailed, exhaustive ones."""

from __future__ import annotations

import json
import string
import unicodedata
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import soviet_dprk as sd
from soviet_dprk import _detailed, _fast, _load
from soviet_dprk._names import (
    _CONFUSABLES,
    Suggester,
    _normalize_unicode,
    normalize,
    normalize_all,
    suggest,
)
from soviet_dprk._query import Index


def files_of(root: Path | _load.Traversable, version: str) -> dict[str, bytes]:
    return {name: (root / version / name).read_bytes() for name in _load.FILES}


@pytest.mark.parametrize("stream_from", [0, 1 << 40], ids=["streamed", "parsed-whole"])
@pytest.mark.parametrize("version", sd.versions())
def test_the_fast_path_loads_what_the_detailed_path_loads(
    version: str, stream_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_fast, "STREAM_FROM", stream_from)
    files = files_of(_load.data_root(), version)
    digest = _load._Digest(version, files)
    fast = _load._load_fast(version, files, digest)
    detailed = _load._load_detailed(version, files, digest)
    assert detailed == fast
    for system in detailed.systems:
        assert detailed.origin_of(system.id) == fast.origin_of(system.id)
        for transitive in (False, True):
            assert detailed.derived_from(system.id, transitive=transitive) == fast.derived_from(
                system.id, transitive=transitive
            )
            assert detailed.derivatives_of(system.id, transitive=transitive) == fast.derivatives_of(
                system.id, transitive=transitive
            )


def test_equal_citations_are_one_object() -> None:
    files = files_of(_load.data_root(), "1.1.0")
    data = _load._load_fast("1.1.0", files, _load._Digest("1.1.0", files))
    citations = [c for s in data.systems for c in s.citations]
    assert len({id(c) for c in citations}) == len(set(citations))
    source_ids = {id(s.id) for s in data.sources}
    assert all(id(c.source) in source_ids for c in citations)


def test_bad_data_is_explained_by_the_detailed_path(data_copy: Path) -> None:
    path = data_copy / "1.0.0" / "systems.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"tank"', '"spaceship"', 1))
    files = files_of(data_copy, "1.0.0")
    with pytest.raises(KeyError):  # the fast path only rejects: an unknown enum value
        _load._load_fast("1.0.0", files, _load._Digest("1.0.0", files))
    with pytest.raises(sd.DatasetError, match="spaceship"):
        _load.load_from(data_copy, "1.0.0")


def test_a_long_dataset_is_hashed_beside_the_parsing() -> None:
    files = {"a.json": b"x" * (1 << 21)}
    threaded = _load._Digest("9.9.9", files)
    assert threaded.value() == threaded.value()
    assert threaded.value().startswith("sha256:")


@given(st.text(alphabet=string.printable))
def test_the_ascii_fold_is_the_unicode_fold(text: str) -> None:
    assert _normalize_unicode(text) == normalize(text)


@given(st.lists(st.text(max_size=12), max_size=8))
def test_folding_a_batch_is_folding_each(labels: list[str]) -> None:
    assert [normalize(label) for label in labels] == normalize_all(labels)


def test_a_lineage_cycle_is_found() -> None:
    data = sd.load("1.1.0")
    assert not data._index.has_cycle()
    edge = data.derivations[0]
    back = attrs.evolve(edge, id="back", child=edge.parent, parent=edge.child)
    index = Index(data.systems, (*data.derivations, back), data.transfers, data.eras, ())
    assert index.has_cycle()


def test_large_name_sets_are_prefiltered_by_trigrams() -> None:
    names = {f"system{i}": f"System {i}" for i in range(3000)}
    names["pokpungho"] = "Pokpung-ho"
    names["chonmaho"] = "Chonma-ho"
    suggester = Suggester(names)
    assert ("Pokpung-ho",) == suggester("pokpongho")[:1]
    assert suggest("chonmaho", names)[:1] == suggester("chonmahoo")[:1]
    assert () == suggester("")
    assert () == suggester("x" * 100)


def test_one_quote_from_two_sources_stays_two_citations(data_copy: Path) -> None:
    path = data_copy / "1.0.0" / "systems.json"
    tree = json.loads(path.read_text(encoding="utf-8"))
    first, second = tree["records"][0], tree["records"][1]
    quote = first["citations"][0]["quote"]
    sources = json.loads((data_copy / "1.0.0" / "sources.json").read_text(encoding="utf-8"))
    other = next(r["id"] for r in sources["records"] if r["id"] != first["citations"][0]["source"])
    second["citations"].append({"source": other, "quote": quote})
    first["citations"].append({"source": other, "quote": quote})
    path.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    files = files_of(data_copy, "1.0.0")
    data = _load._load_fast("1.0.0", files, _load._Digest("1.0.0", files))
    a, b = data.systems[0].citations[0], data.systems[1].citations[-1]
    assert (a.quote, a.source != b.source) == (b.quote, True)
    assert data.systems[0].citations[-1] is b
    assert data == _load._load_detailed("1.0.0", files, _load._Digest("1.0.0", files))


# -- the fast path accepts exactly what the detailed path accepts ----------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 3000) | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
EDGES = [" ", " \t", "x" * 401, -1, 0, 1899, 2101, True, [], {}, [{}], ["t-34"], "T-34", "t-34!"]


def _leaves(node: object) -> list[object]:
    if isinstance(node, dict):
        return [leaf for value in node.values() for leaf in _leaves(value)]
    if isinstance(node, list):
        return [leaf for value in node for leaf in _leaves(value)]
    return [node]


def _places(node: object, path: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
    """Every key of every object below ``node``, and one key no object has."""
    found: list[tuple[str | int, ...]] = []
    if isinstance(node, dict):
        found.append((*path, "unknown"))
        for key, value in node.items():
            found.append((*path, key))
            found.extend(_places(value, (*path, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(_places(value, (*path, i)))
    return found


class Breakable:
    """A shipped version's parsed files, the places a break can hit, and the values it uses.

    The values are the data's own (ids, enum values, years, quotes), so that a break can make a
    duplicate, a dangling or a circular reference, values on the edge of each rule, and any
    JSON value.
    """

    def __init__(self, version: str) -> None:
        self.version = version
        self.trees = {n: json.loads(raw) for n, raw in files_of(_load.data_root(), version).items()}
        # Each file is as likely to be broken as any other, the small ones (eras, tombstones)
        # as the large ones.
        self.places = {n: _places(tree, ()) for n, tree in self.trees.items()}
        leaves = {repr(v): v for tree in self.trees.values() for v in _leaves(tree)}
        self.values = (
            st.sampled_from(sorted(leaves.values(), key=repr))
            | st.sampled_from(EDGES)
            | JSON_VALUES
        )


FOUNDING = Breakable("1.0.0")
NEWEST = Breakable(sd.versions()[-1])


@st.composite
def broken(draw: st.DrawFn, version: Breakable) -> dict[str, bytes]:
    """The version with one key anywhere removed, added, or given another value.

    The value is a drawn one, a sibling key's (a derivation's parent as its child, say), the
    same key's in another record of the file (a second record with the same id, say), or a key's
    in a record of any file (a live system's id as a tombstone's, say).
    """
    trees = json.loads(json.dumps(version.trees))
    name = draw(st.sampled_from(sorted(version.places)))
    path = list(draw(st.sampled_from(version.places[name])))
    parent = trees[name]
    for step in path[:-1]:
        parent = parent[step]
    key = path[-1]
    how = draw(st.sampled_from(["remove", "draw", "sibling", "other record", "other file"]))
    if how == "remove":
        parent.pop(key, None)
    elif how == "sibling" and parent:
        parent[key] = parent[draw(st.sampled_from(sorted(parent)))]
    elif how == "other record" and len(path) >= 3 and path[0] == "records":
        other = draw(st.sampled_from(trees[name]["records"]))
        for step in path[2:-1]:
            other = other.get(step) if isinstance(other, dict) else None
        parent[key] = other.get(key) if isinstance(other, dict) else None
    elif how == "other file" and len(path) == 3 and path[0] == "records":
        # A top-level key of a record in any file (a live system id as a tombstone's id, say).
        records = trees[draw(st.sampled_from(sorted(trees)))]["records"]
        other = draw(st.sampled_from(records)) if records else {}
        parent[key] = other.get(key, other.get("id"))
    else:
        parent[key] = draw(version.values)
    return {n: json.dumps(tree, ensure_ascii=False).encode() for n, tree in trees.items()}


def _both_paths_agree(version: str, files: dict[str, bytes]) -> None:
    digest = _load._Digest(version, files)
    try:
        detailed = _load._load_detailed(version, files, digest)
    except sd.DatasetError:
        with pytest.raises(Exception):  # noqa: B017, PT011 - the fast path only rejects
            _load._load_fast(version, files, digest)
    else:
        assert _load._load_fast(version, files, digest) == detailed


@settings(max_examples=1500, deadline=None)
@given(broken(FOUNDING))
def test_the_fast_path_accepts_only_what_the_detailed_path_accepts(
    files: dict[str, bytes],
) -> None:
    _both_paths_agree(FOUNDING.version, files)


@settings(max_examples=300, deadline=None)
@given(broken(NEWEST))
def test_so_it_does_on_the_newest_version(files: dict[str, bytes]) -> None:
    """The newest version has what the founding one lacks: tombstones, aliases, shared names."""
    _both_paths_agree(NEWEST.version, files)


IDS = st.lists(st.text(alphabet="az09-\n_Aé ", max_size=7), max_size=6)


@given(IDS)
def test_ids_are_checked_as_the_detailed_path_checks_them(ids: list[str]) -> None:
    valid = len(set(ids)) == len(ids) and all(_detailed._ID_RE.match(i) for i in ids)
    if valid:
        _fast._check_ids(ids)
    else:
        with pytest.raises(_fast.RejectedError):
            _fast._check_ids(ids)


def test_every_record_class_is_built_by_storing_its_slots() -> None:
    for cls in _fast.FIELDS:
        _fast.check_model(cls)

    @attrs.frozen
    class Checked:
        x: int = attrs.field(validator=attrs.validators.instance_of(int))

    with pytest.raises(TypeError, match="Checked"):
        _fast.check_model(Checked)


def test_records_built_by_their_slots_are_the_records_init_builds() -> None:
    data = sd.load("1.0.0")
    for record in (*data.systems, *data.derivations, *data.transfers, *data.eras, *data.sources):
        cls = type(record)
        rebuilt = cls(**{a.alias: getattr(record, a.name) for a in attrs.fields(cls)})
        assert rebuilt == record
        assert hash(rebuilt) == hash(record)
        assert repr(rebuilt) == repr(record)


# -- large files are parsed a record at a time ----------------------------------------------


def _parsed_whole(data: bytes) -> list[object] | None:
    try:
        return list(_fast._records(data))
    except Exception:
        return None


def _streamed(data: bytes) -> list[object] | None:
    try:
        return list(_fast._stream(data))
    except Exception:
        return None


@pytest.mark.parametrize("name", _load.FILES)
@pytest.mark.parametrize("version", sd.versions())
def test_a_streamed_file_yields_the_records_json_loads_parses(version: str, name: str) -> None:
    data = (_load.data_root() / version / name).read_bytes()
    assert _streamed(data) == _parsed_whole(data) == json.loads(data)["records"]


SPACE = st.text(alphabet=" \t\n\r", max_size=3)


@st.composite
def files_with_records(draw: st.DrawFn) -> bytes:
    """A file as the loader reads it, written with any JSON whitespace, keys in any order."""
    records = draw(st.lists(st.dictionaries(st.text(max_size=4), JSON_VALUES, max_size=3)))
    meta = draw(JSON_VALUES)
    items = [("meta", meta), ("records", records)]
    if draw(st.booleans()):
        items.reverse()

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=draw(st.booleans()))

    parts = []
    for key, value in items:
        if key == "records":
            body = ",".join(f"{draw(SPACE)}{dump(r)}{draw(SPACE)}" for r in records)
            written = f"[{body or draw(SPACE)}]"
        else:
            written = dump(value)
        parts.append(f"{draw(SPACE)}{dump(key)}{draw(SPACE)}:{draw(SPACE)}{written}{draw(SPACE)}")
    return f"{draw(SPACE)}{{{','.join(parts)}}}{draw(SPACE)}".encode()


@given(files_with_records())
def test_streaming_parses_any_file_json_loads_parses(data: bytes) -> None:
    assert _streamed(data) == json.loads(data)["records"]


@given(files_with_records(), st.data())
def test_streaming_accepts_only_what_json_loads_accepts(data: bytes, draw: st.DataObject) -> None:
    ends = [0, len(data), *(i for i, byte in enumerate(data) if byte in b",:]}")]
    at = draw.draw(st.integers(0, len(data)) | st.sampled_from(ends))
    how = draw.draw(st.sampled_from(["drop", "insert"]))
    if how == "drop":
        broken = data[:at] + data[at + 1 :]
    else:
        broken = (
            data[:at]
            + draw.draw(st.sampled_from([b",", b"]", b"}", b"{", b'"', b"x", b"1"]))
            + data[at:]
        )
    streamed = _streamed(broken)
    if streamed is not None:
        assert streamed == _parsed_whole(broken)


@pytest.mark.parametrize(
    "text",
    [
        '{"meta": {}, "records": [{"id": "a"}]} x',
        '{"meta": {}, "records": [{"id": "a"}]}{}',
        '{"meta": {}, "records": [{"id": "a"}], "more": 1}',
        '{"meta": {}, "records": [{"id": "a"}], "records": []}',
        '{"records": [{"id": "a"}]}',
        '{"meta": {}, "records": [{"id": "a"},]}',
        '{"meta": {}, "records": [{"id": "a"} {"id": "b"}]}',
        '{"meta": {}, "records": {"id": "a"}}',
        '\ufeff{"meta": {}, "records": []}',
        '{"meta": {}, "records": [{"id": "a"}}',
    ],
)
def test_streaming_refuses_what_is_not_a_records_file(text: str) -> None:
    assert _streamed(text.encode()) is None


def _fold_one_character_at_a_time(name: str) -> str:
    """The Unicode fold written out plainly, as `normalize`'s translate tables must match."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = unicodedata.normalize("NFC", stripped).casefold().translate(_CONFUSABLES)
    return "".join(
        c for c in folded if c.isalnum() and (c < "\x80" or unicodedata.category(c) != "Lm")
    )


@settings(max_examples=500)
@given(st.text())
def test_the_unicode_fold_is_the_plain_fold(text: str) -> None:
    assert _normalize_unicode(text) == _fold_one_character_at_a_time(text)


def test_the_fold_keeps_a_bounded_table() -> None:
    from soviet_dprk import _names

    normalize("".join(map(chr, range(0x4E00, 0x4E00 + 3 * _names._TABLE_SIZE))))
    assert len(_names._KEPT) <= _names._TABLE_SIZE
    assert len(_names._UNMARKED) <= _names._TABLE_SIZE


def test_equal_periods_quantities_and_units_are_one_object() -> None:
    files = files_of(_load.data_root(), "1.1.0")
    data = _load._load_fast("1.1.0", files, _load._Digest("1.1.0", files))
    periods = [t.period for t in data.transfers]
    quantities = [t.quantity for t in data.transfers]
    assert len({id(p) for p in periods}) == len(set(periods)) < len(periods)
    assert len({id(q) for q in quantities}) == len(set(quantities)) < len(quantities)
    units = [q.unit for q in quantities]
    assert len({id(u) for u in units}) == len(set(units))
