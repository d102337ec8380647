"""Reliability under load and odd input: fresh-process threading, transitive walks, immutability."""

from __future__ import annotations

import subprocess
import sys
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

import soviet_dprk as sd

VERSIONS = sd.versions()


def test_sixteen_threads_in_a_fresh_interpreter_load_once() -> None:
    code = """
import threading, soviet_dprk
from soviet_dprk import _load
calls = []
real = _load.load_from
def counting(root, version):
    calls.append(version)
    return real(root, version)
_load.load_from = counting
barrier = threading.Barrier(16)
results = []
def worker():
    barrier.wait()
    results.append(soviet_dprk.origin_of("Type 58"))
threads = [threading.Thread(target=worker) for _ in range(16)]
for t in threads: t.start()
for t in threads: t.join()
assert len(calls) == 1, calls
assert len(results) == 16 and all(r == results[0] for r in results)
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (0, "ok\n") == (done.returncode, done.stdout), done.stderr


@pytest.mark.parametrize("version", VERSIONS)
def test_transitive_walks_terminate_without_repeats(version: str) -> None:
    data = sd.load(version)
    for system in data.systems:
        for walk in (data.derived_from, data.derivatives_of):
            edges = walk(system.id, transitive=True)
            assert len({e.id for e in edges}) == len(edges)
            depths = [e.depth for e in edges]
            assert depths == sorted(depths)
            direct = walk(system.id)
            assert all(e.depth == 1 for e in direct)
            assert {e.id for e in direct} == {e.id for e in edges if e.depth == 1}


@given(st.sampled_from([s.id for s in sd.load().systems]))
def test_origin_roots_are_foreign_or_the_system_itself(system_id: str) -> None:
    origin = sd.origin_of(system_id)
    if origin.system.origin is sd.Country.DPRK:
        assert all(r.origin is not sd.Country.DPRK for r in origin.roots)
    else:
        assert (origin.system,) == origin.roots
    assert set(origin.countries) == {r.origin for r in origin.roots}
    assert origin.confidence.rank >= 0


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_by_era_with_any_year_returns_overlapping_transfers(year: int) -> None:
    data = sd.load()
    for t in data.by_era(year):
        assert t.period.first <= year
        assert t.period.end is None or year <= t.period.end
    assert all(year in e for e in data.eras_at(year))


@pytest.mark.parametrize("bad", [True, False, b"1950", 1950.5, None, ["1950"]])
def test_years_reject_bools_bytes_and_floats(bad: object) -> None:
    with pytest.raises(TypeError):
        sd.eras_at(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        sd.by_era(bad)  # type: ignore[arg-type]


def test_everything_returned_is_immutable() -> None:
    data = sd.load()
    for collection in (data.systems, data.derivations, data.transfers, data.eras, data.sources):
        assert isinstance(collection, tuple)
    origin = data.origin_of("Type 58")
    assert isinstance(origin.roots, tuple)
    assert isinstance(origin.lineage, tuple)
    assert isinstance(data.by_era(1950), tuple)
    assert isinstance(data.system("Type 58").aliases, tuple)
    index = data._index
    for name in dir(index):
        value = getattr(index, name)
        if isinstance(value, dict):
            pytest.fail(f"index attribute {name} is a mutable dict")
        if isinstance(value, MappingProxyType):
            with pytest.raises(TypeError):
                value["x"] = 1  # type: ignore[index]
