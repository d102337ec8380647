from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import soviet_dprk as sd
from soviet_dprk import _dataset, _load


@pytest.fixture(autouse=True)
def _no_env_pin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test sees a pinned default, and none leaves its default behind for the next."""
    monkeypatch.delenv(_load.ENV_VAR, raising=False)
    saved = list(_dataset.default)
    _dataset.default.clear()
    yield
    _dataset.default[:] = saved


@pytest.fixture
def stray() -> str:
    """An unregistered version after the newest release, held to the same rules as it."""
    major = sd.versions()[-1].split(".")[0]
    return f"{major}.99.0"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the installed data folder and its registry: its versions are released."""
    root = tmp_path / "data"
    shutil.copytree(str(_load.data_root()), root)
    return root


@pytest.fixture
def draft(data_copy: Path) -> Path:
    """The same copy without its registry: every version in it is unreleased, so validated."""
    (data_copy / _load.REGISTRY).unlink()
    return data_copy
