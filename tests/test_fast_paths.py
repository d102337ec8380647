"""The fast loader, name folding and suggestions agree with the detailed, exhaustive ones."""

from __future__ import annotations

import json
import string
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import soviet_dprk as sd
from soviet_dprk import _load
from soviet_dprk._names import Suggester, _normalize_unicode, normalize, normalize_all, suggest
from soviet_dprk._query import Index


def files_of(root: Path | _load.Traversable, version: str) -> dict[str, bytes]:
    return {name: (root / version / name).read_bytes() for name in _load.FILES}


@pytest.mark.parametrize("version", sd.versions())
def test_the_fast_path_loads_what_the_detailed_path_loads(version: str) -> None:
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
