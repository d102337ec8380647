"""The benchmarks' synthetic datasets: the real schema, validated and loaded by `load_from`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import soviet_dprk as sd
from soviet_dprk._load import load_from

# benchmarks/ is not a package: its folder goes on the path before the import below.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic import VERSION, write_dataset

FILES = {f"{name}.json" for name in ("sources", "systems", "derivations", "transfers", "eras")}
FILES |= {"tombstones.json"}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    write_dataset(root, 600)
    return root


@pytest.fixture(scope="module")
def data(root: Path) -> sd.Dataset:
    return load_from(root, VERSION)


def test_the_validator_takes_it_in_the_shipped_proportions(root: Path, data: sd.Dataset) -> None:
    assert FILES == {p.name for p in (root / VERSION).iterdir()}
    assert 600 == len(data.systems)
    assert 300 < len(data.derivations) < 500
    assert 420 == len(data.transfers)
    assert 1_500 == len(data.sources)
    assert data.eras


def test_it_has_aliases_shared_names_deep_lineage_and_citations(data: sd.Dataset) -> None:
    assert any(len(s.aliases) > 1 for s in data.systems)
    shared = next(s for s in data.systems if s.shared_names)
    with pytest.raises(sd.AmbiguousNameError):
        data.system(shared.shared_names[0])
    assert max(d.depth for s in data.systems for d in data.derived_from(s.id, transitive=True)) > 2
    assert all(1 <= len(s.citations) <= 5 for s in data.systems)
    assert any(t.system is None for t in data.transfers)
    assert data.by_era(1970)


def test_diamonds_meet_again_and_lead_to_foreign_designs(tmp_path: Path) -> None:
    write_dataset(tmp_path, 200, diamonds=True)
    data = load_from(tmp_path, VERSION)
    made_here = [s for s in data.systems if s.origin is sd.Country.DPRK]
    assert sum(len(data.derived_from(s.id)) >= 2 for s in made_here) > len(made_here) / 2
    deepest = max(made_here, key=lambda s: len(data.derived_from(s.id, transitive=True)))
    assert len(data.derived_from(deepest.id, transitive=True)) > 6
    for system in made_here:
        roots = data.origin_of(system.id).roots
        assert roots
        assert all(r.origin is not sd.Country.DPRK for r in roots)


def test_every_file_opens_with_its_meta(tmp_path: Path) -> None:
    for raw in write_dataset(tmp_path, 20).values():
        tree = json.loads(raw)
        assert {"meta", "records"} == set(tree)
        assert "synthetic" in tree["meta"]["scope"].lower()


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    assert write_dataset(tmp_path / "a", 50) == write_dataset(tmp_path / "b", 50)
    assert write_dataset(tmp_path / "c", 50, seed=1) != write_dataset(tmp_path / "d", 50)


def test_a_misspelt_synthetic_name_gets_a_suggestion(data: sd.Dataset) -> None:
    name = data.systems[123].name
    with pytest.raises(sd.UnknownNameError) as info:
        data.system(name[:-1] + "x" + name[-1])
    assert name in info.value.suggestions


def test_the_generator_refuses_a_dataset_too_small() -> None:
    with pytest.raises(ValueError, match="two systems"):
        write_dataset(Path("unused"), 1)


def test_it_is_validated_not_trusted(tmp_path: Path) -> None:
    systems = tmp_path / VERSION / "systems.json"
    write_dataset(tmp_path, 20)
    systems.write_bytes(systems.read_bytes().replace(b'"category": "', b'"category": "space', 1))
    with pytest.raises(sd.DatasetError, match=r"systems\.json.*space"):
        load_from(tmp_path, VERSION)
