"""The benchmarks' synthetic datasets: the real schema, loaded by the package's own loader."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import soviet_dprk as sd
from soviet_dprk import _load

# benchmarks/ is not a package: its folder goes on the path before the import below.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic import VERSION, write_dataset


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("synthetic")
    return root, write_dataset(root, 600)


def test_the_loader_takes_it_as_it_takes_shipped_data(
    synthetic: tuple[Path, dict[str, bytes]],
) -> None:
    root, files = synthetic
    assert set(_load.FILES) == set(files)
    data = _load.load_from(root, VERSION)
    assert not data.released  # synthetic data is validated
    assert 600 == len(data.systems)
    assert 400 < len(data.derivations) < 500
    assert 420 == len(data.transfers)
    assert 10 == len(data.eras)
    assert set(files) == {p.name for p in (root / VERSION).iterdir()}


def test_it_has_aliases_shared_names_deep_lineage_and_citations(
    synthetic: tuple[Path, dict[str, bytes]],
) -> None:
    root, _ = synthetic
    data = _load.load_from(root, VERSION)
    assert any(s.aliases for s in data.systems)
    shared = next(s for s in data.systems if s.shared_names)
    with pytest.raises(sd.AmbiguousNameError):
        data.system(shared.shared_names[0])
    assert max(d.depth for s in data.systems for d in data.derived_from(s.id, transitive=True)) > 2
    assert all(s.citations for s in data.systems)
    assert any(t.system is None for t in data.transfers)
    assert data.by_era("chinese-role")


def test_every_file_opens_with_its_meta(synthetic: tuple[Path, dict[str, bytes]]) -> None:
    _, files = synthetic
    for raw in files.values():
        tree = json.loads(raw)
        assert {"meta", "records"} == set(tree)
        assert "synthetic" in tree["meta"]["scope"].lower()


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    assert write_dataset(tmp_path / "a", 50) == write_dataset(tmp_path / "b", 50)
    assert write_dataset(tmp_path / "c", 50, seed=1) != write_dataset(tmp_path / "d", 50)


def test_a_misspelt_synthetic_name_gets_a_suggestion(tmp_path: Path) -> None:
    write_dataset(tmp_path, 1_000)
    data = _load.load_from(tmp_path, VERSION)
    name = data.systems[123].name
    with pytest.raises(sd.UnknownNameError) as info:
        data.system(name[:-1] + "x" + name[-1])
    assert name in info.value.suggestions


def test_the_generator_refuses_a_dataset_too_small() -> None:
    with pytest.raises(ValueError, match="two systems"):
        write_dataset(Path("unused"), 1)


def test_a_broken_synthetic_file_is_explained(
    synthetic: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    _, files = synthetic
    broken = tmp_path / VERSION
    broken.mkdir()
    for name, raw in files.items():
        (broken / name).write_bytes(raw.replace(b'"tank"', b'"spaceship"', 1))
    with pytest.raises(sd.DatasetError, match=r"systems\.json.*spaceship"):
        _load.load_from(tmp_path, VERSION)
