from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from soviet_dprk import _load


@pytest.fixture(autouse=True)
def _no_env_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_load.ENV_VAR, raising=False)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder, to break on purpose."""
    root = tmp_path / "data"
    shutil.copytree(str(_load.data_root()), root)
    return root
